/**
 * The dashboard's panels: each a chart (inline SVG, charts.ts) with the table that says the same in
 * words and numbers, or a sentence where there is nothing to draw. Nothing is drawn for a number
 * that was not computed.
 */
import type { EvaluationGap } from '../../src-shared/period/types';
import { chartSvg, COLORS, type ChartSpec } from './charts';
import type { DashboardModel, SummaryRow } from './dashboard-model';
import { html, type SafeHtml } from './html';
import type { Translate } from './i18n';

const CHART = { width: 540, height: 260 };

export const percentText = (t: Translate, p: number | null): string => (p === null ? t('dash.noValue') : t('dash.percent', { n: Math.round(p * 10) / 10 }));
const num = (t: Translate, n: number | null | undefined): string => (n === null || n === undefined ? t('dash.noValue') : String(n));
const range = (t: Translate, w: { start: string; end: string } | undefined): string => (w ? t('dash.range', { start: w.start, end: w.end }) : t('dash.noValue'));

function panel(id: string, title: string, chart: SafeHtml | undefined, body: SafeHtml): SafeHtml {
  return html`<section class="panel" id="${id}"><h2>${title}</h2>${chart ? html`<figure class="chart">${chart}</figure>` : ''}${body}</section>`;
}

function chart(spec: ChartSpec, label: string, height = CHART.height): SafeHtml {
  return chartSvg(spec, { width: CHART.width, height, label });
}

/** Rows per contract, taller when there are many. */
const barsHeight = (n: number): number => Math.max(140, 48 + n * 34);

/** A contract by its hospital's name, with the contract's own where that hospital has several in the rows. */
const contractLabel = (r: { hospital: string; contract: string }, rows: readonly { hospital: string; contract: string }[]): string =>
  new Set(rows.filter((x) => x.hospital === r.hospital).map((x) => x.contract)).size > 1 ? `${r.hospital} · ${r.contract}` : r.hospital;

