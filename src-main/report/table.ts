/**
 * Tables that break across pages: the header row is repeated on every page the table reaches,
 * a row moves whole to the next page when it fits there, and a row taller than a page (a long
 * note) is split between lines so nothing is ever cut off.
 */
import { PAGE, Pen, RULE, HEAD_FILL, type Rgb, type TextStyle } from './pen';

export interface Column {
  header: string;
  /** mm. */
  width: number;
  align?: 'left' | 'center' | 'right';
  /** Background of the whole column (a label column), under any row fill. */
  fill?: Rgb;
}

/** A cell is one or more paragraphs, each in its own style (e.g. an item and its guidance). */
export interface CellPart {
  text: string;
  style?: Partial<TextStyle>;
}
export type Cell = string | CellPart[];

export interface TableRow {
  cells: Cell[];
  fill?: Rgb;
  /** A cell across the whole width under the row (a long note or record), in the row's fill. */
  wide?: Cell;
}

export interface TableOptions {
  columns: Column[];
  rows: TableRow[];
  /** Font size of the body, pt. */
  size: number;
  /** Drawn above the repeated header on each further page, e.g. the section title "（续）". */
  onContinue?: () => void;
  /** A key/value table has no header row. */
  header?: boolean;
  /** Rows at least this tall (mm): room to write by hand on a blank sheet. */
  minRowHeight?: number;
}

interface Line {
  text: string;
  style: TextStyle;
  height: number;
}

const PAD_X = 1.4;
const PAD_Y = 1.1;
/** A row split never leaves fewer than this many mm of it at the bottom of a page. */
const MIN_SPLIT = 12;

export function drawTable(pen: Pen, { columns, rows, size, onContinue, header = true, minRowHeight = 0 }: TableOptions): void {
  const head: TableRow = { cells: columns.map((c) => [{ text: c.header, style: { style: 'bold' } }]), fill: HEAD_FILL };
  const headLines = layoutRow(pen, columns, head, size);
  const headerHeight = header ? rowHeight(headLines) : 0;

  const startPage = (): void => {
    if (header) drawChunk(pen, columns, headLines, head.fill);
  };
  const breakPage = (): void => {
    pen.newPage();
    onContinue?.();
    startPage();
  };

  if (pen.y + headerHeight + Pen.lineHeight(size) + 2 * PAD_Y > PAGE.bottom) pen.newPage();
  startPage();
  const across: Column[] = [{ header: '', width: columns.reduce((sum, c) => sum + c.width, 0) }];
  const place = (cols: Column[], row: TableRow, minHeight: number): void => {
    let lines = layoutRow(pen, cols, row, size);
    const height = Math.max(rowHeight(lines), minHeight);
    if (pen.y + height > PAGE.bottom) {
      const freshRoom = PAGE.bottom - PAGE.top - headerHeight - 12;
      if (height <= freshRoom || PAGE.bottom - pen.y < MIN_SPLIT) breakPage();
    }
    // Split what does not fit, page after page.
    while (pen.y + rowHeight(lines) > PAGE.bottom) {
      const [now, rest] = splitLines(lines, PAGE.bottom - pen.y - 2 * PAD_Y);
      drawChunk(pen, cols, now, row.fill);
      lines = rest;
      breakPage();
    }
    drawChunk(pen, cols, lines, row.fill, minHeight);
  };
  for (const row of rows) {
    place(columns, row, minRowHeight);
    if (row.wide !== undefined) place(across, { cells: [row.wide], ...(row.fill ? { fill: row.fill } : {}) }, 0);
  }
}

function layoutRow(pen: Pen, columns: Column[], row: TableRow, size: number): Line[][] {
  return columns.map((column, i) => {
    const cell = row.cells[i] ?? '';
    const parts: CellPart[] = typeof cell === 'string' ? [{ text: cell }] : cell;
    return parts.flatMap((part) => {
      const style: TextStyle = { size, ...part.style };
      const height = Pen.lineHeight(style.size);
      return pen.lines(part.text, column.width - 2 * PAD_X, style).map((text) => ({ text, style, height }));
    });
  });
}

function rowHeight(cells: Line[][]): number {
  return Math.max(...cells.map((lines) => lines.reduce((sum, l) => sum + l.height, 0))) + 2 * PAD_Y;
}

/** Takes from each cell the lines that fit in `room` mm; the rest carries over. */
function splitLines(cells: Line[][], room: number): [Line[][], Line[][]] {
  const now: Line[][] = [];
  const rest: Line[][] = [];
  for (const lines of cells) {
    let used = 0;
    let n = 0;
    while (n < lines.length && used + lines[n]!.height <= room) used += lines[n++]!.height;
    // A page must always take at least one line, or a very tall line would loop forever.
    if (n === 0 && lines.length > 0 && cells.every((c) => c.length === 0 || c[0]!.height > room)) n = 1;
    now.push(lines.slice(0, n));
    rest.push(lines.slice(n));
  }
  return [now, rest];
}

function drawChunk(pen: Pen, columns: Column[], cells: Line[][], fill: Rgb | undefined, minHeight = 0): void {
  const height = Math.max(rowHeight(cells), minHeight);
  const top = pen.y;
  const totalWidth = columns.reduce((sum, c) => sum + c.width, 0);
  let x = PAGE.left;
  for (const column of columns) {
    if (column.fill) pen.fillRect(x, top, column.width, height, column.fill);
    x += column.width;
  }
  if (fill) pen.fillRect(PAGE.left, top, totalWidth, height, fill);
  x = PAGE.left;
  columns.forEach((column, i) => {
    let y = top + PAD_Y;
    for (const line of cells[i] ?? []) {
      const tx = column.align === 'center' ? x + column.width / 2 : column.align === 'right' ? x + column.width - PAD_X : x + PAD_X;
      pen.drawLine(line.text, tx, y, line.style, column.align ?? 'left');
      y += line.height;
    }
    x += column.width;
  });
  pen.strokeRect(PAGE.left, top, totalWidth, height, RULE, 0.15);
  x = PAGE.left;
  for (const column of columns.slice(0, -1)) {
    x += column.width;
    pen.doc.line(x, top, x, top + height);
  }
  pen.y = top + height;
}
