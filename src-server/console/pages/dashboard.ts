/**
 * The office dashboard (issue 12 point 5): across hospitals and engineers, each contract's window
 * holding the chosen day, with charts and their tables; filters by hospital, contract, engineer and
 * window. Read-only. What cannot be computed is said in words, never drawn.
 */
import type { LocalizedText } from '../../../src-shared/catalog/schema';
import type { OfficeContext } from '../../context';
import { isDay, loadDashboard, selectedContracts, windowUnit, type Dashboard, type DashboardQuery } from '../../dashboard/data';
import { contractWindows } from '../../../src-shared/period/windows';
import { chinaDay } from '../../service/derive';
import { chinaDateTime } from '../china-time';
import { dashboardModel, type DashboardModel } from '../dashboard-model';
import { deliverablesPanel, engineersPanel, faultsPanel, findingsPanel, followUpsPanel, gradePanel, latePanel, planPanel, slaPanel, summaryTable } from '../dashboard-panels';
import { html, query, type SafeHtml } from '../html';
import type { Lang, Translate } from '../i18n';
import { localized, page, type PageContext } from '../layout';
import { loadNames } from '../names';
import { scopeNote } from '../scope-note';

export function readDashboardQuery(q: Record<string, unknown>): DashboardQuery {
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : undefined);
  const out: DashboardQuery = {};
  const hospital = text(q.hospital);
  const contract = text(q.contract);
  const engineer = text(q.engineer);
  if (hospital) out.hospital = hospital;
  if (contract) out.contract = contract;
  if (engineer) out.engineer = engineer;
  if (isDay(q.window)) out.day = q.window;
  return out;
}

export function dashboardQueryString(q: DashboardQuery): string {
  return query({ hospital: q.hospital, contract: q.contract, engineer: q.engineer, window: q.day });
}

/** What the dashboard shows, loaded and turned into its tables: the page and the export read the same. */
export async function dashboardData(ctx: OfficeContext, q: DashboardQuery, lang: Lang): Promise<{ dashboard: Dashboard; model: DashboardModel; names: Awaited<ReturnType<typeof loadNames>> }> {
  const [dashboard, names, templates] = await Promise.all([loadDashboard(ctx, q), loadNames(ctx, lang, q.scope), ctx.store.listReference('template')]);
  const templateNames = new Map<string, LocalizedText>();
  for (const row of templates) {
    const t = row.data as { id?: string; name?: LocalizedText };
    if (t.id && t.name) templateNames.set(t.id, t.name);
  }
  const model = dashboardModel(dashboard, lang, { hospital: names.hospital, template: (id) => templateNames.get(id) });
  return { dashboard, model, names };
}

function problemsList(t: Translate, d: Dashboard, lang: Lang): SafeHtml {
  const items: string[] = [];
  for (const v of d.contracts) {
    const contract = localized(v.contract.name, lang, v.contract.id);
    for (const p of v.problems) {
      if (p.code === 'no_cadence') items.push(t('dash.problem.no_cadence', { contract }));
      else items.push(t('dash.problem.outside_period', { contract, day: d.day, start: p.start, end: p.end }));
    }
  }
  if (d.skipped) items.push(t('dash.problem.skipped', { count: d.skipped }));
  return items.length ? html`<ul class="notes" data-problems>${items.map((i) => html`<li>${i}</li>`)}</ul>` : html``;
}

async function filtersForm(ctx: OfficeContext, pc: PageContext, q: DashboardQuery, d: Dashboard, names: Awaited<ReturnType<typeof loadNames>>): Promise<SafeHtml> {
  const { t, lang } = pc;
  const selected = (on: boolean) => (on ? html` selected` : '');
  const contracts = await selectedContracts(ctx, { ...(q.hospital ? { hospital: q.hospital } : {}), ...(q.scope ? { scope: q.scope } : {}) });
  // A reader is offered the engineers named in their hospitals' records only.
  const engineers = await ctx.store.listPeriodEngineers(q.scope);
  const chosen = q.contract ? contracts.find((c) => c.id === q.contract) : undefined;
  // With one contract chosen its own windows are listed; across contracts, a day picks each one's window.
  const today = chinaDay(d.asOf);
  const windows = chosen ? contractWindows(chosen, windowUnit(chosen)) : [];
  const holds = (w: { start: string; end: string }, day: string): boolean => w.start <= day && day <= w.end;
  const windowField = chosen
    ? html`<label>${t('dash.window')}<select name="window">${windows.map(
        (w) => html`<option value="${w.start}"${selected(holds(w, d.day))}>${t('dash.window.option', { unit: t(`dash.unit.${w.unit}`), n: w.index + 1, start: w.start, end: w.end })}${holds(w, today) ? t('dash.window.current') : ''}</option>`,
      )}${windows.some((w) => holds(w, d.day)) ? '' : html`<option value="${d.day}" selected>${d.day}</option>`}</select></label>`
    : html`<label>${t('dash.window.day')}<input type="date" name="window" value="${d.day}"></label>`;
  return html`<form class="filters" method="get" action="/console/dashboard">
    <label>${t('dash.hospital')}<select name="hospital"><option value="">${t('dash.all')}</option>
      ${names.hospitals.map((h) => html`<option value="${h.id}"${selected(q.hospital === h.id)}>${h.name}</option>`)}</select></label>
    <label>${t('dash.contract')}<select name="contract"><option value="">${t('dash.all')}</option>
      ${contracts.map((c) => html`<option value="${c.id}"${selected(q.contract === c.id)}>${localized(c.name, lang, c.id)}</option>`)}</select></label>
    <label>${t('dash.engineer')}<select name="engineer"><option value="">${t('dash.all')}</option>
      ${engineers.map((e) => html`<option value="${e}"${selected(q.engineer === e)}>${e}</option>`)}</select></label>
    ${windowField}
    <button type="submit">${t('dash.filter')}</button>
    <a class="button" href="/console/dashboard.xlsx${dashboardQueryString({ ...q, day: d.day })}" download>${t('dash.export')}</a></form>`;
}

export async function dashboardPage(ctx: OfficeContext, pc: PageContext, q: DashboardQuery): Promise<string> {
  const { t, lang } = pc;
  const { dashboard: d, model: m, names } = await dashboardData(ctx, q, lang);
  const now = chinaDateTime(d.asOf);
  const body = html`${scopeNote(pc, names, q.scope)}${await filtersForm(ctx, pc, q, d, names)}
    <p class="muted">${t('dash.asOf', { now, day: d.day })} ${t('dash.scope.note')}</p>
    ${q.engineer ? html`<p class="muted">${t('dash.engineerNote')}</p>` : ''}
    ${problemsList(t, d, lang)}
    ${d.contracts.length ? html`<h2>${t('dash.summary.title')}</h2>${summaryTable(t, m)}` : html`<p class="muted">${t('dash.noContracts')}</p>`}
    <div class="panels">${planPanel(t, m)}${latePanel(t, m)}${findingsPanel(t, m)}${faultsPanel(t, m)}${slaPanel(t, m)}${followUpsPanel(t, m)}${deliverablesPanel(t, m)}${engineersPanel(t, m)}</div>
    ${gradePanel(t, m, { engineerFiltered: Boolean(q.engineer), now, day: d.day })}`;
  return page(pc, t('dash.title'), body);
}
