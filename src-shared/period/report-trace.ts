/**
 * The appendix of a periodic report: every record behind every figure (TraceRow), one row each,
 * grouped by figure in the order the report prints them, so a reader can find each number's
 * records by their report numbers, titles and times.
 */
import type { PeriodTable } from '../report/period-report';
import type { ServiceStatus } from '../service/fold';
import type { ClockStatus } from '../sla/types';
import type { FigureId, TraceRow } from './types';
import { localized } from '../i18n/translate';
import type { Words } from './report-format';

const ORDER: FigureId[] = [
  'inspections_done',
  'inspections_due',
  'inspections_late',
  'findings',
  'faults',
  'sla_met',
  'sla_missed',
  'follow_ups',
  'sign_off_ratings',
  'spot_checks',
  'adverse_events',
  'late_responses',
  'late_resolutions',
  'notice_failures',
  'deliverables_missing',
];

const VALUE_LIST = ['excellent', 'good', 'poor', 'pass', 'fail', 'done', 'in_progress', 'due', 'late', 'upcoming', 'missing'] as const;
type Value = (typeof VALUE_LIST)[number];
/** The enum values the computations put in `value`; another (a future one) prints as it is. */
const VALUES = new Set<string>(VALUE_LIST);

const NAMED_LIST = ['no_written_report', 'no_penalty_level', 'signed', 'completed', 'draft', 'service_quality'] as const;
type Named = (typeof NAMED_LIST)[number];
const NAMED = new Set<string>(NAMED_LIST);
const CLOCK = new Set<string>(['met', 'met_late', 'running', 'breached', 'paused'] satisfies ClockStatus[]);
const RECORD = new Set<string>(['open', 'resolved', 'closed'] satisfies ServiceStatus[]);

/** A trace row's `value` in the report's words: every value the computations write has its own. */
function valueWords(row: TraceRow, w: Words): string {
  const value = row.value ?? '';
  if (VALUES.has(value)) return w.t(`period.report.value.${value as Value}`);
  if (CLOCK.has(value)) return w.t(`clock.status.${value as ClockStatus}`);
  if (RECORD.has(value)) return w.t(`svc.status.${value as ServiceStatus}`);
  if (NAMED.has(value)) return w.t(`period.report.value.${value as Named}`);
  if (row.figure === 'adverse_events') return w.t(value === 'true' ? 'period.report.value.adverse' : 'period.report.value.notAdverse');
  if (row.figure === 'notice_failures' && /^\d+(\.\d+)?$/.test(value)) return w.t('period.report.value.penalty', { percent: value });
  return value;
}

/** What the row is about: its system, unit or hardware group, by name. */
function subject(row: TraceRow, w: Words): string {
  const group = row.templateId === undefined ? undefined : w.template(row.templateId);
  return [w.system(row.systemId), w.asset(row.assetId), group].filter(Boolean).join(' · ');
}

function detail(row: TraceRow, w: Words): string {
  const parts: string[] = [];
  // A hardware group's label only stands in for its name when the report was not given it (see the subject column).
  if (row.label && row.templateId === undefined) parts.push(localized(w.locale, row.label));
  if (row.role) parts.push(w.role(row.role));
  if (row.levelId) parts.push(w.level(row.levelId));
  if (row.step) parts.push(w.step(row.step));
  if (row.minutes !== undefined) parts.push(w.t('period.report.minutes', { n: row.minutes }));
  if (row.value) parts.push(valueWords(row, w));
  return parts.join(' · ');
}

/**
 * One table per figure, in the order the report prints them, each row a record: what to look it
 * up by, when, where, and the detail that made it count (level, step, minutes, verdict). A record
 * listed but not counted (e.g. not yet due) says so in its detail.
 */
export function traceTables(rows: readonly TraceRow[], w: Words): PeriodTable[] {
  const groups = new Map<FigureId, TraceRow[]>();
  for (const row of rows) {
    const list = groups.get(row.figure);
    if (list) list.push(row);
    else groups.set(row.figure, [row]);
  }
  return ORDER.filter((figure) => groups.has(figure)).map((figure) => {
    const list = groups.get(figure)!;
    return {
      type: 'table',
      title: w.t('period.report.traceGroup', { figure: w.t(`period.report.figure.${figure}`), n: list.length }),
      columns: [
        { header: w.t('period.report.col.reference'), weight: 2.3, align: 'left' },
        { header: w.t('period.report.col.time'), weight: 1.9, align: 'left' },
        { header: w.t('period.report.col.subject'), weight: 2.8, align: 'left' },
        { header: w.t('period.report.col.detail'), weight: 4, align: 'left' },
      ],
      rows: list.map((row) => [
        row.reference,
        w.at(row.at),
        subject(row, w) || (row.label && row.templateId !== undefined ? localized(w.locale, row.label) : ''),
        row.counted ? detail(row, w) : [detail(row, w), w.t('period.report.notCounted')].filter(Boolean).join(' · '),
      ]),
      empty: '',
    };
  });
}
