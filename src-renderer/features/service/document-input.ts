/**
 * From a service record to what the main process prints (src-shared/report/service-document.ts):
 * pure functions, the record folded (service/fold.ts), its clocks read (sla/clock.ts) at `now`,
 * every time written in the device's zone and every word in the document's language. The store
 * caps what a record holds (SERVICE_LIMITS), so nothing here needs cutting but names from the
 * catalog, which are clipped to the model's fields.
 */
import type { Asset, Contract, Duration, FaultLevel, Hospital, PromiseStep } from '../../../src-shared/catalog/reference';
import type { LocalizedText } from '../../../src-shared/catalog/schema';
import { CATALOG_LIMITS } from '../../../src-shared/domain/limits';
import type { Locale, MessageKey, MessageParams } from '../../../src-shared/i18n/translate';
import type { ReportSignature } from '../../../src-shared/report/model';
import type {
  ServiceBlankRequest,
  ServiceDocumentKind,
  ServiceDocumentRequest,
  ServiceSlaRow,
  ServiceTimelineRow,
  SlaOutcome,
} from '../../../src-shared/report/service-document';
import { foldRecord, orderEvents, type ServiceState } from '../../../src-shared/service/fold';
import type { ServiceEvent, ServiceRecord, StepEvent } from '../../../src-shared/service/record';
import { clockStatus, scheduleClocks } from '../../../src-shared/sla/clock';
import type { CalendarData, ClockReading, ClockStatus } from '../../../src-shared/sla/types';

/** The translator the screens use (i18n/i18n.ts useT), in the document's language. */
export interface DocumentTranslator {
  locale: Locale;
  t(key: MessageKey, params?: MessageParams): string;
  l(text: LocalizedText): string;
}

