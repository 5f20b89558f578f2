/**
 * The maintenance records of a hospital and period as an .xlsx file (issue 11 item 7), built the
 * same way on the device and at the office: one row per record with every step's time and every
 * promised clock (time promised, due, done, outcome), then a sheet with every event. Times are
 * real Excel dates showing the wall clock in China, where the contracts count their hours.
 */
import ExcelJS from 'exceljs';
import type { Contract, Duration, Hospital, PromiseStep } from '../catalog/reference';
import { clockStatus, scheduleClocks } from '../sla/clock';
import type { CalendarData, ClockReading } from '../sla/types';
import { foldRecord, orderEvents, type ServiceState } from './fold';
import type { ServiceEvent, ServiceRecord, Step } from './record';
import { WORKBOOK_LABELS, type WorkbookLocale } from './workbook-labels';

export interface WorkbookRow {
  record: ServiceRecord;
  contract: Contract;
  hospital: Hospital;
  calendar?: CalendarData;
  /** The subject's name as the reader knows it (a system's or a hardware unit's). */
  systemName?: string;
  assetName?: string;
}

export interface WorkbookOptions {
  locale: WorkbookLocale;
  /** Clocks not done are read against this instant. */
  now: Date;
  /** Shown in the workbook's title; the caller chooses the rows. */
  period?: { from?: string; to?: string };
}

const CLOCK_STEPS: readonly PromiseStep[] = ['respond', 'setOut', 'onSite', 'propose', 'resolve'];
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DATE_FORMAT = 'yyyy-mm-dd hh:mm';

/**
 * Excel dates carry no zone: exceljs writes a Date's UTC fields. Shifting by China's offset (UTC+8
 * all year) makes the cell show the time in China, whatever the zone of the machine building it.
 */
export function excelChinaDate(iso: string): Date {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS);
}

const hoursText = (ms: number): string => (Math.round((ms / 3_600_000) * 10) / 10).toFixed(1).replace(/\.0$/, '');

function durationText(d: Duration, locale: WorkbookLocale): string {
  const L = WORKBOOK_LABELS[locale];
  return locale === 'zh-CN' ? `${d.amount} ${L.unit[d.unit]}` : `${d.amount} ${L.unit[d.unit]}`;
}

function outcomeText(c: ClockReading, now: Date, locale: WorkbookLocale): string {
  const L = WORKBOOK_LABELS[locale].outcome;
  if (c.status === 'met') return L.met;
  if (c.status === 'met_late') return L.late(hoursText(Date.parse(c.doneAt!) - Date.parse(c.due)));
  const over = now.getTime() - Date.parse(c.due);
  return c.status === 'breached' && over > 0 ? L.openLate(hoursText(over)) : L.open;
}

const stepAt = (state: ServiceState, ...steps: Step[]): Date | undefined => {
  const at = steps.map((s) => state.steps[s]?.at).filter((x): x is string => x !== undefined).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  return at === undefined ? undefined : excelChinaDate(at);
};

function pausedMs(state: ServiceState, now: Date): number {
  return state.pauses.reduce((sum, p) => sum + Math.max(0, (p.to ? Date.parse(p.to) : now.getTime()) - Date.parse(p.from)), 0);
}

function subjectName(row: WorkbookRow, locale: WorkbookLocale): string {
  const s = row.record.subject;
  if (s.kind === 'system') return row.systemName ?? row.contract.systems.find((x) => x.id === s.systemId)?.name[locale === 'en' ? 'en' : 'zh'] ?? s.systemId;
  if (s.kind === 'asset') return row.assetName ?? s.assetId;
  return WORKBOOK_LABELS[locale].contractWide;
}

function eventWhat(e: ServiceEvent, row: WorkbookRow, locale: WorkbookLocale): string {
  const L = WORKBOOK_LABELS[locale];
  const zh = locale === 'en' ? 'en' : 'zh';
  switch (e.type) {
    case 'step':
      return `${L.step[e.step]}${e.withdrawn ? `（${L.withdrawn}）` : ''}`;
    case 'text':
      return `${L.field[e.field]}：${e.value}`;
    case 'classify':
      return `${L.kind[e.kind]} · ${row.contract.faultLevels.find((l) => l.id === e.levelId)?.name[zh] ?? e.levelId}`;
    case 'pause':
      return e.reason;
    case 'resume':
      return '';
    case 'follow_up':
      return `${e.contact}${e.phone ? ` ${e.phone}` : ''} · ${L.rating[e.rating]}${e.comment ? ` · ${e.comment}` : ''}`;
    case 'document':
      return `${L.document[e.document]} ${e.number}`;
    case 'spot_check':
      return `${L.evaluator[e.evaluator]} · ${L.spotResult[e.result]}${e.note ? ` · ${e.note}` : ''}`;
    case 'assess':
      return `${L.adverse[e.adverseEvent ? 'yes' : 'no']} · ${L.notice[e.noticeFailure ? 'yes' : 'no']}`;
  }
}

