/**
 * Reads the sheets of an uploaded workbook into plain tables (issue 14): the header row, then
 * every non-empty row with its cells as the kind of value Excel holds (text, number, date, error,
 * a formula's result). Nothing is decided about units here; the mapper and the checks do that.
 * A sheet with merged cells below its header, or with more rows than an import takes, is not read.
 * Rows and cells are counted in the sheet's XML before exceljs parses it, and exceljs is given one
 * sheet at a time (every other worksheet part empty), so one upload's memory and time stay bounded.
 */
import ExcelJS from 'exceljs';
import { checkUpload, storedZip, type XlsxParts } from './unit-file';
import { columnLetter, headerScore } from './unit-fields';

/** An import takes at most this many units: a longer list is split into files of this size. */
export const MAX_DATA_ROWS = 5000;
/** Columns past this are not read (a unit has ten fields; lists rarely have thirty columns). */
export const MAX_COLUMNS = 40;
/** Sheets past this are listed but not read, so one upload's work stays bounded. */
export const MAX_SHEETS_READ = 5;
/** The header is looked for among the first rows that hold anything (a title row may come first). */
const HEADER_SEARCH_ROWS = 10;
/** Longer cell text is cut here: no field takes more than 200 characters, so the check still refuses it. */
const MAX_CELL_TEXT = 1000;

/** A cell as read: text, or what it holds when that is not text, so each field can say what it accepts. */
export type SheetCell = string | { n: number } | { d: string } | { e: string } | { b: boolean } | { f: string } | null;

export interface SheetColumn {
  index: number;
  letter: string;
  header: string;
}

export interface SheetRow {
  /** The row's number as Excel shows it. */
  r: number;
  cells: SheetCell[];
}

export interface SheetTable {
  headerRow: number;
  columns: SheetColumn[];
  rows: SheetRow[];
  /** Rows between data rows that hold nothing: skipped. */
  emptyRows: number;
}

export type SheetRead = { name: string } & (
  | { state: 'ok'; table: SheetTable }
  | { state: 'empty' }
  | { state: 'tooManyRows'; rows: number }
  | { state: 'tooManyCells'; cells: number }
  | { state: 'merged'; ranges: string[] }
  | { state: 'notRead' }
);

export type WorkbookRead = { ok: true; sheets: SheetRead[] } | { ok: false; code: 'corrupt' | 'noSheets' };

const clip = (text: string): string => (text.length > MAX_CELL_TEXT ? text.slice(0, MAX_CELL_TEXT) : text);

function dateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** What a cell of exceljs holds, as a SheetCell. Formulas give their saved result. */
export function toSheetCell(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return clip(value.trim()) || null;
  if (typeof value === 'number') return Number.isFinite(value) ? { n: value } : { e: '#NUM!' };
  if (typeof value === 'boolean') return { b: value };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { e: '#VALUE!' } : { d: dateText(value) };
  if ('error' in value) return { e: String(value.error) };
  if ('richText' in value) return clip(value.richText.map((r) => r.text).join('').trim()) || null;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue | { error: string } }).result;
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    return result === undefined ? { f: clip(String(formula)) } : toSheetCell(result as ExcelJS.CellValue);
  }
  if ('text' in value) {
    const text = value.text as unknown;
    return typeof text === 'string' ? toSheetCell(text) : toSheetCell(text as ExcelJS.CellRichTextValue);
  }
  return null;
}

/** A header cell's text (numbers and dates as written), for guessing and showing. */
function headerText(cell: SheetCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if ('n' in cell) return String(cell.n);
  if ('d' in cell) return cell.d;
  if ('e' in cell) return cell.e;
  if ('b' in cell) return String(cell.b);
  return '';
}

