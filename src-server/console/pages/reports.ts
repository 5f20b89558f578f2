/** Received reports, filtered by hospital, system and completion period, newest first; a reader's hospitals only. */
import type { OfficeContext } from '../../context';
import type { ReportFilter, StoredReport } from '../../storage/port';
import { chinaDateTime } from '../china-time';
import { html, query } from '../html';
import { page, type PageContext } from '../layout';
import { loadNames, type Names } from '../names';
import { scopeNote } from '../scope-note';

export const PAGE_SIZE = 50;

export interface ReportsQuery {
  hospital?: string;
  system?: string;
  from?: string;
  to?: string;
  page: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readReportsQuery(q: Record<string, unknown>): ReportsQuery {
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : undefined);
  const date = (v: unknown): string | undefined => (typeof v === 'string' && DATE.test(v) ? v : undefined);
  const n = Number(q.page);
  return { hospital: text(q.hospital), system: text(q.system), from: date(q.from), to: date(q.to), page: Number.isInteger(n) && n > 0 ? n : 1 };
}

/** The store's filter for the page's query (the page and its export list the same reports). */
export function reportsFilter(q: ReportsQuery, names: Names, scope?: string[]): Omit<ReportFilter, 'limit' | 'offset'> {
  return {
    ...(scope ? { scope } : {}),
    hospitalId: q.hospital,
    subjects: q.system ? (names.systems.find((s) => s.subject === q.system)?.aliases ?? [q.system]) : undefined,
    from: q.from,
    to: q.to,
  };
}

/** The systems a report inspected, by name; the number of subjects when it names no system. */
export const reportSubjects = (r: StoredReport, names: Names): string =>
  r.subjects.filter((s) => s.subject.startsWith('system:')).map((s) => names.subject(s.subject)).join('、') || String(r.subjects.length);

/** `scope`: the hospitals the user may read (undefined: all); a filter naming another finds nothing. */
export async function reportsPage(ctx: OfficeContext, pc: PageContext, q: ReportsQuery, scope?: string[]): Promise<string> {
  const { t, lang } = pc;
  const names = await loadNames(ctx, lang, scope);
  const { total, reports } = await ctx.store.listReports({ ...reportsFilter(q, names, scope), limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
  const systems = names.systems.filter((s) => !q.hospital || s.hospitalId === q.hospital);
  const keep = { hospital: q.hospital, system: q.system, from: q.from, to: q.to };
  const filters = html`<form class="filters" method="get" action="/console">
    <label>${t('reports.hospital')}<select name="hospital"><option value="">${t('reports.all')}</option>
      ${names.hospitals.map((h) => html`<option value="${h.id}"${q.hospital === h.id ? html` selected` : ''}>${h.name}</option>`)}</select></label>
    <label>${t('reports.system')}<select name="system"><option value="">${t('reports.all')}</option>
      ${systems.map((s) => html`<option value="${s.subject}"${q.system === s.subject ? html` selected` : ''}>${q.hospital || names.hospitals.length === 1 ? '' : `${names.hospital(s.hospitalId)} · `}${s.name}</option>`)}</select></label>
    <label>${t('reports.from')}<input type="date" name="from" value="${q.from ?? ''}"></label>
    <label>${t('reports.to')}<input type="date" name="to" value="${q.to ?? ''}"></label>
    <button type="submit">${t('reports.filter')}</button></form>`;
  const rows = reports.map(
    (r) => html`<tr>
      <td><a href="/console/reports/${encodeURIComponent(r.id)}">${r.reportNumber}</a></td>
      <td>${names.hospital(r.hospitalId)}</td>
      <td>${names.contract(r.contractId)}</td>
      <td>${reportSubjects(r, names)}</td>
      <td>${names.engineer(r.engineerId)}</td>
      <td class="nowrap" title="${r.completedAt}">${chinaDateTime(r.completedAt)}</td>
      <td class="nowrap" title="${r.receivedAt}">${chinaDateTime(r.receivedAt)}</td></tr>`,
  );
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const nav = html`<p>${t('reports.count', { count: total })}
    ${q.page > 1 ? html` <a href="/console${query({ ...keep, page: q.page - 1 })}">${t('reports.prev')}</a>` : ''}
    ${q.page < pages ? html` <a href="/console${query({ ...keep, page: q.page + 1 })}">${t('reports.next')}</a>` : ''}
    ${total > 0 ? html` <a class="button" href="/console/reports.xlsx${query(keep)}">${t('lists.exportFiltered')}</a>` : ''}</p>`;
  const table = reports.length
    ? html`<table><thead><tr><th>${t('reports.number')}</th><th>${t('reports.hospital')}</th><th>${t('reports.contract')}</th><th>${t('reports.systems')}</th>
        <th>${t('reports.engineer')}</th><th>${t('reports.completed')}</th><th>${t('reports.received')}</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="muted">${t('reports.none')}</p>`;
  return page(pc, t('reports.title'), html`${scopeNote(pc, names, scope)}${filters}${nav}${table}`);
}
