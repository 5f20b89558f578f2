/**
 * The dashboard's charts as data (issue 12 point 5): each spec holds the ECharts option, a sentence
 * that sums it up and the table of its numbers, built from the same computed figures the periodic
 * reports print (src-shared/period/), so the screen and the PDF never disagree.
 */
import type { Contract } from '../../../src-shared/catalog/reference';
import type { LocalizedText } from '../../../src-shared/catalog/schema';
import type { Annex004Result, ContractPlan, PeriodFigures, PlanState } from '../../../src-shared/period/types';
import type { Translator } from '../../i18n/i18n';
import { windowLabel, windowShortLabel } from '../period/window-label';
import type { ChartOption } from './Chart';
import type { ChartSpec } from './ChartCard';

const STATE_COLOURS: Record<PlanState, string> = { done: '#1a7f37', in_progress: '#0b6bcb', due: '#d4a72c', late: '#c62828', upcoming: '#b6c2cd' };
const PLAN_STATES: PlanState[] = ['done', 'in_progress', 'due', 'late', 'upcoming'];

/**
 * Bars by category. Long names (systems, deliverables) lie along a horizontal bar chart, where they
 * have the width to be read; windows stand under vertical bars.
 */
function bars(categories: string[], series: { name: string; data: number[]; colour: string }[], stacked = false, horizontal = false): ChartOption {
  const categoryAxis = { type: 'category' as const, data: categories, axisLabel: { interval: 0, rotate: !horizontal && categories.length > 6 ? 35 : 0, fontSize: 11, ...(horizontal ? { width: 150, overflow: 'truncate' as const } : {}) } };
  const valueAxis = { type: 'value' as const, minInterval: 1 };
  return {
    grid: { left: horizontal ? 160 : 40, right: 24, top: series.length > 1 ? 34 : 22, bottom: horizontal ? 20 : 50 },
    ...(series.length > 1 ? { legend: { top: 0 } } : {}),
    ...(horizontal ? { xAxis: valueAxis, yAxis: { ...categoryAxis, inverse: true } } : { xAxis: categoryAxis, yAxis: valueAxis }),
    series: series.map((s) => ({
      type: 'bar' as const,
      name: s.name,
      data: s.data,
      itemStyle: { color: s.colour },
      ...(stacked ? { stack: 'all' } : {}),
      label: { show: !stacked, position: horizontal ? ('right' as const) : ('top' as const) },
    })),
  };
}

export function planSpec(tr: Translator, plan: ContractPlan): ChartSpec {
  const { t } = tr;
  const labels = plan.windows.map((w) => windowShortLabel(tr, w));
  const count = (state: PlanState): number[] => plan.windows.map((w) => plan.cells.filter((c) => c.window.start === w.start && c.state === state).length);
  const rows = plan.windows.map((w, i) => [windowLabel(tr, w), ...PLAN_STATES.map((s) => count(s)[i]!)]);
  return {
    id: 'plan',
    title: t('period.dash.plan'),
    summary: t('period.dash.planSummary', { done: plan.counts.done, due: plan.counts.due, late: plan.counts.late, upcoming: plan.counts.upcoming, progress: plan.counts.in_progress }),
    ...(plan.windows.length > 0 ? { option: bars(labels, PLAN_STATES.map((s) => ({ name: t(`period.state.${s}`), data: count(s), colour: STATE_COLOURS[s] })), true) } : {}),
    table: { head: [t('period.dash.window'), ...PLAN_STATES.map((s) => t(`period.state.${s}`))], rows },
  };
}

/** The days a contract-to-date figure covers: the contract's first day to today (or its last). */
export interface Scope {
  start: string;
  end: string;
}

