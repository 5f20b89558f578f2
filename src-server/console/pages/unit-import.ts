/**
 * The first two steps of an Excel import: the upload form (multipart, no script), and the column
 * mapping, where each field of a unit is given a column of the chosen sheet (guessed from the
 * headers, changed with a select).
 */
import type { UnitScope } from '../../admin/unit-checks';
import { UNIT_FIELDS, type UnitField } from '../../admin/unit-fields';
import { cellText, type ColumnMapping, type ImportPlan } from '../../admin/unit-import';
import { MAX_FILE_BYTES } from '../../admin/unit-file';
import { MAX_CELL_ELEMENTS, MAX_COLUMNS, MAX_DATA_ROWS, MAX_SHEETS_READ, type SheetCell, type SheetColumn, type SheetSummary } from '../../admin/unit-sheet';
import { html, type SafeHtml } from '../html';
import { page, type PageContext } from '../layout';
import { fieldLabel, pick } from './unit-text';

/** What an upload keeps until it is confirmed (in the store's import previews, per user). */
export interface StoredImport {
  fileName: string;
  /** The uploaded file (base64, at most MAX_FILE_BYTES): the chosen sheet's rows are read from it again. */
  file: string;
  sheets: SheetSummary[];
  /** The sheet chosen, an index into `sheets`. */
  sheet: number;
  mapping?: ColumnMapping;
  plan?: ImportPlan;
}

/** Fields a mapping must give a column; a name in either language will do. */
export const REQUIRED_FIELDS: UnitField[] = ['assetTag', 'hardwareType', 'model', 'department', 'room'];

export const importBase = (hospitalId: string): string => `/console/hospitals/${encodeURIComponent(hospitalId)}/units/import`;

export function uploadPage(pc: PageContext, scope: UnitScope, error?: string): string {
  const { t, session } = pc;
  const units = `/console/hospitals/${encodeURIComponent(scope.hospital.id)}/units`;
  const body = html`<p>${t('units.import.steps')}</p>
    ${error ? html`<p class="error" data-testid="import-error">${error}</p>` : ''}
    <form class="unit-upload" method="post" action="${importBase(scope.hospital.id)}" enctype="multipart/form-data">
      <input type="hidden" name="csrf" value="${session?.csrfToken ?? ''}">
      <label>${t('units.import.file')}<input type="file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></label>
      <p class="muted">${t('units.import.limits', { mb: MAX_FILE_BYTES / 1024 / 1024, rows: MAX_DATA_ROWS.toLocaleString('en') })}</p>
      <p><button type="submit">${t('units.import.submit')}</button> <a href="${units}/template.xlsx">${t('units.template')}</a> · <a href="${units}">${t('units.back')}</a></p>
    </form>`;
  return page(pc, t('units.import.title', { hospital: pick(pc, scope.hospital.name) }), body);
}

/** Why a sheet cannot be imported, in the page's language; undefined for a readable one. */
export function sheetProblem(pc: PageContext, sheet: SheetSummary): string | undefined {
  const { t } = pc;
  switch (sheet.state) {
    case 'ok':
      return sheet.table.rowCount === 0 ? t('units.sheet.noRows', { sheet: sheet.name, row: sheet.table.headerRow }) : undefined;
    case 'empty':
      return t('units.sheet.empty', { sheet: sheet.name });
    case 'tooManyRows':
      return t('units.sheet.tooManyRows', { sheet: sheet.name, rows: sheet.rows.toLocaleString('en'), limit: MAX_DATA_ROWS.toLocaleString('en') });
    case 'tooManyCells':
      return t('units.sheet.tooManyCells', { sheet: sheet.name, cells: sheet.cells.toLocaleString('en'), limit: MAX_CELL_ELEMENTS.toLocaleString('en'), columns: MAX_COLUMNS });
    case 'merged':
      return t('units.sheet.merged', { sheet: sheet.name, ranges: sheet.ranges.slice(0, 20).join(', ') + (sheet.ranges.length > 20 ? ' …' : '') });
    case 'notRead':
      return t('units.sheet.notRead', { sheet: sheet.name, max: MAX_SHEETS_READ });
  }
}

function sample(table: { first: SheetCell[] }, column: number | undefined): string {
  if (column === undefined) return '';
  const read = cellText(table.first[column]);
  return 'text' in read ? read.text : '';
}