function readSheet(ws: ExcelJS.Worksheet): SheetRead {
  const name = ws.name;
  const rows: SheetRow[] = [];
  // master address → the rectangle it covers, for merged cells.
  const merges = new Map<string, { top: number; left: number; bottom: number; right: number }>();
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const cells: SheetCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.isMerged) {
        const master = cell.master;
        const box = merges.get(master.address) ?? { top: Number(master.row), left: Number(master.col), bottom: r, right: c };
        box.bottom = Math.max(box.bottom, r);
        box.right = Math.max(box.right, c);
        merges.set(master.address, box);
      }
      if (c > MAX_COLUMNS) return;
      cells[c - 1] = cell.type === ExcelJS.ValueType.Merge ? null : toSheetCell(cell.value);
    });
    const filled = Array.from(cells, (cell) => cell ?? null);
    if (filled.some((cell) => cell !== null)) rows.push({ r, cells: filled });
  });
  if (rows.length === 0) return { name, state: 'empty' };

  let header = rows[0]!;
  let best = 0;
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const score = headerScore(row.cells.map(headerText));
    if (score > best) {
      best = score;
      header = row;
    }
  }
  const data = rows.filter((row) => row.r > header.r);
  if (data.length > MAX_DATA_ROWS) return { name, state: 'tooManyRows', rows: data.length };

  const ranges = [...merges.values()]
    .filter((box) => box.bottom > header.r)
    .map((box) => `${columnLetter(box.left - 1)}${box.top}:${columnLetter(box.right - 1)}${box.bottom}`);
  if (ranges.length > 0) return { name, state: 'merged', ranges };

  const width = Math.max(header.cells.length, ...data.map((row) => row.cells.length));
  const columns = Array.from({ length: width }, (_, index): SheetColumn => ({ index, letter: columnLetter(index), header: headerText(header.cells[index] ?? null) }));
  const last = data.at(-1)?.r ?? header.r;
  return { name, state: 'ok', table: { headerRow: header.r, columns, rows: data, emptyRows: last - header.r - data.length } };
}

/** One visible sheet of the workbook: its name and the part that holds its cells. */
interface SheetRef {
  name: string;
  part: string | undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, name: string) =>
    name[0] === '#' ? String.fromCodePoint(Number.parseInt(name.slice(name[1] === 'x' || name[1] === 'X' ? 2 : 1), name[1] === 'x' || name[1] === 'X' ? 16 : 10)) : (ENTITIES[name] ?? all));

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) found.set(m[1]!, unescapeXml(m[2] ?? m[3] ?? ''));
  return found;
}

