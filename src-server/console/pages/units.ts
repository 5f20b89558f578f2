/** A hospital's hardware units, searched and filtered by department and type, a page at a time; administrators add, edit and import. */
import type { Asset } from '../../../src-shared/catalog/reference';
import { HardwareType } from '../../../src-shared/catalog/schema';
import type { UnitScope } from '../../admin/unit-checks';
import { TYPE_LABELS } from '../../admin/unit-fields';
import { html, query, type SafeHtml } from '../html';
import { page, type PageContext } from '../layout';
import { pick, placeText, typeLabel } from './unit-text';

export interface UnitsQuery {
  /** Searched for in the asset tag, the names and the model. */
  q?: string;
  /** "campusId/departmentId" */
  department?: string;
  type?: HardwareType;
  saved?: string;
  deleted?: string;
  /** "new,update,unchanged,refused,deleted" after an import. */
  imported?: string;
  page: number;
}

/** A hospital may have thousands of units: the list shows them a page at a time. */
export const UNITS_PAGE_ROWS = 100;

export function readUnitsQuery(raw: Record<string, unknown>): UnitsQuery {
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : undefined);
  const type = HardwareType.safeParse(raw.type);
  const pageNo = Number(raw.page);
  return {
    page: Number.isInteger(pageNo) && pageNo >= 1 ? pageNo : 1,
    q: text(typeof raw.q === 'string' ? raw.q.trim() : undefined),
    department: text(raw.department),
    type: type.success ? type.data : undefined,
    saved: text(raw.saved),
    deleted: text(raw.deleted),
    imported: text(raw.imported),
  };
}

/** Text as searched: full-width as half-width (NFKC, as asset tags are stored), any case, spaces run together. */
export const searchKey = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Whether the unit's tag, either name or model holds the search. */
export const matchesSearch = (a: Asset, needle: string): boolean => [a.assetTag, a.name.zh, a.name.en, a.model].some((v) => searchKey(v).includes(needle));

/** Numbers as people read them in both languages: 5,204. */
const count = (n: number): string => n.toLocaleString('en-US');

/** The pages to link: the first, the last, and two either side of this one; null where some are left out. */
export function pageWindow(pageNo: number, pages: number): (number | null)[] {
  const shown: (number | null)[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - pageNo) <= 2) shown.push(p);
    else if (shown.at(-1) !== null) shown.push(null);
  }
  return shown;
}

function notice(pc: PageContext, q: UnitsQuery): SafeHtml | '' {
  const { t } = pc;
  if (q.saved) return html`<p class="notice ok" data-testid="units-notice">${t('units.saved', { tag: q.saved })}</p>`;
  if (q.deleted) return html`<p class="notice ok" data-testid="units-notice">${t('units.deleted', { tag: q.deleted })}</p>`;
  if (q.imported) {
    const [n = '0', u = '0', same = '0', refused = '0', deleted = '0'] = q.imported.split(',');
    return html`<p class="notice ok" data-testid="units-notice">${t('units.imported', { new: n, update: u, unchanged: same, refused, deleted })}</p>`;
  }
  return '';
}

