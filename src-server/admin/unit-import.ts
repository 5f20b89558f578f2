/**
 * An Excel import of a hospital's units, planned before anything is written (issue 14): each row
 * of the sheet, through the column mapping, becomes a unit checked by checkUnit, and is new,
 * an update of the unit with the same asset tag (its id kept, each changed field old → new),
 * unchanged, or refused with its problems. A tag on several rows refuses all of them: which row is
 * right is the administrator's call, not the order of the rows. Stored units the file does not
 * list are counted and named; they are left as they are unless the administrator asks, on
 * confirm, to delete them too. The plan keeps the guarded writes to make on confirm and the
 * hashes of everything it was checked against, so a change made in between refuses the whole import.
 */
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { checkUnit, normalTag, unitIdFor, type ProblemCode, type ProblemParam, type UnitData, type UnitInput, type UnitProblem, type UnitScope } from './unit-checks';
import type { HardwareType } from '../../src-shared/catalog/schema';
import { TYPE_LABELS, typeByAlias, UNIT_FIELDS, type Bilingual, type UnitField } from './unit-fields';
import type { SheetCell, SheetTable } from './unit-sheet';

/** Which column (an index into the table's columns) each field is read from. */
export type ColumnMapping = Partial<Record<UnitField, number>>;

export type RowAction = 'new' | 'update' | 'unchanged' | 'refused';

export interface RowProblem extends UnitProblem {
  /** The column's letter and header, where the field was mapped to one. */
  column?: string;
  header?: string;
}

export interface PlannedRow {
  /** The row's number as in Excel. */
  r: number;
  action: RowAction;
  /** The unit's id (kept for an update, made from the tag for a new one). */
  unitId?: string;
  /** The row's cells as read, per mapped field, for the preview table. */
  values: UnitInput;
  problems: RowProblem[];
  /** For an update: each field that changes, as it is stored and as the file has it. */
  changes?: FieldChange[];
  /** For a row that is not refused: the type and model as they will be stored. */
  type?: HardwareType;
  model?: string;
  /** The type cell's text when it named the type by an alias ("叫号器"), not by its own label or value: to be checked. */
  typeAlias?: string;
}

/** One changed field of an updated unit; names are kept in both languages for the preview. */
export interface FieldChange {
  field: UnitField;
  from: ProblemParam;
  to: ProblemParam;
}

/** Stored units of the hospital whose tags no row of the file has: left as they are unless the administrator asks to delete them. */
export interface NotInFile {
  count: number;
  /** The first few, by tag, for the preview to name. */
  units: { id: string; tag: string; name?: Bilingual; department?: Bilingual; room?: string }[];
  /** Every one's id (absent from plans made before deleting them was offered). */
  ids?: string[];
}

/** How many rows of a repeated tag each of them names. */
const DUPLICATE_ROWS_NAMED = 10;

/** How many of the units not in the file the preview names. */
export const NOT_IN_FILE_SHOWN = 50;

export interface PlannedWrite {
  key: string;
  hash: string;
  data: unknown;
  /** null for a new unit; for an update, the hash of the unit as it was when previewed. */
  expectedHash: string | null;
}

/** What the plan was checked against: if any of it changes before confirm, nothing is written. */
export interface ImportGuard {
  hospital: string;
  contracts: Record<string, string>;
  units: Record<string, string>;
}

export interface ImportPlan {
  rows: PlannedRow[];
  counts: Record<RowAction, number>;
  emptyRows: number;
  /** Absent from plans made before it was counted. */
  notInFile?: NotInFile;
  writes: PlannedWrite[];
  guard: ImportGuard;
}

/** A cell as a field's text, or why it cannot be: dates, errors, booleans and unsaved formulas are not text. */
export function cellText(cell: SheetCell | undefined): { text: string } | { problem: ProblemCode; params: Record<string, ProblemParam> } {
  if (cell === null || cell === undefined) return { text: '' };
  if (typeof cell === 'string') return { text: cell };
  if ('n' in cell) {
    // A number stands for its digits ("302" typed into a number cell): unambiguous unless Excel shows it in exponent form.
    const n = Number(cell.n.toPrecision(15));
    const text = String(n);
    return /e/i.test(text) ? { problem: 'cellNumber', params: { value: text } } : { text };
  }
  if ('d' in cell) return { problem: 'cellDate', params: { value: cell.d } };
  if ('e' in cell) return { problem: 'cellError', params: { value: cell.e } };
  if ('b' in cell) return { problem: 'cellBool', params: { value: cell.b ? 'TRUE' : 'FALSE' } };
  return { problem: 'cellFormula', params: { value: `=${cell.f}` } };
}

