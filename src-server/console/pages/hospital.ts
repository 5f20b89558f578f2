/**
 * One hospital's page: its name, city, campuses, departments with their rooms, and contacts as
 * server-rendered tables (blank rows add, a ticked "remove" removes), its contracts, its history.
 * Read-only for a reader and for an old version.
 */
import type { Contract } from '../../../src-shared/catalog/reference';
import { CAMPUS_COLUMNS, CONTACT_COLUMNS, DEPT_COLUMNS } from '../../admin/hospital-form';
import type { ReferenceVersion } from '../../storage/port';
import { html, type SafeHtml } from '../html';
import { localized, page, type PageContext } from '../layout';
import { checkbox, historyTable, input, problemList, readOnlyBanner, requiredMark, rowsWithBlanks, select, textarea, type FormState } from './hospitals-shared';

export interface HospitalView extends FormState {
  /** Undefined for a new hospital. */
  id?: string;
  /** The stored row's hash the form was rendered from (the save's guard); '' for a new hospital. */
  hash: string;
  contracts: Contract[];
  history: ReferenceVersion[];
  /** An old version shown read-only. */
  version?: ReferenceVersion;
  conflict?: string;
  notice?: string;
  /** Extra blank rows asked for with "more rows". */
  more?: boolean;
}

export function hospitalPage(pc: PageContext, v: HospitalView): string {
  const { t, lang } = pc;
  const f = v.fields;
  const name = (lang === 'en' ? f.nameEn : f.nameZh) || f.id || '';
  const title = v.id ? t('ref.hospital.title', { name }) : t('ref.hospital.newTitle');
  const action = v.id ? `/console/hospitals/${v.id}` : '/console/hospitals/new';
  const blank = (n: number): number => (v.readOnly ? 0 : n + (v.more ? 5 : 0));
  const removeBox = (prefix: string, n: number): SafeHtml => (v.readOnly ? html`` : html`<td>${checkbox(v, `${prefix}.${n}.remove`, t('ref.remove'))}</td>`);
  const kept = (prefix: string, n: number): boolean => f[`${prefix}.${n}.kept`] === '1';
  const keptField = (prefix: string, n: number): SafeHtml => (kept(prefix, n) ? html`<input type="hidden" name="${prefix}.${n}.kept" value="1">` : html``);

  const campuses = rowsWithBlanks(f, 'campus', CAMPUS_COLUMNS, blank(1)).map(
    (n) => html`<tr>
      <td>${keptField('campus', n)}${input(v, `campus.${n}.id`, { readonly: kept('campus', n), size: 24 })}</td>
      <td>${input(v, `campus.${n}.nameZh`, { size: 24 })}</td><td>${input(v, `campus.${n}.nameEn`, { size: 30 })}</td>${removeBox('campus', n)}</tr>`,
  );
  const campusIds = Object.keys(f).filter((k) => /^campus\.\d+\.id$/.test(k)).map((k) => f[k]!).filter(Boolean);
  const depts = rowsWithBlanks(f, 'dept', DEPT_COLUMNS, blank(3)).map(
    (n) => html`<tr>
      <td>${keptField('dept', n)}${kept('dept', n) ? input(v, `dept.${n}.campus`, { readonly: true, size: 18 }) : html`<input name="dept.${n}.campus" value="${f[`dept.${n}.campus`] ?? ''}" list="campus-ids" size="18">`}</td>
      <td>${input(v, `dept.${n}.id`, { readonly: kept('dept', n), size: 22 })}</td>
      <td>${input(v, `dept.${n}.nameZh`, { size: 18 })}</td><td>${input(v, `dept.${n}.nameEn`, { size: 30 })}</td>
      <td>${textarea(v, `dept.${n}.rooms`, { rows: Math.min(8, Math.max(2, (f[`dept.${n}.rooms`] ?? '').split('\n').length + 1)), cols: 28 })}</td>${removeBox('dept', n)}</tr>`,
  );
  const roles = (['it_office', 'department_head', 'other'] as const).map((r) => ({ value: r, label: t(`ref.role.${r}`) }));
  const contacts = rowsWithBlanks(f, 'contact', CONTACT_COLUMNS, blank(1)).map(
    (n) => html`<tr>
      <td>${select(v, `contact.${n}.role`, roles)}</td>
      <td>${input(v, `contact.${n}.campus`, { size: 16 })}<br>${input(v, `contact.${n}.department`, { size: 16 })}</td>
      <td>${input(v, `contact.${n}.name`, { size: 10 })}</td>
      <td>${input(v, `contact.${n}.titleZh`, { size: 20 })}<br>${input(v, `contact.${n}.titleEn`, { size: 24 })}</td>
      <td>${textarea(v, `contact.${n}.phones`, { cols: 22 })}</td>
      <td>${input(v, `contact.${n}.noteZh`, { size: 24 })}<br>${input(v, `contact.${n}.noteEn`, { size: 28 })}</td>${removeBox('contact', n)}</tr>`,
  );
  const removeHead = v.readOnly ? html`` : html`<th></th>`;
  const req = v.readOnly ? html`` : requiredMark(t);

  const form = html`<form method="post" action="${action}" class="reference">
    <input type="hidden" name="csrf" value="${pc.session?.csrfToken ?? ''}"><input type="hidden" name="hash" value="${v.hash}">
    <fieldset${v.readOnly ? html` disabled` : ''}>
    <h2>${t('ref.section.basic')}</h2>
    <div class="grid">${input(v, 'id', { label: t('ref.f.id'), readonly: v.id !== undefined, size: 24, ...(v.id ? {} : { required: t }) })}
      ${input(v, 'nameZh', { label: t('ref.f.nameZh'), size: 30, required: t })}${input(v, 'nameEn', { label: t('ref.f.nameEn'), size: 40 })}
      ${input(v, 'cityZh', { label: t('ref.f.cityZh'), size: 16, required: t })}${input(v, 'cityEn', { label: t('ref.f.cityEn'), size: 24 })}</div>
    ${v.readOnly ? '' : html`<p class="muted small">${t('ref.required.note')}</p>`}
    <p class="muted small">${t('ref.ids.note')}</p>
    ${v.readOnly ? '' : html`<p class="muted small">${t('ref.rows.note')}</p>`}
    <h2>${t('ref.section.campuses')}</h2>
    <div class="scroll"><table class="rows"><thead><tr><th>${t('ref.f.campus.id')}${req}</th><th>${t('ref.f.campus.nameZh')}${req}</th><th>${t('ref.f.campus.nameEn')}</th>${removeHead}</tr></thead><tbody>${campuses}</tbody></table></div>
    <datalist id="campus-ids">${campusIds.map((id) => html`<option value="${id}"></option>`)}</datalist>
    <h2>${t('ref.section.depts')}</h2>
    <p class="muted small">${t('ref.rooms.note')}</p>
    <div class="scroll"><table class="rows"><thead><tr><th>${t('ref.f.dept.campus')}${req}</th><th>${t('ref.f.dept.id')}${req}</th><th>${t('ref.f.dept.nameZh')}${req}</th><th>${t('ref.f.dept.nameEn')}</th><th>${t('ref.f.dept.rooms')}</th>${removeHead}</tr></thead><tbody>${depts}</tbody></table></div>
    <h2>${t('ref.section.contacts')}</h2>
    <p class="muted small">${t('ref.phones.note')}</p>
    <div class="scroll"><table class="rows"><thead><tr><th>${t('ref.f.contact.role')}</th><th>${t('ref.f.contact.campus')} / ${t('ref.f.contact.department')}</th><th>${t('ref.f.contact.name')}</th>
      <th>${t('ref.f.contact.titleZh')} / ${t('ref.f.contact.titleEn')}</th><th>${t('ref.f.contact.phones')}</th><th>${t('ref.f.contact.noteZh')} / ${t('ref.f.contact.noteEn')}</th>${removeHead}</tr></thead><tbody>${contacts}</tbody></table></div>
    ${v.readOnly ? '' : html`<p class="buttons"><button type="submit" name="save" value="1">${t('ref.save')}</button> <button type="submit" name="more" value="1">${t('ref.moreRows')}</button></p>`}
    </fieldset></form>`;

  const contracts = v.id
    ? html`<h2>${t('ref.section.contracts')}</h2>
      ${v.contracts.length ? html`<ul>${v.contracts.map((c) => html`<li><a href="/console/contracts/${c.id}">${localized(c.name, lang, c.id)}</a> <span class="muted">${t('ref.period', c.period)}</span></li>`)}</ul>` : html`<p class="muted">${t('ref.contract.none')}</p>`}
      <p>${pc.session?.role === 'admin' ? html`<a class="button" href="/console/hospitals/${v.id}/contracts/new">${t('ref.contract.new')}</a> ` : ''}<a href="/console/hospitals/${v.id}/units">${t('ref.col.units')}</a></p>
      <h2>${t('ref.section.history')}</h2>${historyTable(pc, v.history, (n) => `/console/hospitals/${v.id}${n ? `?version=${n}` : ''}`, v.version?.version)}`
    : html``;

  const body = html`${v.notice ? html`<p class="notice ok">${v.notice}</p>` : ''}
    ${v.readOnly ? readOnlyBanner(pc, v.version, `/console/hospitals/${v.id ?? ''}`) : ''}
    ${problemList(pc, v.problems, v.conflict)}${form}${contracts}`;
  return page(pc, title, body);
}
