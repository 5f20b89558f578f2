/**
 * The units' workbooks (issue 14): the template a hospital fills in (headers in zh-CN and English,
 * one example row, drop-down lists of types, campuses, departments, rooms, contracts and
 * checklists, a notes sheet) and the export, in the same columns, so an exported list can be
 * edited and imported again. The words of the notes come from the console's i18n, in both languages.
 */
import ExcelJS from 'exceljs';
import type { Asset } from '../../src-shared/catalog/reference';
import type { HardwareType } from '../../src-shared/catalog/schema';
import { templatesFor, type UnitScope } from './unit-checks';
import { columnLetter, FIELD_HEADERS, TYPE_LABELS, UNIT_FIELDS, type Bilingual, type UnitField } from './unit-fields';
import { MAX_DATA_ROWS } from './unit-sheet';

type Lang = 'zh' | 'en';

/** exceljs keeps a sheet's validations by range here (its typings name only the per-cell form). */
interface DataValidationsOf {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

/** The texts a workbook carries besides data; each in both languages (the template shows both). */
export interface WorkbookText {
  unitsSheet: Bilingual;
  notesSheet: Bilingual;
  hospitalHeader: Bilingual;
  /** The notes sheet's paragraphs, each in zh then en. */
  notes: Bilingual[];
  /** Headers of the notes sheet's table of rooms. */
  roomsTable: { department: Bilingual; rooms: Bilingual };
  /** One note per field: required or not, what it takes. */
  fieldNotes: Record<UnitField, Bilingual>;
}

const header = (field: UnitField): string => `${FIELD_HEADERS[field].zh} ${FIELD_HEADERS[field].en}`;
const both = (b: Bilingual): string => `${b.zh} ${b.en}`;

function styleHeader(ws: ExcelJS.Worksheet, offset = 0): void {
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF2F7' } };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const widths: Record<UnitField, number> = { assetTag: 18, hardwareType: 18, model: 30, nameZh: 24, nameEn: 26, campus: 14, department: 16, room: 14, contract: 20, template: 20 };
  if (offset) ws.getColumn(1).width = 30;
  UNIT_FIELDS.forEach((f, i) => (ws.getColumn(offset + i + 1).width = widths[f]));
  // Tags and rooms stay text: a room "302" typed into a number cell would read back as 302.
  for (const f of ['assetTag', 'room'] as const) ws.getColumn(offset + UNIT_FIELDS.indexOf(f) + 1).numFmt = '@';
}

function unitCells(asset: Asset, scope: UnitScope, lang: Lang): string[] {
  const campus = scope.hospital.campuses.find((c) => c.id === asset.campusId);
  const department = campus?.departments.find((d) => d.id === asset.departmentId);
  const values: Record<UnitField, string> = {
    assetTag: asset.assetTag,
    hardwareType: TYPE_LABELS[asset.hardwareType][lang],
    model: asset.model,
    nameZh: asset.name.zh,
    nameEn: asset.name.en,
    campus: campus?.name[lang] ?? asset.campusId,
    department: department?.name[lang] ?? asset.departmentId,
    room: asset.room,
    contract: asset.contractId,
    template: asset.templateId,
  };
  return UNIT_FIELDS.map((f) => values[f]);
}

/** The template for one hospital: what to fill in and the lists to choose from. */
export async function unitTemplateWorkbook(scope: UnitScope, text: WorkbookText): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(both(text.unitsSheet));
  ws.addRow(UNIT_FIELDS.map(header));
  styleHeader(ws);

  const departments = scope.hospital.campuses.flatMap((c) => c.departments.map((d) => ({ campus: c, department: d })));
  const covered = new Set<HardwareType>();
  for (const { contract } of scope.contracts) for (const id of contract.hardwareTemplateIds) {
    const type = scope.templates.get(id)?.hardwareType;
    if (type) covered.add(type);
  }
  const templateIds = [...new Set(scope.contracts.flatMap((c) => c.contract.hardwareTemplateIds))].filter((id) => scope.templates.has(id));