/** The visible sheets in the workbook's order, from xl/workbook.xml and its relationships. */
function listSheets(parts: XlsxParts): SheetRef[] | undefined {
  const workbook = parts.get('xl/workbook.xml')?.toString('utf8');
  if (!workbook) return undefined;
  const targets = new Map<string, string>();
  for (const m of (parts.get('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '').matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const target = (a.get('Target') ?? '').replace(/^\.\//, '');
    if (a.get('Id')) targets.set(a.get('Id')!, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets: SheetRef[] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const state = a.get('state');
    if (state === 'hidden' || state === 'veryHidden') continue;
    const rel = [...a.entries()].find(([k]) => /(^|:)id$/.test(k) && k !== 'sheetId')?.[1];
    sheets.push({ name: a.get('name') ?? '', part: rel === undefined ? undefined : targets.get(rel) });
  }
  return sheets;
}

/** A sheet holding more row elements than this is not read, even if most of them are empty. */
const MAX_ROW_ELEMENTS = 50_000;
/** Nor one holding more cells than this: 5,000 rows of 40 columns, twice over for cells only formatted. */
export const MAX_CELL_ELEMENTS = 2 * MAX_DATA_ROWS * MAX_COLUMNS;

/**
 * Counts a sheet's rows without parsing it: row elements, and those holding a value, a formula or
 * inline text. Counting 750,000 rows takes a fraction of a second; exceljs would take seconds and
 * hundreds of MB to build them before the row limit could be checked.
 */
export function countRows(xml: Buffer): { elements: number; withValues: number; cells: number } {
  const text = xml.toString('latin1');
  let elements = 0;
  let withValues = 0;
  let cells = 0;
  let counted = true;
  for (const m of text.matchAll(/<(?:\w+:)?(row|c|v|is|f)[\s>/]/g)) {
    if (m[1] === 'c') cells++;
    else if (m[1] === 'row') {
      elements++;
      counted = false;
    } else if (!counted) {
      withValues++;
      counted = true;
    }
  }
  return { elements, withValues, cells };
}

const EMPTY_SHEET = Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>');

/** Reads one sheet: the workbook is given to exceljs with every other sheet's cells left out. */
async function readOne(parts: XlsxParts, sheets: SheetRef[], index: number): Promise<SheetRead | 'corrupt'> {
  const ref = sheets[index]!;
  const xml = ref.part === undefined ? undefined : parts.get(ref.part);
  if (xml) {
    const rows = countRows(xml);
    // The header is among the first HEADER_SEARCH_ROWS rows holding anything; the rest are data.
    if (rows.withValues > MAX_DATA_ROWS + HEADER_SEARCH_ROWS) return { name: ref.name, state: 'tooManyRows', rows: rows.withValues - 1 };
    if (rows.elements > MAX_ROW_ELEMENTS) return { name: ref.name, state: 'tooManyRows', rows: rows.elements };
    if (rows.cells > MAX_CELL_ELEMENTS) return { name: ref.name, state: 'tooManyCells', cells: rows.cells };
  }
  // Every other worksheet part, hidden sheets' and unlisted ones included, is given to exceljs empty.
  const other = (name: string): boolean => name !== ref.part && /^xl\/worksheets\/[^/]+\.xml$/.test(name);
  const only: XlsxParts = new Map([...parts].map(([name, data]) => [name, other(name) ? EMPTY_SHEET : data]));
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(storedZip(only) as unknown as ArrayBuffer);
  } catch {
    return 'corrupt';
  }
  const ws = book.worksheets.find((w) => w.name === ref.name);
  return ws ? readSheet(ws) : { name: ref.name, state: 'empty' };
}

/** A sheet as kept between the steps of an import: what the pages show, not its rows. */
export type SheetSummary = { name: string } & (
  | { state: 'ok'; table: { headerRow: number; columns: SheetColumn[]; rowCount: number; emptyRows: number; first: SheetCell[] } }
  | Exclude<SheetRead, { state: 'ok' }>
);

export function summarize(read: SheetRead): SheetSummary {
  if (read.state !== 'ok') return read;
  const { headerRow, columns, rows, emptyRows } = read.table;
  return { name: read.name, state: 'ok', table: { headerRow, columns, rowCount: rows.length, emptyRows, first: rows[0]?.cells ?? [] } };
}

const partsOf = (file: Buffer | XlsxParts): XlsxParts | undefined => {
  if (!Buffer.isBuffer(file)) return file;
  const verdict = checkUpload(file);
  return verdict.ok ? verdict.parts : undefined;
};

/**
 * Every visible sheet, the first MAX_SHEETS_READ of them read, one at a time: each is passed to
 * `keep` before the next is read, so only one sheet's rows are held at once.
 */
async function eachSheet<T>(file: Buffer | XlsxParts, keep: (read: SheetRead) => T): Promise<{ ok: true; sheets: (T | SheetRead)[] } | { ok: false; code: 'corrupt' | 'noSheets' }> {
  const parts = partsOf(file);
  const sheets = parts && listSheets(parts);
  if (!parts || !sheets) return { ok: false, code: 'corrupt' };
  if (sheets.length === 0) return { ok: false, code: 'noSheets' };
  const out: (T | SheetRead)[] = [];
  for (let i = 0; i < sheets.length; i++) {
    if (i >= MAX_SHEETS_READ) {
      out.push({ name: sheets[i]!.name, state: 'notRead' });
      continue;
    }
    const read = await readOne(parts, sheets, i);
    if (read === 'corrupt') return { ok: false, code: 'corrupt' };
    out.push(keep(read));
  }
  return { ok: true, sheets: out };
}

/** Every visible sheet with all its rows (the bytes or the parts checkUpload unpacked). */
export async function readWorkbook(file: Buffer | XlsxParts): Promise<WorkbookRead> {
  return eachSheet(file, (read) => read);
}

/** Every visible sheet summarized, for the mapping page; rows are read again when the mapping is chosen. */
export async function summarizeWorkbook(file: Buffer | XlsxParts): Promise<{ ok: true; sheets: SheetSummary[] } | { ok: false; code: 'corrupt' | 'noSheets' }> {
  return eachSheet(file, summarize) as Promise<{ ok: true; sheets: SheetSummary[] } | { ok: false; code: 'corrupt' | 'noSheets' }>;
}

/** One visible sheet (by its index among them) with all its rows. */
export async function readSheetAt(file: Buffer | XlsxParts, index: number): Promise<SheetRead | undefined> {
  const parts = partsOf(file);
  const sheets = parts && listSheets(parts);
  if (!parts || !sheets?.[index] || index >= MAX_SHEETS_READ) return undefined;
  const read = await readOne(parts, sheets, index);
  return read === 'corrupt' ? undefined : read;
}
