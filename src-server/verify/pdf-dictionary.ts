/**
 * The few things the office reads from a signed report's raw bytes without a PDF library: the
 * signature dictionary's /SubFilter and /M, and the document information's /Keywords, which name
 * the record the PDF is the report of (src-shared/report/pdf-identity.ts). The signing profile
 * (docs/sync-protocol.md) makes this reading unambiguous: classic cross-reference tables and no
 * object streams, so every dictionary is in the file as written; the document information is
 * found through the trailer (pdf-objects.ts), never by searching the bytes for a key.
 */
import { documentInfo } from './pdf-objects';

/** The bytes as a string whose offsets are byte offsets (latin1 maps bytes 1:1). */
export const pdfLatin1 = (pdf: Buffer): string => pdf.toString('latin1');

/** Decodes a PDF string's bytes: UTF-16BE with its byte-order mark, else PDFDocEncoding (ASCII here). */
function decodeBytes(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The document information's /Keywords, refusing what the signing profile rules out (object streams). */
export function documentKeywords(text: string): Read<string> {
  if (/\/Type\s*\/ObjStm\b/.test(text)) return { ok: false, reason: 'the PDF uses object streams, which the report signing profile rules out' };
  const info = documentInfo(text);
  if (!info.ok) return info;
  const keywords = info.value.get('Keywords');
  if (!keywords) return { ok: false, reason: 'the document information has no /Keywords naming the record' };
  return keywords.kind === 'string' ? { ok: true, value: decodeBytes(keywords.bytes) } : { ok: false, reason: 'the /Keywords entry is not a PDF string' };
}

/** The signature dictionary's /SubFilter and /M, read around its /ByteRange. */
export function signatureDictionary(text: string, byteRangeAt: number): { subFilter?: string; signedAt?: Date } {
  // The placeholder writes the whole dictionary within a few kilobytes of /ByteRange, /Contents aside.
  const begin = text.lastIndexOf('<<', byteRangeAt);
  const window = text.slice(Math.max(0, begin), byteRangeAt + 4096).replace(/\/Contents\s*<[0-9A-Fa-f]*>/, '');
  const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(window)?.[1];
  const m = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?\)/.exec(window);
  let signedAt: Date | undefined;
  if (m) {
    const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`;
    const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
    if (!Number.isNaN(date.getTime())) signedAt = date;
  }
  return { ...(subFilter ? { subFilter } : {}), ...(signedAt ? { signedAt } : {}) };
}