  // The example: a place that has a room, the first type a contract covers, its template where there are several.
  const place = departments.find((p) => p.department.rooms.length > 0) ?? departments[0];
  const type: HardwareType = [...covered][0] ?? 'room_screen';
  const contract = scope.contracts.find((c) => templatesFor(scope, c.contract, type).length > 0)?.contract;
  const templates = contract ? templatesFor(scope, contract, type) : [];
  const example: Record<UnitField, string> = {
    assetTag: 'EXAMPLE-001',
    hardwareType: TYPE_LABELS[type].zh,
    model: 'HJ-RS215P',
    nameZh: `${place?.department.name.zh ?? ''}${TYPE_LABELS[type].zh}`,
    nameEn: `${place?.department.name.en ?? ''} ${TYPE_LABELS[type].en.toLowerCase()}`.trim(),
    campus: place?.campus.name.zh ?? '',
    department: place?.department.name.zh ?? '',
    room: place?.department.rooms[0] ?? '',
    contract: contract?.id ?? '',
    template: templates.length > 1 ? templates[0]! : '',
  };
  const exampleRow = ws.addRow(UNIT_FIELDS.map((f) => example[f]));
  exampleRow.font = { italic: true, color: { argb: 'FF5F6B7A' } };

  // The notes come second; the lists sheet stays hidden at the end.
  const notes = book.addWorksheet(both(text.notesSheet));
  notes.getColumn(1).width = 28;
  notes.getColumn(2).width = 100;
  for (const n of text.notes) {
    notes.addRow([n.zh]);
    notes.addRow([n.en]).font = { color: { argb: 'FF5F6B7A' } };
  }
  notes.addRow([]);
  for (const f of UNIT_FIELDS) notes.addRow([header(f), `${text.fieldNotes[f].zh}\n${text.fieldNotes[f].en}`]).alignment = { wrapText: true, vertical: 'top' };
  notes.addRow([]);
  notes.addRow([both(text.roomsTable.department), both(text.roomsTable.rooms)]).font = { bold: true };
  for (const p of departments) notes.addRow([`${p.campus.name.zh} / ${p.department.name.zh}`, p.department.rooms.join('、')]);
  // Drop-down lists read from a hidden sheet (a list written inline may hold at most 255 characters).
  const lists = book.addWorksheet('lists', { state: 'hidden' });
  const columns: [UnitField, string[]][] = [
    ['hardwareType', [...Object.values(TYPE_LABELS).map((l) => l.zh), ...Object.values(TYPE_LABELS).map((l) => l.en)]],
    ['campus', scope.hospital.campuses.map((c) => c.name.zh)],
    ['department', [...new Set(departments.map((p) => p.department.name.zh))]],
    ['room', [...new Set(departments.flatMap((p) => p.department.rooms))]],
    ['contract', scope.contracts.map((c) => c.contract.id)],
    ['template', templateIds],
  ];
  columns.forEach(([field, values], i) => {
    if (values.length === 0) return;
    const letter = columnLetter(i);
    values.forEach((v, r) => (lists.getCell(`${letter}${r + 1}`).value = v));
    const target = columnLetter(UNIT_FIELDS.indexOf(field));
    (ws as unknown as DataValidationsOf).dataValidations.add(`${target}2:${target}${MAX_DATA_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`lists!$${letter}$1:$${letter}$${values.length}`],
      // A warning, not a stop: the import also takes ids, English names and other spellings.
      showErrorMessage: true,
      errorStyle: 'warning',
    });
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** Units as a workbook in the template's columns; with several hospitals, a hospital column first. */
export async function unitExportWorkbook(hospitals: { scope: UnitScope }[], text: WorkbookText, lang: Lang, withHospital: boolean): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(both(text.unitsSheet));
  ws.addRow([...(withHospital ? [both(text.hospitalHeader)] : []), ...UNIT_FIELDS.map(header)]);
  for (const { scope } of hospitals) {
    const units = [...scope.units].sort((a, b) => a.asset.assetTag.localeCompare(b.asset.assetTag));
    for (const u of units) ws.addRow([...(withHospital ? [scope.hospital.name[lang]] : []), ...unitCells(u.asset, scope, lang)]);
  }
  styleHeader(ws, withHospital ? 1 : 0);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
