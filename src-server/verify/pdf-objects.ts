/**
 * Just enough of the PDF file structure (ISO 32000-1 §7.3, §7.5) to find the document
 * information dictionary the way a reader does: the last `startxref`, the classic cross-reference
 * table there and its trailer, the /Info reference, and the object it points to. Reading the
 * dictionary through the file's own structure, rather than searching the bytes for a key, keeps
 * text an engineer typed (a name containing "/Keywords") from being taken for an entry. The
 * signing profile (docs/sync-protocol.md) rules out cross-reference streams and object streams,
 * which are refused here rather than half-read.
 */
import type { Read } from './pdf-dictionary';

export type PdfValue =
  | { kind: 'dict'; entries: Map<string, PdfValue> }
  | { kind: 'array'; items: PdfValue[] }
  | { kind: 'string'; bytes: Buffer }
  | { kind: 'name'; name: string }
  | { kind: 'number'; value: number }
  | { kind: 'ref'; num: number; gen: number }
  | { kind: 'keyword'; word: string };

const WHITESPACE = /[\0\t\n\f\r ]/;
const DELIMITER = /[()<>[\]{}/%]/;

function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    while (i < text.length && WHITESPACE.test(text[i]!)) i++;
    if (text[i] !== '%') return i;
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  }
}

const LITERAL_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

/** A literal string `( … )` at `at`: its bytes, with escapes and balanced parentheses, and where it ends. */
function literal(text: string, at: number): { bytes: Buffer; end: number } {
  const bytes: number[] = [];
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[++i] ?? '';
      if (next in LITERAL_ESCAPES) bytes.push(LITERAL_ESCAPES[next]!);
      else if (/[0-7]/.test(next)) {
        const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3))![0];
        bytes.push(parseInt(octal, 8) & 0xff);
        i += octal.length - 1;
      } else if (next === '\r' || next === '\n') {
        if (next === '\r' && text[i + 1] === '\n') i++;
      } else bytes.push(next.charCodeAt(0));
      continue;
    }
    if (c === '(' && depth++ === 0) continue;
    if (c === ')' && --depth === 0) return { bytes: Buffer.from(bytes), end: i + 1 };
    bytes.push(c.charCodeAt(0));
  }
  throw new Error('a string runs to the end of the file');
}

function token(text: string, at: number): { word: string; end: number } {
  let i = at;
  while (i < text.length && !WHITESPACE.test(text[i]!) && !DELIMITER.test(text[i]!)) i++;
  return { word: text.slice(at, i), end: i };
}