export function lateSpec(tr: Translator, plan: ContractPlan, scope: Scope): ChartSpec {
  const { t, l } = tr;
  const late = plan.cells.filter((c) => c.state === 'late');
  const byWindow = plan.windows.map((w) => late.filter((c) => c.window.start === w.start).length);
  return {
    id: 'late',
    title: t('period.dash.late'),
    summary: t('period.dash.lateToDate', { ...scope, count: late.length }),
    ...(late.length > 0 ? { option: bars(plan.windows.map((w) => windowShortLabel(tr, w)), [{ name: t('period.state.late'), data: byWindow, colour: STATE_COLOURS.late }]) } : {}),
    table: { head: [t('period.dash.window'), t('period.plan.target')], rows: late.map((c) => [windowLabel(tr, c.window), l(c.target.name)]) },
  };
}

export function findingsSpec(tr: Translator, contract: Contract, figures: PeriodFigures, templateNames: ReadonlyMap<string, LocalizedText>): ChartSpec {
  const { t, l } = tr;
  // Findings on hardware are keyed by their group (`type:<templateId>`), systems by their id.
  const name = (id: string): string => {
    const system = contract.systems.find((s) => s.id === id);
    const group = id.startsWith('type:') ? templateNames.get(id.slice('type:'.length)) : undefined;
    return system ? l(system.name) : group ? l(group) : id;
  };
  const rows = figures.findingsBySystem.map((c) => [name(c.key), c.count]);
  const total = figures.findingsBySystem.reduce((n, c) => n + c.count, 0);
  return {
    id: 'findings',
    title: t('period.dash.findings'),
    summary: t('period.dash.findingsSummary', { count: total }),
    ...(total > 0 ? { option: bars(rows.map((r) => String(r[0])), [{ name: t('period.dash.findings'), data: figures.findingsBySystem.map((c) => c.count), colour: '#0b6bcb' }], false, true) } : {}),
    table: { head: [t('period.eval.system'), t('period.eval.count')], rows },
  };
}

export function faultsSpec(tr: Translator, contract: Contract, figures: PeriodFigures): ChartSpec {
  const { t, l } = tr;
  const name = (id: string): string => {
    const level = contract.faultLevels.find((f) => f.id === id);
    return level ? l(level.name) : t('period.dash.unclassified');
  };
  const data = figures.faultsByLevel.map((c) => ({ name: name(c.key), value: c.count }));
  const total = data.reduce((n, d) => n + d.value, 0);
  return {
    id: 'faults',
    title: t('period.dash.faults'),
    summary: t('period.dash.faultsSummary', { count: total }),
    ...(total > 0
      ? { option: { legend: { bottom: 0, type: 'scroll' }, series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'], data, label: { formatter: '{c}' } }] } satisfies ChartOption }
      : {}),
    table: { head: [t('period.eval.level'), t('period.eval.count')], rows: data.map((d) => [d.name, d.value]) },
  };
}

export function slaSpec(tr: Translator, figures: PeriodFigures): ChartSpec {
  const { t } = tr;
  const steps = figures.sla.byStep;
  const percent = figures.sla.compliancePercent;
  return {
    id: 'sla',
    title: t('period.dash.sla'),
    summary: percent === null ? t('period.dash.slaNone') : t('period.dash.slaSummary', { percent: Math.round(percent * 10) / 10 }),
    ...(steps.some((s) => s.met + s.missed + s.open > 0)
      ? {
          option: bars(
            steps.map((s) => t(`period.dash.step.${s.step}`)),
            [
              { name: t('period.dash.met'), data: steps.map((s) => s.met), colour: '#1a7f37' },
              { name: t('period.dash.missed'), data: steps.map((s) => s.missed), colour: '#c62828' },
              { name: t('period.dash.open'), data: steps.map((s) => s.open), colour: '#b6c2cd' },
            ],
            true,
          ),
        }
      : {}),
    table: { head: [t('period.dash.step'), t('period.dash.met'), t('period.dash.missed'), t('period.dash.open')], rows: steps.map((s) => [t(`period.dash.step.${s.step}`), s.met, s.missed, s.open]) },
  };
}

export function followUpSpec(tr: Translator, figures: PeriodFigures): ChartSpec {
  const { t } = tr;
  const f = figures.followUps;
  const rows: [string, number][] = [
    [t('period.dash.rating.excellent'), f.excellent],
    [t('period.dash.rating.good'), f.good],
    [t('period.dash.rating.poor'), f.poor],
    [t('period.dash.followUpMissing'), f.missing],
  ];
  const total = rows.reduce((n, r) => n + r[1], 0);
  return {
    id: 'follow-ups',
    title: t('period.dash.followUps'),
    summary: t('period.dash.followUpsSummary', { excellent: f.excellent, good: f.good, poor: f.poor, missing: f.missing }),
    ...(total > 0
      ? { option: { grid: { left: 40, right: 12, top: 22, bottom: 30 }, xAxis: { type: 'category', data: rows.map((r) => r[0]) }, yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'bar', data: rows.map((r, i) => ({ value: r[1], itemStyle: { color: ['#1a7f37', '#0b6bcb', '#c62828', '#9a6700'][i] } })), label: { show: true, position: 'top' } }] } satisfies ChartOption }
      : {}),
    table: { head: [t('period.dash.rating'), t('period.eval.count')], rows },
  };
}

