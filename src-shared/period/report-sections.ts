/**
 * The sections every periodic report draws from (issue 12 point 4): inspections done vs due,
 * findings by system, faults by level, records by kind, SLA compliance, follow-up satisfaction
 * and the deliverables register. Each is a table with its chart; zero prints where zero is true,
 * "—" where nothing can be computed (a compliance with nothing due), and a section with no
 * records says so instead of drawing an empty chart.
 */
import type { Contract } from '../catalog/reference';
import { localized } from '../i18n/translate';
import type { PeriodBlock, PeriodChart, PeriodSection } from '../report/period-report';
import type { DeliverableEntry } from './deliverable';
import type { ContractPlan, CountBy, PeriodFigures, PeriodWindow } from './types';
import type { Words } from './report-format';

const n = (value: number): string => String(value);

function countTable(title: string, keyHeader: string, rows: readonly CountBy[], name: (key: string) => string, w: Words, empty: string): PeriodBlock {
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return {
    type: 'table',
    title,
    columns: [
      { header: keyHeader, weight: 5, align: 'left' },
      { header: w.t('period.report.col.count'), weight: 1.5, align: 'right' },
    ],
    rows: rows.length === 0 ? [] : [...rows.map((r) => [name(r.key), n(r.count)]), [w.t('period.report.total'), n(total)]],
    empty,
  };
}

function countChart(chart: 'bar' | 'pie', title: string, rows: readonly CountBy[], name: (key: string) => string, w: Words, empty: string): PeriodChart {
  const shown = rows.filter((r) => r.count > 0);
  return { type: 'chart', chart, title, categories: shown.map((r) => name(r.key)), series: [{ name: w.t('period.report.col.count'), values: shown.map((r) => r.count) }], empty, unit: '' };
}

export function inspectionsSection(figures: PeriodFigures, plan: ContractPlan | undefined, window: PeriodWindow, w: Words): PeriodSection {
  const p = figures.plan;
  // `due` counts every target whose window has opened (done or not); late and in progress are parts of it.
  const blocks: PeriodBlock[] = [
    {
      type: 'fields',
      rows: [
        { label: w.t('period.report.plan.due'), value: n(p.due) },
        { label: w.t('period.report.plan.done'), value: n(p.done) },
        { label: w.t('period.report.plan.inProgress'), value: n(p.inProgress) },
        { label: w.t('period.report.plan.late'), value: n(p.late) },
        { label: w.t('period.report.plan.upcoming'), value: n(p.upcoming) },
      ],
    },
  ];
  // Per window of the plan inside the report's window (a year has 12 months or 4 quarters): done vs not.
  const windows = plan?.windows.filter((x) => x.start >= window.start && x.end <= window.end) ?? [];
  if (plan && windows.length > 1) {
    const count = (x: PeriodWindow, states: string[]): number => plan.cells.filter((c) => c.window.start === x.start && states.includes(c.state)).length;
    blocks.push({
      type: 'chart',
      chart: 'stacked_bar',
      title: w.t('period.report.chart.doneByWindow'),
      categories: windows.map((x) => `${x.start.slice(5)}～${x.end.slice(5)}`),
      series: [
        { name: w.t('period.report.plan.done'), values: windows.map((x) => count(x, ['done'])), tone: 'good' },
        { name: w.t('period.report.plan.inProgress'), values: windows.map((x) => count(x, ['in_progress'])), tone: 'neutral' },
        { name: w.t('period.report.plan.late'), values: windows.map((x) => count(x, ['late'])), tone: 'bad' },
        { name: w.t('period.report.plan.dueNow'), values: windows.map((x) => count(x, ['due'])), tone: 'warn' },
        { name: w.t('period.report.plan.upcoming'), values: windows.map((x) => count(x, ['upcoming'])), tone: 'neutral' },
      ],
      empty: '',
      unit: '',
    });
  } else {
    const categories = [w.t('period.report.plan.due'), w.t('period.report.plan.done'), w.t('period.report.plan.inProgress'), w.t('period.report.plan.late')];
    const values = [p.due, p.done, p.inProgress, p.late];
    const any = values.some((v) => v > 0);
    blocks.push({ type: 'chart', chart: 'bar', title: w.t('period.report.chart.doneVsDue'), categories: any ? categories : [], series: [{ name: w.t('period.report.col.count'), values: any ? values : [] }], empty: w.t('period.report.noPlan'), unit: '' });
  }
  return { heading: w.t('period.report.section.inspections'), blocks };
}

export function findingsSection(figures: PeriodFigures, w: Words): PeriodSection {
  const empty = w.t('period.report.noFindings');
  const rows = figures.findingsBySystem;
  return {
    heading: w.t('period.report.section.findings'),
    blocks: [countTable(w.t('period.report.section.findings'), w.t('period.report.col.system'), rows, w.system, w, empty), countChart('bar', w.t('period.report.chart.findings'), rows, w.system, w, empty)],
  };
}

export function faultsSection(figures: PeriodFigures, w: Words): PeriodSection {
  const empty = w.t('period.report.noFaults');
  const kindName = (key: string): string => w.t(`report.service.kind.${key}` as Parameters<Words['t']>[0]);
  return {
    heading: w.t('period.report.section.faults'),
    blocks: [
      countTable(w.t('period.report.faultsByLevel'), w.t('period.report.col.level'), figures.faultsByLevel, w.level, w, empty),
      countChart('pie', w.t('period.report.faultsByLevel'), figures.faultsByLevel, w.level, w, empty),
      countTable(w.t('period.report.recordsByKind'), w.t('period.report.col.kind'), figures.recordsByKind, kindName, w, w.t('period.report.noRecords')),
    ],
  };
}

