/**
 * Adding or editing one unit: a plain form (no script) posting back to itself with the hash of the
 * unit it was filled from, so an edit over someone else's newer one is refused, not lost.
 */
import type { Asset } from '../../../src-shared/catalog/reference';
import type { HardwareType } from '../../../src-shared/catalog/schema';
import type { UnitInput, UnitProblem, UnitScope } from '../../admin/unit-checks';
import { TYPE_LABELS, type UnitField } from '../../admin/unit-fields';
import { html, type SafeHtml } from '../html';
import { page, type PageContext } from '../layout';
import { fieldLabel, pick, problemText, typeLabel } from './unit-text';

export interface UnitFormState {
  /** The unit being edited; absent for a new one. */
  unit?: { asset: Asset; hash: string };
  input: UnitInput;
  problems: UnitProblem[];
  /** A refusal that is not about one field (an edit conflict). */
  error?: string;
}

/** The form's fields as they are when the unit is opened. */
export function inputOf(asset: Asset): UnitInput {
  return {
    assetTag: asset.assetTag,
    hardwareType: asset.hardwareType,
    model: asset.model,
    nameZh: asset.name.zh,
    nameEn: asset.name.en,
    campus: asset.campusId,
    department: asset.departmentId,
    room: asset.room,
    contract: asset.contractId,
    template: asset.templateId,
  };
}

export function unitFormPage(pc: PageContext, scope: UnitScope, state: UnitFormState): string {
  const { t, session } = pc;
  const { input, unit } = state;
  const base = `/console/hospitals/${encodeURIComponent(scope.hospital.id)}/units`;
  const action = unit ? `${base}/${encodeURIComponent(unit.asset.id)}` : `${base}/new`;
  const problemsOf = (field: UnitField): SafeHtml[] =>
    state.problems
      .filter((p) => p.field === field)
      .map((p) => {
        const text = problemText(pc, p);
        return html`<span class="field-problem" data-problem="${p.code}">${text.wrong}${t('units.preview.expectedSep')}${text.expected}</span>`;
      });
  const textField = (field: UnitField, help?: string): SafeHtml =>
    html`<label>${fieldLabel(pc, field)}<input name="${field}" value="${input[field] ?? ''}"${field === 'room' ? html` list="rooms"` : ''}>
      ${help ? html`<span class="muted">${help}</span>` : ''}${problemsOf(field)}</label>`;
  const option = (value: string, label: string, chosen: string | undefined): SafeHtml =>
    html`<option value="${value}"${value === chosen ? html` selected` : ''}>${label}</option>`;

  const place = input.campus && input.department ? `${input.campus}/${input.department}` : '';
  const places = scope.hospital.campuses.flatMap((c) =>
    c.departments.map((d) => ({ value: `${c.id}/${d.id}`, label: scope.hospital.campuses.length > 1 ? `${pick(pc, c.name)} / ${pick(pc, d.name)}` : pick(pc, d.name) })),
  );
  const rooms = [...new Set(scope.hospital.campuses.flatMap((c) => c.departments.flatMap((d) => d.rooms)))];
  const templateIds = [...new Set(scope.contracts.flatMap((c) => c.contract.hardwareTemplateIds))].filter((id) => scope.templates.has(id));

  const body = html`${state.error ? html`<p class="error" data-testid="unit-error">${state.error}</p>` : ''}
    ${state.problems.length ? html`<p class="error" data-testid="unit-problems">${t('units.form.problems')}</p>` : ''}
    <form class="unit-form" method="post" action="${action}">
      <input type="hidden" name="csrf" value="${session?.csrfToken ?? ''}">
      <input type="hidden" name="hash" value="${unit?.hash ?? ''}">
      ${textField('assetTag', t('units.form.tagHelp'))}
      <label>${fieldLabel(pc, 'hardwareType')}<select name="hardwareType"><option value=""></option>
        ${(Object.keys(TYPE_LABELS) as HardwareType[]).map((ty) => option(ty, typeLabel(pc, ty), input.hardwareType))}</select>${problemsOf('hardwareType')}</label>
      ${textField('model')}
      ${textField('nameZh')}
      ${textField('nameEn', t('units.note.nameEn'))}
      <label>${t('units.form.place')}<select name="place"><option value=""></option>
        ${places.map((p) => option(p.value, p.label, place))}</select>${problemsOf('campus')}${problemsOf('department')}</label>
      ${textField('room', t('units.form.roomHelp'))}
      <datalist id="rooms">${rooms.map((r) => html`<option value="${r}"></option>`)}</datalist>
      <label>${fieldLabel(pc, 'contract')}<select name="contract">${option('', t('units.form.auto'), input.contract ?? '')}
        ${scope.contracts.map((c) => option(c.contract.id, `${pick(pc, c.contract.name)} (${c.contract.id})`, input.contract))}</select>${problemsOf('contract')}</label>
      <label>${fieldLabel(pc, 'template')}<select name="template">${option('', t('units.form.auto'), input.template ?? '')}
        ${templateIds.map((id) => option(id, `${pick(pc, scope.templates.get(id)!.name)} (${id})`, input.template))}</select>${problemsOf('template')}</label>
      <p><button type="submit">${t('units.form.save')}</button> <a href="${base}">${t('units.form.cancel')}</a></p>
    </form>
    ${unit
      ? html`<form class="unit-delete" method="post" action="${action}/delete">
          <input type="hidden" name="csrf" value="${session?.csrfToken ?? ''}"><input type="hidden" name="hash" value="${unit.hash}">
          <p class="muted">${t('units.form.deleteNote')}</p><button type="submit" class="danger">${t('units.form.delete')}</button></form>`
      : ''}`;
  const hospital = pick(pc, scope.hospital.name);
  return page(pc, unit ? t('units.form.edit', { tag: unit.asset.assetTag, hospital }) : t('units.form.new', { hospital }), body);
}
