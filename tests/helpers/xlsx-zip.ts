/**
 * Zips built by hand for the units' import tests: the parts of a real workbook, each deflated or
 * stored, with what its directory entry declares (size, method, flags) set by the test, so files
 * that lie about themselves can be made without a zip library.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { unpackXlsx } from '../../src-server/admin/unit-file';

export interface ZipEntry {
  name: string;
  /** The bytes as stored in the zip (already deflated when method is 8). */
  data: Buffer;
  /** What the directory says the part unpacks to. */
  size: number;
  crc: number;
  method?: number;
  flags?: number;
}

/** A part deflated, declaring its true size. */
export const deflated = (name: string, content: Buffer, level = 6): ZipEntry => ({ name, data: deflateRawSync(content, { level }), size: content.length, crc: crc32(content) });

export function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const method = e.method ?? 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The parts of a workbook exceljs writes with the given sheets (each a header row and one row). */
export async function workbookParts(sheets: { name: string; rows: unknown[][] }[]): Promise<Map<string, Buffer>> {
  const book = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = book.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  const verdict = unpackXlsx(Buffer.from(await book.xlsx.writeBuffer()));
  if (!verdict.ok) throw new Error(verdict.code);
  return verdict.parts;
}

/** `count` rows from row `from`, each of `cells` cells holding shared string `index`. */
export function sharedStringRows(from: number, count: number, cells: number, index: number): string {
  const letters = Array.from({ length: cells }, (_, c) => (c < 26 ? '' : String.fromCharCode(64 + Math.floor(c / 26))) + String.fromCharCode(65 + (c % 26)));
  const rows: string[] = [];
  for (let r = from; r < from + count; r++) rows.push(`<row r="${r}">${letters.map((l) => `<c r="${l}${r}" t="s"><v>${index}</v></c>`).join('')}</row>`);
  return rows.join('');
}
