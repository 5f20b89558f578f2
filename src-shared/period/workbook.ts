/**
 * A periodic report's tables as an .xlsx file (issue 12 point 6), built from the same input as
 * the PDF so both show the same figures: a summary sheet with the report's fields and ticked
 * grades, one sheet per table (and per chart whose numbers no table holds, e.g. done per month),
 * and the appendix's records behind every figure. Labels come from the report, which is already
 * in its language; counts are real numbers so a reader can sum and filter them.
 */
import ExcelJS from 'exceljs';
import { translate } from '../i18n/translate';
import type { PeriodBlock, PeriodReportInput, PeriodTable } from '../report/period-report';

const HEAD_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF2F7' } } as const;

/** Excel's rules for a sheet name: at most 31 characters, none of []:*?/\, unique in the book. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** A plain count or amount becomes a number; "95%", "—" and words stay text. */
function cellValue(text: string): string | number {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function addTable(book: ExcelJS.Workbook, taken: Set<string>, title: string, headers: string[], rows: string[][], widths: number[]): void {
  const sheet = book.addWorksheet(sheetName(title, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers.map((header, i) => ({ header, width: widths[i] ?? 16 }));
  for (const row of rows) sheet.addRow(row.map(cellValue));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = HEAD_FILL;
  });
  if (rows.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
}

const widthsOf = (table: PeriodTable): number[] => table.columns.map((c) => Math.round(6 + c.weight * 8));

export async function periodWorkbook(input: PeriodReportInput): Promise<Uint8Array> {
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]): string => translate(input.locale, key, params);
  const book = new ExcelJS.Workbook();
  book.creator = 'Xunjian';
  book.created = new Date(input.madeAt);
  const taken = new Set<string>();

  const summary = book.addWorksheet(sheetName(t('period.report.sheet.summary'), taken));
  summary.columns = [{ width: 34 }, { width: 60 }];
  summary.addRow([input.title]).font = { bold: true, size: 14 };
  summary.addRow([input.subtitle]);
  if (input.empty) summary.addRow([t('period.report.empty')]).font = { color: { argb: 'FFBE1414' } };
  const tables: PeriodTable[] = [];
  const charts: Extract<PeriodBlock, { type: 'chart' }>[] = [];
  for (const section of input.sections) {
    summary.addRow([]);
    summary.addRow([section.heading]).font = { bold: true, size: 12 };
    for (const block of section.blocks) {
      if (block.type === 'fields') for (const r of block.rows) summary.addRow([r.label, cellValue(r.value)]);
      else if (block.type === 'choices') summary.addRow([block.label, block.options.filter((o) => o.checked).map((o) => o.text).join('、') || '—']);
      else if (block.type === 'paragraph' && block.tone === 'warning') summary.addRow([block.text]).font = { color: { argb: 'FFBE1414' } };
      else if (block.type === 'table') tables.push(block);
      else if (block.type === 'chart') charts.push(block);
    }
  }
  for (const table of tables) addTable(book, taken, table.title, table.columns.map((c) => c.header), table.rows, widthsOf(table));
  // A chart's numbers that no table holds (per window, per promise) get their own sheet.
  const tableTitles = new Set(tables.map((x) => x.title));
  for (const chart of charts) {
    if (tableTitles.has(chart.title) || chart.categories.length === 0) continue;
    const rows = chart.categories.map((category, i) => [category, ...chart.series.map((s) => (s.values[i] === null || s.values[i] === undefined ? '—' : String(s.values[i])))]);
    addTable(book, taken, chart.title, ['', ...chart.series.map((s) => s.name)], rows, [24, ...chart.series.map(() => 14)]);
  }
  const trace = input.trace;
  const first = trace[0];
  const headers = [t('period.report.col.figure'), ...(first ? first.columns.map((c) => c.header) : [])];
  // Each group's title ends with its count ("故障（40 条）"): the figure column keeps only the name.
  const figureOf = (title: string): string => title.replace(/\s*[（(][^（()）]*[)）]\s*$/, '');
  addTable(
    book,
    taken,
    t('period.report.sheet.trace'),
    headers,
    trace.flatMap((table) => table.rows.map((row) => [figureOf(table.title), ...row])),
    [18, ...(first ? widthsOf(first) : [])],
  );
  return new Uint8Array(await book.xlsx.writeBuffer());
}
