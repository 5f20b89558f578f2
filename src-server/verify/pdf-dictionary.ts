/**
 * The few things the office reads from a signed report's raw bytes without a PDF library: the
 * signature dictionary's /SubFilter and /M, and the document information's /Keywords, which name
 * the record the PDF is the report of (src-shared/report/pdf-identity.ts). The signing profile
 * (docs/sync-protocol.md) makes this reading unambiguous: classic cross-reference tables and no
 * object streams, so every dictionary is in the file as written, and one /Keywords entry.
 */

/** The bytes as a string whose offsets are byte offsets (latin1 maps bytes 1:1). */
export const pdfLatin1 = (pdf: Buffer): string => pdf.toString('latin1');

/** Decodes a PDF string's bytes: UTF-16BE with its byte-order mark, else PDFDocEncoding (ASCII here). */
function decodeBytes(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

/** A literal string `( … )` starting at `at`, with its escapes and balanced parentheses. */
function literalString(text: string, at: number): string | null {
  const bytes: number[] = [];
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[++i] ?? '';
      const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
      if (next in escapes) bytes.push(escapes[next]!);
      else if (/[0-7]/.test(next)) {
        const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3))![0];
        bytes.push(parseInt(octal, 8) & 0xff);
        i += octal.length - 1;
      } else if (next === '\r' || next === '\n') {
        if (next === '\r' && text[i + 1] === '\n') i++;
      } else bytes.push(next.charCodeAt(0));
      continue;
    }
    if (c === '(') {
      if (depth++ === 0) continue;
    } else if (c === ')') {
      if (--depth === 0) return decodeBytes(Buffer.from(bytes));
    }
    bytes.push(c.charCodeAt(0));
  }
  return null;
}

/** The string value of the dictionary key at `keyEnd` (right after the key's name): literal or hex. */
function stringValue(text: string, keyEnd: number): string | null {
  const rest = text.slice(keyEnd, keyEnd + 64 * 1024);
  const start = /^\s*/.exec(rest)![0].length;
  if (rest[start] === '(') return literalString(text, keyEnd + start);
  if (rest[start] === '<' && rest[start + 1] !== '<') {
    const hex = /^<([0-9A-Fa-f\s]*)>/.exec(rest.slice(start))?.[1]?.replace(/\s+/g, '');
    if (hex === undefined) return null;
    return decodeBytes(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
  }
  return null;
}

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The document's /Keywords, refusing what the signing profile rules out (object streams, two entries). */
export function documentKeywords(text: string): Read<string> {
  if (/\/Type\s*\/ObjStm\b/.test(text)) return { ok: false, reason: 'the PDF uses object streams, which the report signing profile rules out' };
  const keys = [...text.matchAll(/\/Keywords\b/g)];
  if (keys.length !== 1) return { ok: false, reason: `expected one /Keywords entry naming the record, found ${keys.length}` };
  const value = stringValue(text, keys[0]!.index + '/Keywords'.length);
  return value === null ? { ok: false, reason: 'the /Keywords entry is not a PDF string' } : { ok: true, value };
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