export async function buildServiceWorkbook(rows: readonly WorkbookRow[], options: WorkbookOptions): Promise<Uint8Array> {
  const { locale, now } = options;
  const L = WORKBOOK_LABELS[locale];
  const H = L.headers;
  const zh = locale === 'en' ? 'en' : 'zh';
  const book = new ExcelJS.Workbook();
  book.created = now;
  book.title = [L.sheet, options.period?.from, options.period?.to].filter(Boolean).join(' ');

  const sheet = book.addWorksheet(L.sheet, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  const date = { width: 17, style: { numFmt: DATE_FORMAT } };
  // 响应承诺时限 reads as one word in Chinese; English needs the space ("Response promised").
  const clockHeader = (step: PromiseStep, column: keyof typeof L.clockColumns): string => [L.clock[step], L.clockColumns[column]].join(locale === 'en' ? ' ' : '');
  const clockColumns = CLOCK_STEPS.flatMap((step) => [
    { header: clockHeader(step, 'target'), key: `${step}.target`, width: 14 },
    { header: clockHeader(step, 'due'), key: `${step}.due`, ...date },
    { header: clockHeader(step, 'done'), key: `${step}.done`, ...date },
    { header: clockHeader(step, 'outcome'), key: `${step}.outcome`, width: 20 },
  ]);
  sheet.columns = [
    { header: H.id, key: 'id', width: 22 },
    { header: H.hospital, key: 'hospital', width: 22 },
    { header: H.contract, key: 'contract', width: 28 },
    { header: H.subject, key: 'subject', width: 20 },
    { header: H.title, key: 'title', width: 30 },
    { header: H.kind, key: 'kind', width: 10 },
    { header: H.level, key: 'level', width: 12 },
    { header: H.reporter, key: 'reporter', width: 16 },
    { header: H.channel, key: 'channel', width: 10 },
    { header: H.reported, key: 'reported', ...date },
    { header: H.responded, key: 'responded', ...date },
    { header: H.setOut, key: 'setOut', ...date },
    { header: H.onSite, key: 'onSite', ...date },
    { header: H.resolved, key: 'resolved', ...date },
    { header: H.closed, key: 'closed', ...date },
    { header: H.status, key: 'status', width: 9 },
    ...clockColumns,
    { header: H.paused, key: 'paused', width: 10 },
    { header: H.followUpRating, key: 'followUpRating', width: 9 },
    { header: H.followUpContact, key: 'followUpContact', width: 12 },
    { header: H.followUpAt, key: 'followUpAt', ...date },
    { header: H.description, key: 'description', width: 40 },
    { header: H.cause, key: 'cause', width: 30 },
    { header: H.workaround, key: 'workaround', width: 30 },
    { header: H.resolution, key: 'resolution', width: 40 },
  ];
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF2F7' } };

  const events = book.addWorksheet(L.eventsSheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  const E = L.eventHeaders;
  events.columns = [
    { header: E.id, key: 'record', width: 22 },
    { header: E.event, key: 'event', width: 12 },
    { header: E.recordedAt, key: 'recordedAt', ...date },
    { header: E.by, key: 'by', width: 12 },
    { header: E.what, key: 'what', width: 50 },
    { header: E.at, key: 'at', ...date },
    { header: E.corrects, key: 'corrects', width: 18 },
    { header: E.reason, key: 'reason', width: 30 },
  ];
  events.getRow(1).font = { bold: true };

  for (const row of rows) {
    const { record, contract } = row;
    const state = foldRecord(record);
    const clocks = new Map(clockStatus(scheduleClocks(state, contract, row.calendar), now).map((c) => [c.step, c]));
    const level = contract.faultLevels.find((l) => l.id === state.levelId);
    const followUp = state.followUps.at(-1);
    const values: Record<string, string | number | Date | undefined> = {
      id: record.id,
      hospital: row.hospital.name[zh],
      contract: contract.name[zh],
      subject: subjectName(row, locale),
      title: state.texts.title,
      kind: L.kind[state.kind],
      level: level?.name[zh] ?? state.levelId,
      reporter: [record.reporter.name, record.reporter.department].filter(Boolean).join(' · '),
      channel: L.channel[record.channel],
      reported: stepAt(state, 'reported'),
      responded: stepAt(state, 'responded'),
      setOut: stepAt(state, 'set_out'),
      onSite: stepAt(state, 'arrived', 'remote_started'),
      resolved: stepAt(state, 'resolved', 'solution_proposed'),
      closed: stepAt(state, 'closed'),
      status: L.status[state.status],
      paused: state.pauses.length ? L.hours(hoursText(pausedMs(state, now))) : undefined,
      followUpRating: followUp && L.rating[followUp.rating],
      followUpContact: followUp?.contact,
      followUpAt: followUp && excelChinaDate(followUp.at),
      description: state.texts.description || state.texts.title,
      cause: state.texts.cause,
      workaround: state.texts.workaround,
      resolution: state.texts.resolution,
    };
    for (const step of CLOCK_STEPS) {
      const c = clocks.get(step);
      if (!c) continue;
      values[`${step}.target`] = durationText(c.target, locale) + (c.basis === 'outside_hours' ? L.outsideHours : '');
      values[`${step}.due`] = excelChinaDate(c.due);
      values[`${step}.done`] = c.doneAt === undefined ? undefined : excelChinaDate(c.doneAt);
      values[`${step}.outcome`] = outcomeText(c, now, locale);
    }
    const added = sheet.addRow(values);
    added.alignment = { vertical: 'top', wrapText: true };
    for (const e of orderEvents(record.events)) {
      events.addRow({
        record: record.id,
        event: L.eventType[e.type],
        recordedAt: excelChinaDate(e.recordedAt),
        by: e.by,
        what: eventWhat(e, row, locale),
        at: 'at' in e ? excelChinaDate(e.at) : undefined,
        corrects: e.type === 'step' ? e.corrects : undefined,
        reason: 'reason' in e ? e.reason : undefined,
      });
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  const buffer = await book.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