export function mappingPage(pc: PageContext, scope: UnitScope, previewId: string, stored: StoredImport, mapping: ColumnMapping, errors: string[] = []): string {
  const { t, session } = pc;
  const sheet = stored.sheets[stored.sheet]!;
  const table = sheet.state === 'ok' ? sheet.table : undefined;
  const base = `${importBase(scope.hospital.id)}/${encodeURIComponent(previewId)}`;
  const others = stored.sheets.map((s, i) => ({ s, i })).filter(({ i }) => i !== stored.sheet);
  const usable = others.filter(({ s }) => !sheetProblem(pc, s));

  const sheetPicker: SafeHtml | '' = others.length
    ? html`<div class="sheet-picker">${usable.length
        ? html`<form method="get" action="${base}/mapping" class="filters"><label>${t('units.mapping.sheet')}<select name="sheet">
            ${usable.map(({ s, i }) => html`<option value="${i}">${s.name}</option>`)}</select></label><button type="submit">${t('units.mapping.useSheet')}</button></form>`
        : ''}
        <ul class="muted">${others.map(({ s }) => (sheetProblem(pc, s) ? html`<li>${sheetProblem(pc, s)}</li>` : ''))}</ul></div>`
    : '';

  const rows = UNIT_FIELDS.map((field) => {
    // The name is required; an English name alone will do (readMapping), so the list above leaves it out.
    const required = REQUIRED_FIELDS.includes(field) || field === 'nameZh';
    const chosen = mapping[field];
    // Required or optional is said under the field's name: a column of its own only took width from the notes.
    return html`<tr data-field="${field}"><th>${fieldLabel(pc, field)}<br><span class="${required ? 'need required' : 'need muted'}">${required ? t('units.mapping.required') : t('units.mapping.optional')}</span></th>
      <td><select name="map.${field}"><option value="">${t('units.mapping.none')}</option>
        ${table?.columns.map((c) => html`<option value="${c.index}"${c.index === chosen ? html` selected` : ''}>${c.letter} — ${c.header || '…'}${sample(table, c.index) ? ` (${sample(table, c.index).slice(0, 30)})` : ''}</option>`)}</select></td>
      <td>${table ? sample(table, chosen) : ''}</td>
      <td class="muted note">${t(`units.note.${field}`)}</td></tr>`;
  });

  const body = html`<p>${t('units.import.steps')}</p>
    ${errors.map((e) => html`<p class="error" data-testid="mapping-error">${e}</p>`)}
    ${table
      ? html`<p data-testid="mapping-sheet">${t('units.mapping.header', {
          sheet: sheet.name,
          row: table.headerRow,
          count: table.rowCount,
          empty: table.emptyRows ? t('units.mapping.emptyRows', { count: table.emptyRows }) : '',
        })}</p>`
      : html`<p class="error">${sheetProblem(pc, sheet) ?? ''}</p>`}
    ${sheetPicker}
    <p class="muted">${t('units.mapping.help')}</p>
    <form method="post" action="${base}/mapping" class="unit-mapping">
      <input type="hidden" name="csrf" value="${session?.csrfToken ?? ''}"><input type="hidden" name="sheet" value="${stored.sheet}">
      <table class="mapping"><thead><tr><th>${t('units.mapping.field')}</th><th>${t('units.mapping.column')}</th><th>${t('units.mapping.sample')}</th><th>${t('units.mapping.notes')}</th></tr></thead>
        <tbody>${rows}</tbody></table>
      <p><button type="submit"${table ? '' : html` disabled`}>${t('units.mapping.submit')}</button> <a href="${importBase(scope.hospital.id)}">${t('units.preview.again')}</a></p>
    </form>`;
  return page(pc, t('units.mapping.title', { file: stored.fileName }), body);
}

/** The mapping a form posted, or what is wrong with it (a required field without a column, a column chosen twice). */
export function readMapping(pc: PageContext, form: Record<string, string>, table: { columns: SheetColumn[] }): { mapping: ColumnMapping; errors: string[] } {
  const mapping: ColumnMapping = {};
  for (const field of UNIT_FIELDS) {
    const raw = form[`map.${field}`];
    const index = raw === undefined || raw === '' ? undefined : Number(raw);
    if (index !== undefined && Number.isInteger(index) && index >= 0 && index < table.columns.length) mapping[field] = index;
  }
  const errors: string[] = [];
  for (const field of REQUIRED_FIELDS) if (mapping[field] === undefined) errors.push(pc.t('units.mapping.missing', { field: fieldLabel(pc, field) }));
  if (mapping.nameZh === undefined && mapping.nameEn === undefined) errors.push(pc.t('units.mapping.missing', { field: fieldLabel(pc, 'nameZh') }));
  const byColumn = new Map<number, UnitField[]>();
  for (const field of UNIT_FIELDS) if (mapping[field] !== undefined) byColumn.set(mapping[field], [...(byColumn.get(mapping[field]) ?? []), field]);
  for (const [column, fields] of byColumn) {
    if (fields.length > 1) errors.push(pc.t('units.mapping.twice', { column: table.columns[column]!.letter, fields: fields.map((f) => fieldLabel(pc, f)).join(pc.lang === 'en' ? ', ' : '、') }));
  }
  return { mapping, errors };
}
