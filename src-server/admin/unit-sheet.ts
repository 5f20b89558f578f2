/**
 * Reads the sheets of an uploaded workbook into plain tables (issue 14): the header row, then
 * every non-empty row with its cells as the kind of value Excel holds (text, number, date, error,
 * a formula's result). Nothing is decided about units here; the mapper and the checks do that.
 * A sheet with merged cells below its header, or with more rows than an import takes, is not read.
 */
import ExcelJS from 'exceljs';
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

/** Every visible sheet, the first MAX_SHEETS_READ of them read. The bytes have passed checkUpload. */
export async function readWorkbook(bytes: Buffer): Promise<WorkbookRead> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, code: 'corrupt' };
  }
  const visible = book.worksheets.filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden');
  if (visible.length === 0) return { ok: false, code: 'noSheets' };
  return { ok: true, sheets: visible.map((ws, i) => (i < MAX_SHEETS_READ ? readSheet(ws) : { name: ws.name, state: 'notRead' as const })) };
}
