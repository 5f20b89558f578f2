/**
 * The report's TrueType fonts: read from assets/fonts once, checked, parsed once and kept for the
 * life of the process. A failed load is not kept, so a repaired install works without a restart.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { jsPDF } from 'jspdf';
import { RpcFailure } from '../../src-shared/rpc/result';
import { parseTtf, shareFont, type TtfFont } from './font-view';

export const FONT_FILES = { regular: 'NotoSansSC-Regular.ttf', bold: 'NotoSansSC-Bold.ttf' } as const;
export type FontStyle = keyof typeof FONT_FILES;
export const FONT_FAMILY = 'NotoSansSC';

/** Characters the report's own labels need; a font without them is not the font we ship. */
const REQUIRED = '巡检报告第页共医院签名盖章处0123456789ABCabc□';

export interface LoadedFont {
  /** Put into a document's virtual file system instead of the 7 MB file. */
  readonly marker: string;
  hasGlyph(codePoint: number): boolean;
  /** Advance width of a BMP character in 1/1000 em, as jsPDF will set it. */
  advance(codePoint: number): number;
}

export interface ReportFonts {
  regular: LoadedFont;
  bold: LoadedFont;
}

const cache = new Map<string, Promise<ReportFonts>>();

/** Loads (once per folder) and checks the fonts; throws RpcFailure font_missing / font_broken. */
export function loadReportFonts(fontsDir: string): Promise<ReportFonts> {
  let fonts = cache.get(fontsDir);
  if (!fonts) {
    fonts = Promise.all([loadFont(fontsDir, 'regular'), loadFont(fontsDir, 'bold')]).then(([regular, bold]) => ({ regular, bold }));
    fonts.catch(() => cache.delete(fontsDir));
    cache.set(fontsDir, fonts);
  }
  return fonts;
}

async function loadFont(fontsDir: string, style: FontStyle): Promise<LoadedFont> {
  const file = FONT_FILES[style];
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(fontsDir, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new RpcFailure('font_missing', `font file missing: ${file}`, { file });
    throw new RpcFailure('font_broken', `font file unreadable: ${file}: ${(error as Error).message}`, { file });
  }
  const font = parseChecked(bytes, file);
  const marker = shareFont(font);
  return {
    marker,
    hasGlyph: (cp) => cp <= 0xffff && font.characterToGlyph(cp) !== 0,
    advance: (cp) => font.widthOfGlyph(font.characterToGlyph(cp)),
  };
}

function parseChecked(bytes: Buffer, file: string): TtfFont {
  const broken = (detail: string): RpcFailure => new RpcFailure('font_broken', `font file broken: ${file}: ${detail}`, { file });
  if (bytes.length < 12 || bytes.readUInt32BE(0) !== 0x00010000) throw broken('not a TrueType (glyf) font');
  let font: TtfFont;
  try {
    font = parseTtf(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  } catch (error) {
    throw broken((error as Error).message);
  }
  // jsPDF reads past the end of a truncated file without complaint, so check the tables fit.
  for (const tag of ['cmap', 'glyf', 'loca', 'hmtx', 'head']) {
    const table = font.directory.tables[tag];
    if (!table || table.offset + table.length > bytes.length) throw broken(`table ${tag} missing or cut short`);
  }
  for (const char of REQUIRED) {
    const glyph = font.characterToGlyph(char.codePointAt(0)!);
    if (glyph === 0) throw broken(`no glyph for "${char}"`);
    const width = font.widthOfGlyph(glyph);
    if (!Number.isFinite(width) || width <= 0) throw broken(`bad width for "${char}"`);
    try {
      font.glyf.glyphFor(glyph);
    } catch (error) {
      throw broken(`outline of "${char}": ${(error as Error).message}`);
    }
  }
  return font;
}

/** Registers both fonts with a new document (cheap: the parse is shared). */
export function addFontsTo(doc: jsPDF, fonts: ReportFonts): void {
  for (const style of ['regular', 'bold'] as const) {
    const vfsName = FONT_FILES[style];
    doc.addFileToVFS(vfsName, fonts[style].marker);
    doc.addFont(vfsName, FONT_FAMILY, style === 'regular' ? 'normal' : 'bold', undefined, 'Identity-H');
  }
}