export function unitsPage(pc: PageContext, scope: UnitScope, q: UnitsQuery): string {
  const { t, session } = pc;
  const admin = session?.role === 'admin';
  const base = `/console/hospitals/${encodeURIComponent(scope.hospital.id)}/units`;
  const contracts = new Map(scope.contracts.map((c) => [c.contract.id, c.contract]));
  const needle = q.q ? searchKey(q.q) : '';
  const units = scope.units
    .map((u) => u.asset)
    .filter((a) => !needle || matchesSearch(a, needle))
    .filter((a) => !q.department || `${a.campusId}/${a.departmentId}` === q.department)
    .filter((a) => !q.type || a.hardwareType === q.type)
    .sort((a, b) => a.assetTag.localeCompare(b.assetTag));
  const departments = scope.hospital.campuses.flatMap((c) =>
    c.departments.map((d) => ({ value: `${c.id}/${d.id}`, label: scope.hospital.campuses.length > 1 ? `${pick(pc, c.name)} / ${pick(pc, d.name)}` : pick(pc, d.name) })),
  );
  const template = (id: string): string => {
    const known = scope.templates.get(id);
    return known ? pick(pc, known.name) : id;
  };

  const pages = Math.max(1, Math.ceil(units.length / UNITS_PAGE_ROWS));
  const pageNo = Math.min(q.page, pages);
  const link = (p: number): string => `${base}${query({ q: q.q, department: q.department, type: q.type, page: p > 1 ? p : undefined })}`;
  const pager =
    pages > 1
      ? html`<nav class="pager" aria-label="${t('units.pager')}">${pageNo > 1 ? html`<a href="${link(pageNo - 1)}" rel="prev">${t('units.preview.prev')}</a>` : ''}
          ${pageWindow(pageNo, pages).map((p) =>
            p === null ? html`<span class="gap">…</span>` : p === pageNo ? html`<strong aria-current="page">${p}</strong>` : html`<a href="${link(p)}">${p}</a>`,
          )}
          ${pageNo < pages ? html`<a href="${link(pageNo + 1)}" rel="next">${t('units.preview.next')}</a>` : ''}</nav>`
      : '';
  const from = (pageNo - 1) * UNITS_PAGE_ROWS;
  const to = Math.min(units.length, pageNo * UNITS_PAGE_ROWS);
  const filtered = Boolean(needle || q.department || q.type);
  const countText =
    units.length === 0
      ? t('units.count.none', { count: count(scope.units.length) })
      : t(filtered ? 'units.count.filtered' : 'units.count', { from: count(from + 1), to: count(to), shown: count(units.length), count: count(scope.units.length) });
  const rows = units.slice(from, to).map(
    (a) => html`<tr data-unit="${a.id}">
      <td class="nowrap"><code>${a.assetTag}</code></td>
      <td>${typeLabel(pc, a.hardwareType)}</td>
      <td>${a.model}</td>
      <td>${pick(pc, a.name)}</td>
      <td>${placeText(pc, scope, a)}</td>
      <td>${contracts.get(a.contractId) ? pick(pc, contracts.get(a.contractId)!.name) : a.contractId}</td>
      <td>${template(a.templateId)}</td>
      ${admin ? html`<td class="nowrap"><a href="${base}/${encodeURIComponent(a.id)}">${t('units.edit')}</a></td>` : ''}</tr>`,
  );
  const body = html`${notice(pc, q)}
    <p class="unit-actions">
      ${admin ? html`<a class="button" href="${base}/new">${t('units.add')}</a> <a class="button" href="${base}/import">${t('units.import')}</a>` : ''}
      ${admin ? html`<a href="${base}/template.xlsx">${t('units.template')}</a>` : ''}
      <a href="${base}.xlsx">${t('units.export')}</a>
      <a href="/console/units.xlsx">${t('units.exportAll')}</a></p>
    <form class="filters" method="get" action="${base}">
      <label>${t('units.filter.search')}<input type="search" name="q" value="${q.q ?? ''}" maxlength="200" placeholder="${t('units.filter.searchHint')}"></label>
      <label>${t('units.filter.department')}<select name="department"><option value="">${t('units.filter.all')}</option>
        ${departments.map((d) => html`<option value="${d.value}"${d.value === q.department ? html` selected` : ''}>${d.label}</option>`)}</select></label>
      <label>${t('units.filter.type')}<select name="type"><option value="">${t('units.filter.all')}</option>
        ${(Object.keys(TYPE_LABELS) as HardwareType[]).map((ty) => html`<option value="${ty}"${ty === q.type ? html` selected` : ''}>${typeLabel(pc, ty)}</option>`)}</select></label>
      <button type="submit">${t('units.filter.apply')}</button>
      ${filtered ? html`<a href="${base}">${t('units.filter.clear')}</a>` : ''}</form>
    <p class="muted" data-testid="units-count">${countText}</p>
    ${units.length
      ? html`${pager}<table class="units"><thead><tr><th>${t('units.col.tag')}</th><th>${t('units.col.type')}</th><th>${t('units.col.model')}</th><th>${t('units.col.name')}</th>
          <th>${t('units.col.place')}</th><th>${t('units.col.contract')}</th><th>${t('units.col.template')}</th>${admin ? html`<th></th>` : ''}</tr></thead>
          <tbody>${rows}</tbody></table>${pager}`
      : html`<p class="muted">${t('units.none')}</p>`}`;
  return page(pc, t('units.heading', { hospital: pick(pc, scope.hospital.name) }), body);
}

/** The list's address with a notice for what was just done. */
export const unitsUrl = (hospitalId: string, params: Record<string, string> = {}): string => `/console/hospitals/${encodeURIComponent(hospitalId)}/units${query(params)}`;
