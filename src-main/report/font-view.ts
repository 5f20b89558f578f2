/**
 * How a parsed font is shared between jsPDF documents, and two fixes to jsPDF's font writer.
 *
 * jsPDF parses a font for every document it is added to (~40 ms per 7 MB file). We parse it once
 * and hand each document a view: a shallow copy sharing the parsed tables and glyph outlines
 * (jsPDF only reads them), with fresh copies of everything jsPDF writes per document (glyphs used,
 * widths, ToUnicode map, subset). Documents reach the view through a short marker string in their
 * virtual file system that our wrapper of `TTFFont.open` recognises.
 *
 * When the PDF is written, jsPDF builds the embedded subset by concatenating arrays glyph by glyph
 * and table by table (quadratic: ~140 ms of a 240 ms report) and copies the full hmtx table. The
 * view replaces those two steps with linear equivalents that write the same font.
 */
import { jsPDF } from 'jspdf';

type Bytes = ArrayLike<number>;

/** The parts of jsPDF's internal TTFFont we touch (it has no published types). */
export interface TtfFont {
  characterToGlyph(codePoint: number): number;
  widthOfGlyph(glyph: number): number;
  directory: { scalarType: number; tables: Record<string, { offset: number; length: number }>; encode(tables: Record<string, Bytes>): Bytes };
  glyf: { glyphFor(glyph: number): unknown; encode(glyphs: Record<string, Glyph | null>, ids: Bytes, old2new: unknown): { table: Bytes; offsets: number[] } };
  subset: { constructor: new (font: TtfFont) => unknown };
  toUnicode: Record<number, number>;
  Unicode?: { encoding: Record<string, unknown>; kerning: Record<string, unknown>; widths: unknown[] };
  glyIdsUsed?: number[];
  hhea: { numberOfMetrics: number };
  hmtx: { raw(): number[] | null };
}
interface Glyph {
  encode(old2new: unknown): Bytes;
}

const api = (jsPDF.API as unknown as { TTFFont: { open(file: Uint8Array): TtfFont } }).TTFFont;
/** jsPDF's own parser. */
export const parseTtf = api.open.bind(api);

const MARKER = '\x00\x01\x00\x00xunjian-font:';
const parsedByMarker = new Map<string, TtfFont>();
let nextMarker = 1;

api.open = (file: Uint8Array): TtfFont => {
  if (file.length < 64) {
    const base = parsedByMarker.get(String.fromCharCode(...file));
    if (base) return viewOf(base);
  }
  return parseTtf(file);
};

/** Registers a parsed font; returns the string to put in a document's VFS in place of the file. */
export function shareFont(font: TtfFont): string {
  const marker = `${MARKER}${nextMarker++}`;
  parsedByMarker.set(marker, font);
  return marker;
}

/** Copies an object with its prototype, then overrides some of its properties. */
function derive<T extends object>(base: T, overrides: Partial<T>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(base) as object) as T, base, overrides);
}

/**
 * A copy, not a prototype link: jsPDF tests `hasOwnProperty('cmap')` and silently drops every
 * character above U+00FF when that fails.
 */
function viewOf(base: TtfFont): TtfFont {
  const view: TtfFont = derive(base, {
    toUnicode: {},
    Unicode: { encoding: {}, kerning: {}, widths: [] },
    glyf: derive(base.glyf, { encode: encodeGlyf }),
    directory: derive(base.directory, { encode: (tables) => encodeDirectory(base.directory.scalarType, tables) }),
    hmtx: derive(base.hmtx, { raw: (): number[] | null => usedMetricsOnly(base, view.glyIdsUsed ?? []) }),
  });
  view.subset = new base.subset.constructor(view) as TtfFont['subset'];
  return view;
}

/** jsPDF's GlyfTable.encode, without re-copying the table for every glyph. */
function encodeGlyf(glyphs: Record<string, Glyph | null>, ids: Bytes, old2new: unknown): { table: Bytes; offsets: number[] } {
  const parts: Bytes[] = [];
  const offsets: number[] = [];
  let length = 0;
  for (let i = 0; i < ids.length; i++) {
    offsets.push(length);
    const glyph = glyphs[ids[i]!];
    if (glyph) {
      const bytes = glyph.encode(old2new);
      parts.push(bytes);
      length += bytes.length;
    }
  }
  offsets.push(length);
  return { table: concat(parts, length), offsets };
}

/** jsPDF's Directory.encode (table directory, 4-byte padding, checksums), into one buffer. */
function encodeDirectory(scalarType: number, tables: Record<string, Bytes>): Uint8Array {
  const tags = Object.keys(tables);
  const headerLength = 12 + tags.length * 16;
  const padded = (n: number): number => (n + 3) & ~3;
  const total = tags.reduce((sum, tag) => sum + padded(tables[tag]!.length), headerLength);
  const out = Buffer.alloc(total);
  const entrySelector = Math.floor(Math.log2(tags.length));
  const searchRange = 2 ** entrySelector * 16;
  out.writeUInt32BE(scalarType >>> 0, 0);
  out.writeUInt16BE(tags.length, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(tags.length * 16 - searchRange, 10);
  let offset = headerLength;
  let headOffset = -1;
  tags.forEach((tag, i) => {
    const table = tables[tag]!;
    out.set(table, offset);
    const entry = 12 + i * 16;
    out.write(tag.padEnd(4, ' '), entry, 'latin1');
    out.writeUInt32BE(checksum(out, offset, padded(table.length)), entry + 4);
    out.writeUInt32BE(offset, entry + 8);
    out.writeUInt32BE(table.length, entry + 12);
    if (tag === 'head') headOffset = offset;
    offset += padded(table.length);
  });
  if (headOffset >= 0) {
    out.writeUInt32BE(0, headOffset + 8);
    out.writeUInt32BE((0xb1b0afba - checksum(out, 0, total)) >>> 0, headOffset + 8);
  }
  return out;
}

function checksum(bytes: Buffer, from: number, length: number): number {
  let sum = 0;
  for (let i = from; i < from + length; i += 4) sum = (sum + bytes.readUInt32BE(i)) >>> 0;
  return sum;
}

function concat(parts: Bytes[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * jsPDF copies the whole hmtx table (88 KB for 22,000 glyphs, 23 KB compressed) into every PDF
 * although it embeds only the glyphs used. Viewers take widths from the PDF's /W array, so the
 * metrics of unused glyphs are zeroed and the table compresses to almost nothing.
 */
function usedMetricsOnly(base: TtfFont, used: number[]): number[] | null {
  const raw = base.hmtx.raw();
  if (!raw) return raw;
  const long = base.hhea.numberOfMetrics;
  const out = new Array<number>(raw.length).fill(0);
  for (const glyph of new Set(used)) {
    const [at, size] = glyph < long ? [glyph * 4, 4] : [long * 4 + (glyph - long) * 2, 2];
    for (let i = at; i < at + size && i < raw.length; i++) out[i] = raw[i]!;
  }
  return out;
}