/** A cell's text as kept in the plan for the preview: no field takes more than 200 characters, so a longer one was refused and its start is enough. */
const SHOWN_CHARS = 100;
const shown = (text: string): string => (text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text);

/** Whether an id may not be given to a new unit: a row of that id exists, in any hospital, deleted or not. */
export type IdUsed = (id: string) => boolean | Promise<boolean>;

/** The id for a new unit from its tag: the first of base, base-2, base-3 … neither in `taken` nor used. */
export async function freeUnitId(tag: string, taken: ReadonlySet<string>, used: IdUsed): Promise<string> {
  const skip = new Set(taken);
  for (;;) {
    const id = unitIdFor(tag, skip);
    if (!(await used(id))) return id;
    skip.add(id);
  }
}

/** Each asset tag of the file (as stored: NFKC, trimmed, upper case) with the rows that have it. */
function rowsByTag(table: SheetTable, mapping: ColumnMapping): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  if (mapping.assetTag === undefined) return rows;
  for (const row of table.rows) {
    const read = cellText(row.cells[mapping.assetTag]);
    const tag = 'text' in read ? normalTag(read.text) : '';
    if (tag) rows.set(tag, [...(rows.get(tag) ?? []), row.r]);
  }
  return rows;
}

/** The fields an update changes, each as stored and as it will be, names in both languages. */
export function unitChanges(scope: UnitScope, from: UnitData, to: UnitData): FieldChange[] {
  const campus = (id: string) => scope.hospital.campuses.find((c) => c.id === id);
  const named = (name: Bilingual | undefined, id: string): ProblemParam => (name ? { zh: name.zh, en: name.en } : id);
  const view = (u: UnitData): Record<UnitField, ProblemParam> => ({
    assetTag: u.assetTag,
    hardwareType: { zh: TYPE_LABELS[u.hardwareType].zh, en: TYPE_LABELS[u.hardwareType].en },
    model: u.model,
    nameZh: u.name.zh,
    nameEn: u.name.en,
    campus: named(campus(u.campusId)?.name, u.campusId),
    department: named(campus(u.campusId)?.departments.find((d) => d.id === u.departmentId)?.name, u.departmentId),
    room: u.room,
    contract: u.contractId,
    template: named(scope.templates.get(u.templateId)?.name, u.templateId),
  });
  const key = (u: UnitData): Record<UnitField, string> => ({
    assetTag: u.assetTag, hardwareType: u.hardwareType, model: u.model, nameZh: u.name.zh, nameEn: u.name.en,
    campus: u.campusId, department: `${u.campusId}/${u.departmentId}`, room: u.room, contract: u.contractId, template: u.templateId,
  });
  const [a, b, va, vb] = [key(from), key(to), view(from), view(to)];
  return UNIT_FIELDS.filter((f) => a[f] !== b[f]).map((field) => ({ field, from: va[field], to: vb[field] }));
}