export interface DocumentParts {
  record: ServiceRecord;
  hospital: Hospital;
  contract: Contract;
  /** The hospital's hardware units, to name an asset subject; systems come from the contract. */
  assets: readonly Asset[];
  /** The contract's calendar; absent falls back to Monday–Friday (the clock says which years). */
  calendar: CalendarData | undefined;
  /** Hex SHA-256 of the record's canonical JSON (crypto/canonical.ts canonicalHash). */
  recordHash: string;
  engineer: string;
  signatures: ReportSignature[];
  now: Date;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-03-14 09:30" in the device's zone, as inspection reports print their times. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2 小时 15 分钟", "3 天 4 小时", "5 分钟": whole minutes, never negative. */
export function formatSpan(tr: DocumentTranslator, ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return tr.t('report.service.span.days', { d, h });
  if (h > 0) return tr.t('report.service.span.hours', { h, m });
  return tr.t('report.service.span.minutes', { m });
}

function durationText(tr: DocumentTranslator, d: Duration): string {
  return d.amount === 0 ? tr.t('duration.immediate') : tr.t(`duration.${d.unit}`, { n: d.amount });
}

const PROMISES: readonly PromiseStep[] = ['respond', 'setOut', 'onSite', 'propose', 'resolve'];

/** "严重故障 · 响应 1 小时；出发 2 小时" with the outside-hours promises after, where the contract has them. */
export function levelText(tr: DocumentTranslator, level: FaultLevel | undefined, levelId: string): string {
  if (!level) return levelId;
  const item = (step: PromiseStep, d: Duration, outside: boolean): string => {
    const promise = tr.t(`report.service.promise.${step}`);
    return tr.t('report.service.promiseItem', { promise: outside ? tr.t('report.service.outsideHours', { promise }) : promise, target: durationText(tr, d) });
  };
  const items: string[] = [];
  for (const step of PROMISES) {
    const d = level[step];
    if (d) items.push(item(step, d, false));
  }
  for (const step of PROMISES) {
    const d = level.outsideHours?.[step];
    if (d) items.push(item(step, d, true));
  }
  const name = tr.l(level.name);
  return items.length ? `${name} · ${items.join(tr.t('report.service.promiseSeparator'))}` : name;
}

const OUTCOME: Record<ClockStatus, SlaOutcome> = { met: 'met', met_late: 'late', running: 'open', breached: 'overdue', paused: 'paused' };

export function slaRows(tr: DocumentTranslator, readings: readonly ClockReading[]): ServiceSlaRow[] {
  return readings.map((r) => {
    const outcome = OUTCOME[r.status];
    const promise = tr.t(`report.service.promise.${r.step}`);
    const late = r.doneAt !== undefined ? Date.parse(r.doneAt) - Date.parse(r.due) : 0;
    const outcomeText =
      outcome === 'met'
        ? tr.t('report.service.outcome.met')
        : outcome === 'late'
          ? tr.t('report.service.outcome.late', { duration: formatSpan(tr, late) })
          : tr.t(`report.service.outcome.${outcome}`, { duration: formatSpan(tr, r.remainingMs) });
    return {
      promise: r.basis === 'outside_hours' ? tr.t('report.service.outsideHours', { promise }) : promise,
      target: durationText(tr, r.target),
      due: formatTime(r.due),
      doneAt: r.doneAt ? formatTime(r.doneAt) : '',
      outcome,
      outcomeText,
    };
  });
}

/**
 * Every step as recorded, corrections and withdrawals with their reasons, pauses and resumes and
 * level changes, in the order of the times they claim (then of writing). What a later event
 * replaced stays, printed grey: the history is the record.
 */
export function timelineRows(tr: DocumentTranslator, record: ServiceRecord, contract: Contract): ServiceTimelineRow[] {
  const events = orderEvents(record.events);
  const steps = new Map(events.filter((e): e is StepEvent => e.type === 'step').map((e) => [e.id, e]));
  const replaced = new Set(events.flatMap((e) => (e.type === 'step' && e.corrects ? [e.corrects] : [])));
  const stepName = (e: StepEvent): string => tr.t(`report.service.step.${e.step}`);
  const rows: { at: string; order: number; row: ServiceTimelineRow }[] = [];
  const push = (at: string, e: ServiceEvent, label: string, detail = ''): void => {
    rows.push({ at, order: rows.length, row: { label, at: formatTime(at), detail, by: e.by, superseded: replaced.has(e.id) } });
  };
  let classified = false;
  for (const e of events) {
    if (e.type === 'step') {
      const old = e.corrects ? steps.get(e.corrects) : undefined;
      if (e.withdrawn) push(e.at, e, tr.t('report.service.withdrawn', { step: stepName(e) }), e.reason ? tr.t('report.service.withdrawnDetail', { reason: e.reason }) : '');
      else if (e.corrects) push(e.at, e, tr.t('report.service.corrected', { step: stepName(e) }), tr.t('report.service.correctionDetail', { old: old ? formatTime(old.at) : '—', reason: e.reason ?? '' }));
      else push(e.at, e, stepName(e));
    } else if (e.type === 'pause') push(e.at, e, tr.t('report.service.pause'), tr.t('report.service.reasonDetail', { reason: e.reason }));
    else if (e.type === 'resume') push(e.at, e, tr.t('report.service.resume'));
    else if (e.type === 'classify') {
      // The first classification is the record's level, printed above; only a change is an event of the timeline.
      if (classified) {
        const level = contract.faultLevels.find((l) => l.id === e.levelId);
        push(e.recordedAt, e, tr.t('report.service.classified', { level: level ? tr.l(level.name) : e.levelId }), e.reason ? tr.t('report.service.reasonDetail', { reason: e.reason }) : '');
      }
      classified = true;
    }
  }
  rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));
  return rows.map((r) => r.row);
}

/** The model's subject field (service-document.ts): a unit's name, tag, department and room. */
const SUBJECT_MAX = 2 * CATALOG_LIMITS.name + CATALOG_LIMITS.room + 40;

const clip = (text: string, max: number): string => (Array.from(text).length > max ? Array.from(text).slice(0, max).join('') : text);