export function slaSection(figures: PeriodFigures, w: Words): PeriodSection {
  const steps = figures.sla.byStep;
  const met = steps.reduce((s, r) => s + r.met, 0);
  const missed = steps.reduce((s, r) => s + r.missed, 0);
  return {
    heading: w.t('period.report.section.sla'),
    blocks: [
      { type: 'fields', rows: [{ label: w.t('period.report.sla.compliance'), value: w.percent(figures.sla.compliancePercent) }, { label: w.t('period.report.sla.metMissed'), value: w.t('period.report.sla.metMissedValue', { met, missed }) }] },
      {
        type: 'table',
        title: w.t('period.report.section.sla'),
        columns: [
          { header: w.t('period.report.col.step'), weight: 3, align: 'left' },
          { header: w.t('period.report.col.met'), weight: 1.5, align: 'right' },
          { header: w.t('period.report.col.missed'), weight: 1.5, align: 'right' },
          { header: w.t('period.report.col.open'), weight: 1.5, align: 'right' },
        ],
        rows: steps.map((r) => [w.step(r.step), n(r.met), n(r.missed), n(r.open)]),
        empty: w.t('period.report.noSla'),
      },
      {
        type: 'chart',
        chart: 'stacked_bar',
        title: w.t('period.report.chart.sla'),
        categories: steps.map((r) => w.step(r.step)),
        series: [
          { name: w.t('period.report.col.met'), values: steps.map((r) => r.met), tone: 'good' },
          { name: w.t('period.report.col.missed'), values: steps.map((r) => r.missed), tone: 'bad' },
          { name: w.t('period.report.col.open'), values: steps.map((r) => r.open), tone: 'neutral' },
        ],
        empty: w.t('period.report.noSla'),
        unit: '',
      },
    ],
  };
}

export function followUpsSection(figures: PeriodFigures, contract: Contract, w: Words): PeriodSection {
  const f = figures.followUps;
  const rows: CountBy[] = [
    { key: 'excellent', count: f.excellent },
    { key: 'good', count: f.good },
    { key: 'poor', count: f.poor },
  ];
  const name = (key: string): string => w.t(`report.pdf.rating.${key as 'excellent' | 'good' | 'poor'}`);
  const done = f.excellent + f.good + f.poor;
  const blocks: PeriodBlock[] = [
    {
      type: 'fields',
      rows: [
        ...rows.map((r) => ({ label: name(r.key), value: n(r.count) })),
        // Only a contract that asks for calls can have calls missing; elsewhere it is not a number.
        { label: w.t('period.report.followUps.missing'), value: contract.followUpCalls ? n(f.missing) : '—' },
        { label: w.t('period.report.followUps.satisfied'), value: w.percent(done === 0 ? null : Math.round(((f.excellent + f.good) / done) * 1000) / 10) },
      ],
    },
    countChart('pie', w.t('period.report.chart.followUps'), rows, name, w, w.t('period.report.noFollowUps')),
  ];
  return { heading: w.t('period.report.section.followUps'), blocks };
}

/** How many report numbers a cell lists before "and n more". */
const LISTED_REPORTS = 10;

/**
 * The window's signed inspection reports: what a deliverable whose source is `inspection_reports`
 * is (the register stores nothing for it). Counted from the figures' done inspections.
 */
function signedReports(figures: PeriodFigures, w: Words): string[] | undefined {
  const numbers = [...new Set(figures.trace.filter((t) => t.figure === 'inspections_done' && t.counted && t.value === 'signed').map((t) => t.reference))];
  if (numbers.length === 0) return undefined;
  const shown = numbers.slice(0, LISTED_REPORTS).join(w.locale === 'en' ? ', ' : '、');
  const more = numbers.length > LISTED_REPORTS ? ` ${w.t('period.report.deliverable.more', { n: numbers.length - LISTED_REPORTS })}` : '';
  return [w.t('period.report.deliverable.inspections', { n: numbers.length }), `${shown}${more}`];
}

export function deliverablesSection(contract: Contract, window: PeriodWindow, entries: readonly DeliverableEntry[] | undefined, figures: PeriodFigures, w: Words): PeriodSection | undefined {
  if (contract.deliverables.length === 0) return undefined;
  const rows = contract.deliverables.map((d) => {
    if (d.source.kind === 'inspection_reports') {
      const signed = signedReports(figures, w);
      return [localized(w.locale, d.name), ...(signed ?? [w.t('period.report.deliverable.missing'), ''])];
    }
    const entry = entries?.find((e) => e.deliverableId === d.id && e.windowStart >= window.start && e.windowStart <= window.end);
    const value = entry?.current.value;
    const state = !value || value.state === 'withdrawn' ? w.t('period.report.deliverable.missing') : w.t(`period.report.deliverable.${value.state}`);
    const note = value?.state === 'not_applicable' ? value.reason : value?.state === 'attached' ? value.name : value?.state === 'produced' ? value.report.reportNumber : '';
    return [localized(w.locale, d.name), state, note];
  });
  return {
    heading: w.t('period.report.section.deliverables'),
    blocks: [
      ...(entries === undefined ? [{ type: 'paragraph' as const, text: w.t('period.report.deliverablesUnknown'), tone: 'note' as const }] : []),
      {
        type: 'table',
        title: w.t('period.report.section.deliverables'),
        columns: [
          { header: w.t('period.report.col.deliverable'), weight: 4, align: 'left' },
          { header: w.t('period.report.col.state'), weight: 2, align: 'left' },
          { header: w.t('period.report.col.note'), weight: 4, align: 'left' },
        ],
        rows,
        empty: '',
      },
    ],
  };
}