export function deliverablesSpec(tr: Translator, missing: { name: string; missing: number; due: number }[], scope: Scope): ChartSpec {
  const { t } = tr;
  const total = missing.reduce((n, m) => n + m.missing, 0);
  return {
    id: 'deliverables',
    title: t('period.dash.deliverables'),
    summary: t('period.dash.deliverablesToDate', { ...scope, count: total }),
    ...(missing.length > 0
      ? { option: bars(missing.map((m) => m.name), [{ name: t('period.dash.deliverablesIn'), data: missing.map((m) => m.due - m.missing), colour: '#1a7f37' }, { name: t('period.dash.deliverablesMissing'), data: missing.map((m) => m.missing), colour: '#c62828' }], true, true) }
      : {}),
    table: { head: [t('period.deliv.what'), t('period.dash.deliverablesDueToDate'), t('period.dash.deliverablesMissingToDate')], rows: missing.map((m) => [m.name, m.due, m.missing]) },
  };
}

export function gradeSpec(tr: Translator, result: Annex004Result): ChartSpec {
  const { t } = tr;
  const sections = result.sections;
  return {
    id: 'grade',
    title: t('period.dash.grade'),
    summary: t('period.dash.gradeSummary', { window: windowLabel(tr, result.window), grade: result.grade ? t(`period.eval.grade.${result.grade}`) : t('period.eval.grade.none'), gaps: result.gaps.length }),
    ...(sections.some((s) => s.percent !== null)
      ? {
          option: {
            grid: { left: 40, right: 12, top: 22, bottom: 30 },
            xAxis: { type: 'category', data: sections.map((s) => t(`period.eval.evaluator.${s.evaluator}`)) },
            yAxis: { type: 'value', min: 0, max: 100 },
            series: [{ type: 'bar', data: sections.map((s) => s.percent ?? 0), itemStyle: { color: '#0b6bcb' }, label: { show: true, position: 'top', formatter: '{c}%' } }],
          } satisfies ChartOption,
        }
      : {}),
    table: {
      head: [t('period.eval.evaluatorCol'), t('period.eval.rateCol'), t('period.eval.rateGradeCol'), t('period.eval.adverseCol')],
      rows: sections.map((s) => [
        t(`period.eval.evaluator.${s.evaluator}`),
        s.percent === null ? '—' : `${Math.round(s.percent * 10) / 10}% (${s.passed}/${s.checked})`,
        s.rateGrade ? t(`period.eval.grade.${s.rateGrade}`) : '—',
        t(`period.eval.grade.${s.adverseGrade}`),
      ]),
    },
  };
}