/** The object that starts at or after `at`, and where it ends. Throws on anything malformed. */
export function parseObject(text: string, at: number, depth = 0): { value: PdfValue; end: number } {
  if (depth > 32) throw new Error('objects nested too deep');
  const i = skipSpace(text, at);
  const c = text[i];
  if (c === '(') {
    const { bytes, end } = literal(text, i);
    return { value: { kind: 'string', bytes }, end };
  }
  if (c === '<' && text[i + 1] === '<') {
    const entries = new Map<string, PdfValue>();
    let j = skipSpace(text, i + 2);
    while (text.slice(j, j + 2) !== '>>') {
      const key = parseObject(text, j, depth + 1);
      if (key.value.kind !== 'name') throw new Error('a dictionary key is not a name');
      const value = parseObject(text, key.end, depth + 1);
      entries.set(key.value.name, value.value);
      j = skipSpace(text, value.end);
      if (j >= text.length) throw new Error('a dictionary runs to the end of the file');
    }
    return { value: { kind: 'dict', entries }, end: j + 2 };
  }
  if (c === '<') {
    const close = text.indexOf('>', i);
    if (close < 0) throw new Error('a hex string runs to the end of the file');
    const hex = text.slice(i + 1, close).replace(/\s+/g, '');
    if (!/^[0-9A-Fa-f]*$/.test(hex)) throw new Error('a hex string has other characters');
    return { value: { kind: 'string', bytes: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex') }, end: close + 1 };
  }
  if (c === '[') {
    const items: PdfValue[] = [];
    let j = skipSpace(text, i + 1);
    while (text[j] !== ']') {
      const item = parseObject(text, j, depth + 1);
      items.push(item.value);
      j = skipSpace(text, item.end);
      if (j >= text.length) throw new Error('an array runs to the end of the file');
    }
    return { value: { kind: 'array', items }, end: j + 1 };
  }
  if (c === '/') {
    const { word, end } = token(text, i + 1);
    return { value: { kind: 'name', name: word.replace(/#([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) }, end };
  }
  const { word, end } = token(text, i);
  if (!word) throw new Error(`unexpected "${c ?? 'end of file'}" at byte ${i}`);
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
    // `num gen R` is a reference: two unsigned integers and the keyword R.
    const gen = /^\s*(\d+)\s+R(?=[\s/<>[\]()%]|$)/.exec(text.slice(end, end + 32));
    if (/^\d+$/.test(word) && gen) return { value: { kind: 'ref', num: Number(word), gen: Number(gen[1]) }, end: end + gen[0].length };
    return { value: { kind: 'number', value: Number(word) }, end };
  }
  return { value: { kind: 'keyword', word }, end };
}

interface XrefSection {
  offsets: Map<number, { offset: number; gen: number }>;
  trailer: Map<string, PdfValue>;
}

/** The classic cross-reference table at `at` and its trailer. */
function xrefSection(text: string, at: number): XrefSection {
  let i = skipSpace(text, at);
  if (text.slice(i, i + 4) !== 'xref') throw new Error('startxref does not point to a cross-reference table (cross-reference streams are outside the signing profile)');
  i = skipSpace(text, i + 4);
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (;;) {
    const head = /^(\d+)\s+(\d+)[ \t]*\r?\n?/.exec(text.slice(i, i + 40));
    if (!head) break;
    const first = Number(head[1]);
    const count = Number(head[2]);
    i += head[0].length;
    for (let n = 0; n < count; n++) {
      const entry = /^\s*(\d{10}) (\d{5}) ([nf])/.exec(text.slice(i, i + 24));
      if (!entry) throw new Error(`cross-reference entry ${first + n} is malformed`);
      if (entry[3] === 'n') offsets.set(first + n, { offset: Number(entry[1]), gen: Number(entry[2]) });
      i += entry[0].length;
    }
    i = skipSpace(text, i);
  }
  if (text.slice(i, i + 7) !== 'trailer') throw new Error('the cross-reference table has no trailer');
  const trailer = parseObject(text, i + 7).value;
  if (trailer.kind !== 'dict') throw new Error('the trailer is not a dictionary');
  if (trailer.entries.has('XRefStm')) throw new Error('the PDF has a cross-reference stream (outside the signing profile)');
  return { offsets, trailer: trailer.entries };
}

/** The object `num gen` as the newest revision's cross-reference tables place it. */
function resolve(text: string, sections: XrefSection[], num: number, gen: number): PdfValue {
  for (const section of sections) {
    const at = section.offsets.get(num);
    if (!at) continue;
    if (at.gen !== gen) throw new Error(`object ${num} ${gen} R is listed with generation ${at.gen}`);
    const head = new RegExp(`^\\s*${num}\\s+${gen}\\s+obj`).exec(text.slice(at.offset, at.offset + 64));
    if (!head) throw new Error(`object ${num} ${gen} is not where the cross-reference table says`);
    return parseObject(text, at.offset + head[0].length).value;
  }
  throw new Error(`object ${num} ${gen} R is in no cross-reference table`);
}

/** The document information dictionary (trailer /Info), read through the file's structure. */
export function documentInfo(text: string): Read<Map<string, PdfValue>> {
  try {
    const tail = text.slice(-2048);
    const start = [...tail.matchAll(/startxref\s+(\d+)/g)].at(-1);
    if (!start) return { ok: false, reason: 'the PDF has no startxref' };
    const sections: XrefSection[] = [];
    const seen = new Set<number>();
    for (let at: number | undefined = Number(start[1]); at !== undefined && !seen.has(at) && sections.length < 64; ) {
      seen.add(at);
      const section = xrefSection(text, at);
      sections.push(section);
      const prev = section.trailer.get('Prev');
      at = prev?.kind === 'number' ? prev.value : undefined;
    }
    const info = sections[0]!.trailer.get('Info');
    if (info?.kind !== 'ref') return { ok: false, reason: 'the PDF trailer names no document information dictionary (/Info)' };
    const dict = resolve(text, sections, info.num, info.gen);
    if (dict.kind !== 'dict') return { ok: false, reason: 'the document information (/Info) is not a dictionary' };
    return { ok: true, value: dict.entries };
  } catch (error) {
    return { ok: false, reason: `the PDF's structure cannot be read: ${(error as Error).message}` };
  }
}
