/** A console list as one .xlsx sheet in the house style: bold frozen header row, column widths, an autofilter. */
import ExcelJS from 'exceljs';
import type { OfficeContext } from '../context';
import { translator, type Lang, type MessageKey } from './i18n';

export type SheetColumn = { header: MessageKey; key: string; width: number };

export async function oneSheetWorkbook(
  ctx: Pick<OfficeContext, 'now'>,
  lang: Lang,
  sheetName: MessageKey,
  columns: SheetColumn[],
  rows: Record<string, string | number>[],
  options: { freezeFirstColumn?: boolean } = {},
): Promise<Uint8Array> {
  const t = translator(lang);
  const book = new ExcelJS.Workbook();
  book.created = ctx.now();
  const sheet = book.addWorksheet(t(sheetName), { views: [{ state: 'frozen', ySplit: 1, ...(options.freezeFirstColumn ? { xSplit: 1 } : {}) }] });
  sheet.columns = columns.map((c) => ({ header: t(c.header), key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return new Uint8Array(await book.xlsx.writeBuffer());
}