export async function planImport(table: SheetTable, mapping: ColumnMapping, scope: UnitScope, takenIds: ReadonlySet<string>, used: IdUsed = () => false): Promise<ImportPlan> {
  const byTag = new Map(scope.units.map((u) => [u.asset.assetTag, u]));
  const tagRows = rowsByTag(table, mapping);
  const taken = new Set(takenIds);
  const rows: PlannedRow[] = [];
  const writes: PlannedWrite[] = [];
  const counts: Record<RowAction, number> = { new: 0, update: 0, unchanged: 0, refused: 0 };

  for (const row of table.rows) {
    const values: UnitInput = {};
    const problems: RowProblem[] = [];
    const where = (field: UnitField): Pick<RowProblem, 'column' | 'header'> => {
      const column = mapping[field] === undefined ? undefined : table.columns[mapping[field]];
      return column ? { column: column.letter, header: column.header } : {};
    };
    const badCells = new Set<UnitField>();
    for (const field of UNIT_FIELDS) {
      const index = mapping[field];
      if (index === undefined) continue;
      const read = cellText(row.cells[index]);
      if ('text' in read) values[field] = read.text;
      else {
        badCells.add(field);
        problems.push({ field, code: read.problem, params: read.params, ...where(field) });
      }
    }

    const tag = normalTag(values.assetTag ?? '');
    const existing = tag ? byTag.get(tag) : undefined;
    const checked = checkUnit(values, scope, existing ? { selfId: existing.asset.id } : {});
    // A field whose cell could not be read already has its problem; "required" would repeat it.
    problems.push(...checked.problems.filter((p) => !badCells.has(p.field)).map((p) => ({ ...p, ...where(p.field) })));
    const sameTag = tag && !badCells.has('assetTag') ? (tagRows.get(tag) ?? []) : [];
    // Many rows of one tag (a column filled down) name the first few: each refused row carries the list.
    if (sameTag.length > DUPLICATE_ROWS_NAMED) problems.push({ field: 'assetTag', code: 'tagInFileMany', params: { value: tag, count: sameTag.length, rows: sameTag.slice(0, DUPLICATE_ROWS_NAMED) }, ...where('assetTag') });
    else if (sameTag.length > 1) problems.push({ field: 'assetTag', code: 'tagInFile', params: { value: tag, rows: sameTag }, ...where('assetTag') });

    if (problems.length > 0 || !checked.unit) {
      const kept = Object.fromEntries(Object.entries(values).map(([f, v]) => [f, shown(v)])) as UnitInput;
      const params = (p: RowProblem): RowProblem => ({ ...p, params: Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, typeof v === 'string' ? shown(v) : v])) });
      rows.push({ r: row.r, action: 'refused', values: kept, problems: problems.map(params) });
      counts.refused++;
      continue;
    }
    const unitId = existing ? existing.asset.id : await freeUnitId(checked.unit.assetTag, taken, used);
    taken.add(unitId);
    const data = { id: unitId, ...checked.unit };
    const hash = await canonicalHash(data);
    const action: RowAction = !existing ? 'new' : existing.hash === hash ? 'unchanged' : 'update';
    const typeText = values.hardwareType ?? '';
    rows.push({
      r: row.r, action, unitId, values, problems: [], type: checked.unit.hardwareType, model: checked.unit.model,
      ...(typeByAlias(typeText) ? { typeAlias: shown(typeText.trim()) } : {}),
      ...(action === 'update' ? { changes: unitChanges(scope, existing!.asset, checked.unit) } : {}),
    });
    counts[action]++;
    if (action !== 'unchanged') writes.push({ key: unitId, hash, data, expectedHash: existing ? existing.hash : null });
  }

  const absent = scope.units.filter((u) => !tagRows.has(u.asset.assetTag)).sort((a, b) => a.asset.assetTag.localeCompare(b.asset.assetTag));
  return {
    rows,
    counts,
    emptyRows: table.emptyRows,
    notInFile: {
      count: absent.length,
      units: absent.slice(0, NOT_IN_FILE_SHOWN).map(({ asset }) => {
        const department = scope.hospital.campuses.find((c) => c.id === asset.campusId)?.departments.find((d) => d.id === asset.departmentId)?.name;
        return { id: asset.id, tag: asset.assetTag, name: { zh: asset.name.zh, en: asset.name.en }, ...(department ? { department: { zh: department.zh, en: department.en } } : {}), room: asset.room };
      }),
      ids: absent.map((u) => u.asset.id),
    },
    writes,
    guard: {
      hospital: scope.hospitalHash,
      contracts: Object.fromEntries(scope.contracts.map((c) => [c.contract.id, c.hash])),
      units: Object.fromEntries(scope.units.map((u) => [u.asset.id, u.hash])),
    },
  };
}

/** Keys whose stored hash is no longer the one the plan was checked against (added, changed or gone). */
export function guardChanges(guard: ImportGuard, scope: UnitScope): string[] {
  const changed: string[] = [];
  if (guard.hospital !== scope.hospitalHash) changed.push(`hospital ${scope.hospital.id}`);
  const contracts = new Map(scope.contracts.map((c) => [c.contract.id, c.hash]));
  for (const key of new Set([...Object.keys(guard.contracts), ...contracts.keys()])) {
    if (guard.contracts[key] !== contracts.get(key)) changed.push(`contract ${key}`);
  }
  const units = new Map(scope.units.map((u) => [u.asset.id, u.hash]));
  for (const key of new Set([...Object.keys(guard.units), ...units.keys()])) {
    if (guard.units[key] !== units.get(key)) changed.push(`asset ${key}`);
  }
  return changed;
}