export function planPanel(t: Translate, m: DashboardModel): SafeHtml {
  const rows = m.summary.filter((r) => r.due !== null);
  if (!m.plan || !rows.length) return panel('plan', t('dash.plan.title'), undefined, html`<p class="muted">${t('dash.noValue')}</p>`);
  const open = (r: SummaryRow): number => r.due! - r.done! - r.late! - r.inProgress!;
  const spec: ChartSpec = {
    kind: 'bar',
    horizontal: true,
    categories: rows.map((r) => contractLabel(r, rows)),
    series: [
      { name: t('dash.state.done'), values: rows.map((r) => r.done!), color: COLORS.done, stack: 'plan' },
      { name: t('dash.state.in_progress'), values: rows.map((r) => r.inProgress!), color: COLORS.progress, stack: 'plan' },
      { name: t('dash.state.due'), values: rows.map(open), color: COLORS.due, stack: 'plan' },
      { name: t('dash.state.late'), values: rows.map((r) => r.late!), color: COLORS.late, stack: 'plan' },
    ],
  };
  const p = m.plan;
  const table = html`<p>${t('dash.plan.text', { done: p.done, due: p.due - p.done - p.late - p.inProgress, late: p.late, inProgress: p.inProgress, total: p.due })}</p>
    <table data-table="plan"><thead><tr><th>${t('dash.col.contract')}</th><th>${t('dash.col.window')}</th><th>${t('dash.col.done')}</th><th>${t('dash.col.due')}</th><th>${t('dash.col.late')}</th><th>${t('dash.col.inProgress')}</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr data-contract="${r.contractId}"><td>${contractLabel(r, rows)}</td><td class="nowrap">${range(t, r.window)}</td><td>${r.done}</td><td>${r.due}</td><td>${r.late}</td><td>${r.inProgress}</td></tr>`)}</tbody></table>`;
  return panel('plan', t('dash.plan.title'), chart(spec, t('dash.plan.title'), barsHeight(rows.length)), table);
}

/**
 * Per contract, the window's count beside the contract's so far, each with its dates: the device's
 * dashboard counts the contract so far, so a reader comparing the two sees which is which.
 */
function scopeList(t: Translate, m: DashboardModel, kind: 'late' | 'deliverables'): SafeHtml {
  const rows = m.summary.filter((r) => r.window && r.toDate && (kind === 'late' ? r.late !== null : r.deliverablesMissing !== null));
  const key = kind === 'late' ? 'dash.scope.late' : 'dash.scope.deliverables';
  const items = rows.map((r) => {
    const count = kind === 'late' ? r.late : r.deliverablesMissing;
    const toDate = kind === 'late' ? r.lateToDate : r.deliverablesMissingToDate;
    return html`<li data-scope="${r.contractId}">${t(key, { contract: contractLabel(r, rows), start: r.window!.start, end: r.window!.end, count: num(t, count), toDateStart: r.toDate!.start, toDateEnd: r.toDate!.end, toDate: num(t, toDate) })}</li>`;
  });
  return items.length ? html`<ul class="facts" data-scopes="${kind}">${items}</ul>` : html``;
}

export function latePanel(t: Translate, m: DashboardModel): SafeHtml {
  if (!m.late.length) return panel('late', t('dash.late.title'), undefined, html`<p class="muted">${t('dash.late.none')}</p>${scopeList(t, m, 'late')}`);
  const byContract = [...new Map(m.late.map((r) => [`${r.hospital}|${r.contract}`, r])).values()];
  const spec: ChartSpec = {
    kind: 'bar',
    horizontal: true,
    categories: byContract.map((r) => contractLabel(r, byContract)),
    series: [{ name: t('dash.state.late'), values: byContract.map((r) => m.late.filter((x) => x.hospital === r.hospital && x.contract === r.contract).length), color: COLORS.late }],
  };
  const table = html`<table data-table="late"><thead><tr><th>${t('dash.col.contract')}</th><th>${t('dash.col.window')}</th><th>${t('dash.col.target')}</th><th>${t('dash.col.units')}</th></tr></thead>
    <tbody>${m.late.map((r) => html`<tr><td>${contractLabel(r, m.late)}</td><td class="nowrap">${range(t, r.window)}</td><td>${r.target}</td><td>${r.units ? `${r.units.done} / ${r.units.total}` : ''}</td></tr>`)}</tbody></table>`;
  return panel('late', t('dash.late.title'), chart(spec, t('dash.late.title'), barsHeight(byContract.length)), html`${scopeList(t, m, 'late')}${table}`);
}

export function findingsPanel(t: Translate, m: DashboardModel): SafeHtml {
  if (!m.findings.length) return panel('findings', t('dash.findings.title'), undefined, html`<p class="muted">${t('dash.findings.none')}</p>`);
  const top = m.findings.slice(0, 12);
  const spec: ChartSpec = { kind: 'bar', horizontal: true, categories: top.map((r) => r.name), series: [{ name: t('dash.col.findings'), values: top.map((r) => r.count), color: COLORS.neutral }] };
  const table = html`<table data-table="findings"><thead><tr><th>${t('dash.col.hospital')}</th><th>${t('dash.col.system')}</th><th>${t('dash.col.count')}</th></tr></thead>
    <tbody>${m.findings.map((r) => html`<tr><td>${r.hospital}</td><td>${r.name}</td><td>${r.count}</td></tr>`)}</tbody></table>`;
  return panel('findings', t('dash.findings.title'), chart(spec, t('dash.findings.title'), barsHeight(top.length)), table);
}

export function faultsPanel(t: Translate, m: DashboardModel): SafeHtml {
  if (!m.faults.length) return panel('faults', t('dash.faults.title'), undefined, html`<p class="muted">${t('dash.faults.none')}</p>`);
  const levels = new Map<string, number>();
  for (const r of m.faults) levels.set(r.name || t('dash.unclassified'), (levels.get(r.name || t('dash.unclassified')) ?? 0) + r.count);
  // Bars rather than a pie: the contracts' levels are many (seed 004 alone has eleven) and their names long.
  const spec: ChartSpec = { kind: 'bar', horizontal: true, categories: [...levels.keys()], series: [{ name: t('dash.col.faults'), values: [...levels.values()], color: COLORS.late }] };
  const table = html`<table data-table="faults"><thead><tr><th>${t('dash.col.contract')}</th><th>${t('dash.col.level')}</th><th>${t('dash.col.count')}</th></tr></thead>
    <tbody>${m.faults.map((r) => html`<tr><td>${contractLabel(r, m.faults)}</td><td>${r.name || t('dash.unclassified')}</td><td>${r.count}</td></tr>`)}</tbody></table>`;
  return panel('faults', t('dash.faults.title'), chart(spec, t('dash.faults.title'), barsHeight(levels.size)), table);
}

export function slaPanel(t: Translate, m: DashboardModel): SafeHtml {
  const s = m.sla;
  if (!s.byStep.length) return panel('sla', t('dash.sla.title'), undefined, html`<p class="muted">${t('dash.sla.none')}</p>`);
  const spec: ChartSpec = {
    kind: 'bar',
    categories: s.byStep.map((r) => t(`dash.step.${r.step}`)),
    series: [
      { name: t('dash.col.met'), values: s.byStep.map((r) => r.met), color: COLORS.done, stack: 'sla' },
      { name: t('dash.col.missed'), values: s.byStep.map((r) => r.missed), color: COLORS.late, stack: 'sla' },
      { name: t('dash.col.open'), values: s.byStep.map((r) => r.open), color: COLORS.upcoming, stack: 'sla' },
    ],
  };
  const text = s.percent === null ? html`<p class="muted">${t('dash.sla.none')}</p>` : html`<p data-figure="sla">${t('dash.sla.text', { met: s.met, missed: s.missed, open: s.open, percent: percentText(t, s.percent) })}</p>`;
  const table = html`${text}<table data-table="sla"><thead><tr><th>${t('dash.col.step')}</th><th>${t('dash.col.met')}</th><th>${t('dash.col.missed')}</th><th>${t('dash.col.open')}</th></tr></thead>
    <tbody>${s.byStep.map((r) => html`<tr><td>${t(`dash.step.${r.step}`)}</td><td>${r.met}</td><td>${r.missed}</td><td>${r.open}</td></tr>`)}</tbody></table>`;
  return panel('sla', t('dash.sla.title'), chart(spec, t('dash.sla.title')), table);
}

export function followUpsPanel(t: Translate, m: DashboardModel): SafeHtml {
  const f = m.followUps;
  const keys = ['excellent', 'good', 'poor', 'missing'] as const;
  if (keys.every((k) => f[k] === 0)) return panel('follow-ups', t('dash.followUps.title'), undefined, html`<p class="muted">${t('dash.followUps.none')}</p>`);
  const colors = { excellent: COLORS.done, good: COLORS.due, poor: COLORS.late, missing: COLORS.upcoming };
  const spec: ChartSpec = { kind: 'pie', slices: keys.filter((k) => f[k] > 0).map((k) => ({ name: t(`dash.rating.${k}`), value: f[k], color: colors[k] })) };
  const table = html`<table data-table="follow-ups"><thead><tr><th>${t('dash.col.rating')}</th><th>${t('dash.col.count')}</th></tr></thead>
    <tbody>${keys.map((k) => html`<tr><td>${t(`dash.rating.${k}`)}</td><td>${f[k]}</td></tr>`)}</tbody></table>`;
  return panel('follow-ups', t('dash.followUps.title'), chart(spec, t('dash.followUps.title')), table);
}

export function deliverablesPanel(t: Translate, m: DashboardModel): SafeHtml {
  const d = m.deliverables;
  if (d === null) return html``;
  if (!d.length) return panel('deliverables', t('dash.deliverables.title'), undefined, html`<p class="muted">${t('dash.deliverables.none')}</p>${scopeList(t, m, 'deliverables')}`);
  const byContract = [...new Map(d.map((r) => [`${r.hospital}|${r.contract}`, r])).values()];
  const count = (r: { hospital: string; contract: string }, ended: boolean): number => d.filter((x) => x.hospital === r.hospital && x.contract === r.contract && x.ended === ended).length;
  const spec: ChartSpec = {
    kind: 'bar',
    horizontal: true,
    categories: byContract.map((r) => contractLabel(r, byContract)),
    series: [
      { name: t('dash.state.late'), values: byContract.map((r) => count(r, true)), color: COLORS.late, stack: 'd' },
      { name: t('dash.state.due'), values: byContract.map((r) => count(r, false)), color: COLORS.due, stack: 'd' },
    ],
  };
  const table = html`<table data-table="deliverables"><thead><tr><th>${t('dash.col.contract')}</th><th>${t('dash.col.window')}</th><th>${t('dash.col.deliverable')}</th></tr></thead>
    <tbody>${d.map((r) => html`<tr class="${r.ended ? 'row-late' : ''}"><td>${contractLabel(r, d)}</td><td class="nowrap">${range(t, r.window)}</td><td>${r.name}${r.ended ? html` <span class="bad">${t('dash.state.late')}</span>` : ''}</td></tr>`)}</tbody></table>`;
  return panel('deliverables', t('dash.deliverables.title'), chart(spec, t('dash.deliverables.title'), barsHeight(byContract.length)), html`${scopeList(t, m, 'deliverables')}${table}`);
}

function gapText(t: Translate, gap: EvaluationGap): string {
  if (gap.code === 'no_spot_checks') return t('dash.gap.no_spot_checks', { evaluator: t(`dash.evaluator.${gap.evaluator}`) });
  if (gap.code === 'no_fee') return t('dash.gap.no_fee');
  return t(`dash.gap.${gap.code}`, { reference: gap.reference });
}

export function gradePanel(t: Translate, m: DashboardModel, o: { engineerFiltered: boolean; now: string; day: string }): SafeHtml {
  if (!m.grades.length) return panel('grade', t('dash.grade.title'), undefined, html`<p class="muted">${t('dash.grade.none')}</p>`);
  const blocks = m.grades.map((g) => {
    const rated = g.sections.filter((s) => s.percent !== null);
    const spec: ChartSpec | undefined = rated.length
      ? { kind: 'bar', percentAxis: true, categories: rated.map((s) => t(`dash.evaluator.${s.evaluator}`)), series: [{ name: t('dash.col.rate'), values: rated.map((s) => Math.round(s.percent! * 10) / 10), color: COLORS.neutral }] }
      : undefined;
    const gaps = [...new Set(g.gaps.map((x) => gapText(t, x)))];
    // Which quarter this is, in words: the one the contracts table grades, or another of the window's.
    const scope = g.current ? t('dash.grade.scope.current', { day: o.day }) : t(g.running ? 'dash.grade.scope.running' : 'dash.grade.scope.ended');
    return html`<div class="grade${g.current ? ' current' : ''}" data-grade-window="${g.window.start}"${g.current ? html` data-current` : ''}>
      <p class="grade-scope ${g.current ? '' : 'muted'}" data-grade-scope>${scope}</p>
      <h3>${t('dash.grade.window', { contract: g.contract, start: g.window.start, end: g.window.end, asOf: g.running ? o.now : g.window.end })}</h3>
      <p class="grade-value ${g.grade === null ? 'muted' : g.grade === 'fail' ? 'bad' : 'ok'}" data-figure="grade">${g.grade === null ? t('dash.grade.ungraded') : t('dash.grade.result', { grade: t(`dash.grade.${g.grade}`) })}</p>
      ${spec ? html`<figure class="chart small">${chartSvg(spec, { width: 360, height: 180, label: t('dash.col.rate') })}</figure>` : ''}
      <table data-table="grade"><thead><tr><th>${t('dash.col.evaluator')}</th><th>${t('dash.col.checked')}</th><th>${t('dash.col.passed')}</th><th>${t('dash.col.rate')}</th><th>${t('dash.col.rateGrade')}</th><th>${t('dash.col.adverseGrade')}</th></tr></thead>
      <tbody>${g.sections.map(
        (s) => html`<tr><td>${t(`dash.evaluator.${s.evaluator}`)}</td><td>${s.checked}</td><td>${s.passed}</td><td>${percentText(t, s.percent)}</td>
          <td>${s.rateGrade ? t(`dash.grade.${s.rateGrade}`) : t('dash.noValue')}</td><td>${t(`dash.grade.${s.adverseGrade}`)}</td></tr>`,
      )}</tbody></table>
      <ul class="facts"><li>${t('dash.grade.adverse', { count: g.adverseEvents })}</li>
        <li>${t('dash.grade.late', { responses: g.late.responses, resolutions: g.late.resolutions, percent: g.late.deductionPercent })}${g.late.deductionAmount !== undefined ? ` ${t('dash.grade.amount', { amount: g.late.deductionAmount })}` : ''}</li>
        ${g.noticeFailures.map((n) => html`<li>${t('dash.grade.notice', { level: n.level, system: n.system || t('dash.noValue'), count: n.count, percent: n.percent })}${n.amount !== undefined ? ` ${t('dash.grade.amount', { amount: n.amount })}` : ''}</li>`)}</ul>
      ${gaps.length ? html`<ul class="gaps">${gaps.map((x) => html`<li>${x}</li>`)}</ul>` : ''}</div>`;
  });
  return panel('grade', t('dash.grade.title'), undefined, html`${o.engineerFiltered ? html`<p class="muted">${t('dash.grade.engineerNote')}</p>` : ''}${blocks}`);
}

export function engineersPanel(t: Translate, m: DashboardModel): SafeHtml {
  const e = m.engineers;
  if (!e.length) return panel('engineers', t('dash.engineers.title'), undefined, html`<p class="muted">${t('dash.engineers.none')}</p>`);
  const spec: ChartSpec = {
    kind: 'bar',
    horizontal: true,
    categories: e.map((r) => r.engineer),
    series: [
      { name: t('dash.col.inspections'), values: e.map((r) => r.inspections), color: COLORS.done },
      { name: t('dash.col.services'), values: e.map((r) => r.services), color: COLORS.due },
    ],
  };
  const table = html`<table data-table="engineers"><thead><tr><th>${t('dash.col.engineer')}</th><th>${t('dash.col.inspections')}</th><th>${t('dash.col.findings')}</th><th>${t('dash.col.services')}</th><th>${t('dash.col.faults')}</th><th>${t('dash.col.met')}</th><th>${t('dash.col.missed')}</th></tr></thead>
    <tbody>${e.map((r) => html`<tr data-engineer="${r.engineer}"><td>${r.engineer}</td><td>${r.inspections}</td><td>${r.findings}</td><td>${r.services}</td><td>${r.faults}</td><td>${r.slaMet}</td><td>${r.slaMissed}</td></tr>`)}</tbody></table>`;
  return panel('engineers', t('dash.engineers.title'), chart(spec, t('dash.engineers.title'), barsHeight(e.length * 1.6)), table);
}

/** The dates a contract-so-far cell covers, on hover. */
const toDateTitle = (t: Translate, r: SummaryRow): SafeHtml => (r.toDate ? html` title="${t('dash.range', r.toDate)}"` : html``);

export function summaryTable(t: Translate, m: DashboardModel): SafeHtml {
  const rows = m.summary.map(
    (r) => html`<tr data-contract="${r.contractId}"><td>${r.hospital}</td><td>${r.contract}</td><td class="nowrap">${range(t, r.window)}</td>
      <td>${num(t, r.done)}</td><td>${num(t, r.due)}</td><td>${num(t, r.late)}</td><td${toDateTitle(t, r)}>${num(t, r.lateToDate)}</td><td>${num(t, r.findings)}</td><td>${num(t, r.faults)}</td>
      <td>${percentText(t, r.slaPercent)}</td><td>${r.followUps ? `${r.followUps.excellent}/${r.followUps.good}/${r.followUps.poor}` : t('dash.noValue')}</td>
      <td>${num(t, r.deliverablesMissing)}</td><td${toDateTitle(t, r)}>${num(t, r.deliverablesMissingToDate)}</td><td>${r.grade === undefined || r.grade === null ? t('dash.noValue') : t(`dash.grade.${r.grade}`)}</td></tr>`,
  );
  return html`<table data-table="summary" class="summary"><thead><tr><th>${t('dash.col.hospital')}</th><th>${t('dash.col.contract')}</th><th>${t('dash.col.window')}</th>
    <th>${t('dash.col.done')}</th><th>${t('dash.col.due')}</th><th>${t('dash.col.late')}</th><th>${t('dash.col.lateToDate')}</th><th>${t('dash.col.findings')}</th><th>${t('dash.col.faults')}</th>
    <th>${t('dash.col.sla')}</th><th>${t('dash.col.followUps')}</th><th>${t('dash.col.deliverables')}</th><th>${t('dash.col.deliverablesToDate')}</th><th>${t('dash.col.grade')}</th></tr></thead><tbody>${rows}</tbody></table>`;
}