function subjectText(tr: DocumentTranslator, record: ServiceRecord, hospital: Hospital, contract: Contract, assets: readonly Asset[]): { subject: string; department: string } {
  const s = record.subject;
  if (s.kind === 'system') {
    const system = contract.systems.find((x) => x.id === s.systemId);
    return { subject: system ? tr.l(system.name) : s.systemId, department: '' };
  }
  if (s.kind === 'asset') {
    const asset = assets.find((a) => a.id === s.assetId);
    if (!asset) return { subject: s.assetId, department: '' };
    const dept = hospital.campuses.find((c) => c.id === asset.campusId)?.departments.find((d) => d.id === asset.departmentId);
    const where = dept ? `${tr.l(dept.name)} / ${asset.room}` : asset.room;
    return { subject: `${tr.l(asset.name)} · ${asset.assetTag} · ${where}`, department: dept ? tr.l(dept.name) : '' };
  }
  return { subject: tr.l(contract.name), department: '' };
}

/** What `service.document.create` takes for this record. */
export function buildServiceDocument(tr: DocumentTranslator, document: ServiceDocumentKind, parts: DocumentParts): ServiceDocumentRequest {
  const { record, hospital, contract } = parts;
  const state: ServiceState = foldRecord(record);
  const schedule = scheduleClocks(state, contract, parts.calendar);
  const readings = clockStatus(schedule, parts.now);
  const { subject, department } = subjectText(tr, record, hospital, contract, parts.assets);
  const reporter = record.reporter;
  return {
    locale: tr.locale,
    document,
    recordId: record.id,
    recordHash: parts.recordHash,
    madeAt: parts.now.toISOString(),
    hospital: { id: hospital.id, name: clip(tr.l(hospital.name), CATALOG_LIMITS.name) },
    contract: { id: contract.id, name: clip(tr.l(contract.name), CATALOG_LIMITS.name) },
    title: state.texts.title,
    subject: clip(subject, SUBJECT_MAX),
    kind: tr.t(`report.service.kind.${state.kind}`),
    level: levelText(tr, contract.faultLevels.find((l) => l.id === state.levelId), state.levelId),
    reporter: [reporter.name, reporter.department, reporter.phone].filter((x): x is string => Boolean(x?.trim())).join(' · '),
    department: reporter.department?.trim() || department,
    channel: tr.t(`report.service.channel.${record.channel}`),
    status: tr.t(`report.service.status.${state.status}`),
    engineer: parts.engineer,
    origin: record.origin ? clip(tr.t('report.service.originText', { item: record.origin.itemLabel, inspection: record.origin.inspectionId }), 400) : '',
    texts: { description: state.texts.description, cause: state.texts.cause, workaround: state.texts.workaround, resolution: state.texts.resolution },
    timeline: timelineRows(tr, record, contract),
    clockNote: schedule.fallbackYears.length ? tr.t('report.service.fallbackNote', { years: schedule.fallbackYears.join(', ') }) : '',
    sla: slaRows(tr, readings),
    followUps: state.followUps.map((f) => ({
      at: formatTime(f.at),
      contact: [f.contact, f.phone].filter((x): x is string => Boolean(x?.trim())).join(' · '),
      rating: tr.t(`report.pdf.rating.${f.rating}`),
      comment: f.comment,
      by: f.by,
    })),
    signatures: parts.signatures,
  };
}

/** What `service.document.blank` takes: the record's header when there is one, the contract's levels to tick. */
export function buildServiceBlank(tr: DocumentTranslator, parts: Pick<DocumentParts, 'hospital' | 'contract' | 'assets'> & { record?: ServiceRecord }): ServiceBlankRequest {
  const { hospital, contract, record } = parts;
  const subject = record ? subjectText(tr, record, hospital, contract, parts.assets).subject : undefined;
  const title = record ? foldRecord(record).texts.title : '';
  return {
    locale: tr.locale,
    hospital: clip(tr.l(hospital.name), CATALOG_LIMITS.name),
    contract: clip(tr.l(contract.name), CATALOG_LIMITS.name),
    ...(subject ? { subject: clip(subject, SUBJECT_MAX) } : {}),
    ...(title ? { title } : {}),
    ...(record ? { recordId: record.id } : {}),
    levels: contract.faultLevels.slice(0, 10).map((l) => clip(tr.l(l.name), CATALOG_LIMITS.name)),
  };
}
