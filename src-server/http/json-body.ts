/**
 * The office's one JSON body parser. Everything a device sends is later walked recursively
 * (canonical JSON for hashes, zod, SQLite), so the raw text is first scanned once, in a loop with
 * no recursion, for what would break those steps or make them slow: nesting deeper than
 * MAX_JSON_DEPTH, a `\uD800`-style escape that is half a surrogate pair (no UTF-8 text can carry
 * it and canonical JSON would hash something else), and `__proto__` keys (an own property after
 * JSON.parse, but a prototype change for any later Object.assign or merge). Only then is it parsed.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../src-shared/sync/protocol';
import { ApiError } from '../errors';

/** Far above any record a device builds (an inspection record is about 6 deep), far below a stack overflow. */
export const MAX_JSON_DEPTH = 32;

/**
 * Objects and arrays in one body: a 600-item inspection record holds a few thousand. Past this a
 * body only costs the office time and memory to parse before it is refused anyway.
 */
export const MAX_JSON_CONTAINERS = 200_000;

export interface JsonProblem {
  code: ErrorCode;
  message: string;
  /** Character offset in the text where the problem was found. */
  at: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The code unit of a `\uXXXX` escape whose `u` is at `u`, or -1 when it is not one (JSON.parse will say why). */
function escapedUnit(text: string, u: number): number {
  if (text.charCodeAt(u) !== 0x75) return -1;
  const hex = text.slice(u + 1, u + 5);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
}

/** Whether the string closed at `end` (its quote) is an object key: a colon follows, after spaces. */
function isKey(text: string, end: number): boolean {
  let i = end + 1;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === COLON;
}

function keyIsProto(raw: string, escaped: boolean): boolean {
  if (!escaped) return raw === '__proto__';
  try {
    return JSON.parse(`"${raw}"`) === '__proto__';
  } catch {
    return false; // a malformed escape: JSON.parse of the whole body reports it
  }
}

/** Inside a string only its end, escapes and surrogates matter. */
const IN_STRING = /["\\\ud800-\udfff]/g;

/** Every character that can appear in a JSON number after its first. */
const isNumberPart = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;

/**
 * The string that opens at `i` (its quote): where it closes, whether it has escapes, or the
 * problem in it. Native regex search skips the plain characters, which are most of a long text.
 */
function scanString(text: string, i: number): { end: number; escaped: boolean } | JsonProblem {
  let escaped = false;
  IN_STRING.lastIndex = i + 1;
  for (let hit = IN_STRING.exec(text); hit; hit = IN_STRING.exec(text)) {
    const j = hit.index;
    const s = text.charCodeAt(j);
    if (s === QUOTE) return { end: j, escaped };
    if (s === BACKSLASH) {
      escaped = true;
      const unit = escapedUnit(text, j + 1);
      if (unit >= 0 && (isHigh(unit) || isLow(unit))) {
        // A pair is a high escape directly followed by a low escape; anything else is half of one.
        const low = isHigh(unit) && text.charCodeAt(j + 6) === BACKSLASH ? escapedUnit(text, j + 7) : -1;
        if (!isLow(low)) return { code: 'unpaired_surrogate', message: `the JSON has half a UTF-16 surrogate pair (\\${text.slice(j + 1, j + 6)}), which is no character`, at: j };
        IN_STRING.lastIndex = j + 12;
      } else {
        IN_STRING.lastIndex = j + 2;
      }
      continue;
    }
    // A surrogate written as itself (UTF-8 decoding never makes half of one, but a caller might).
    if (!isHigh(s) || !isLow(text.charCodeAt(j + 1))) return { code: 'unpaired_surrogate', message: 'the JSON has half a UTF-16 surrogate pair, which is no character', at: j };
    IN_STRING.lastIndex = j + 2;
  }
  return { end: text.length, escaped };
}

/**
 * One pass over the text, no recursion, linear time: a plain loop over the structure (a body can
 * be millions of brackets), regex search inside strings. Returns the first problem, or undefined.
 * It does not check the syntax otherwise: JSON.parse does, afterwards, on text known to be shallow,
 * of bounded size, and with numbers that fit a double (canonical JSON has no form for Infinity).
 */
export function scanJson(text: string, maxDepth = MAX_JSON_DEPTH, maxContainers = MAX_JSON_CONTAINERS): JsonProblem | undefined {
  let depth = 0;
  let containers = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return { code: 'too_deep', message: `the JSON is nested deeper than ${maxDepth} levels`, at: i };
      if (++containers > maxContainers) return { code: 'payload_too_large', message: `the JSON holds more than ${maxContainers} objects and arrays`, at: i };
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === QUOTE) {
      const string = scanString(text, i);
      if ('code' in string) return string;
      if (isKey(text, string.end) && keyIsProto(text.slice(i + 1, string.end), string.escaped)) {
        return { code: 'reserved_key', message: 'the JSON has a "__proto__" key, which the office does not accept in any object', at: i };
      }
      i = string.end;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let end = i + 1;
      while (end < length && isNumberPart(text.charCodeAt(end))) end++;
      const literal = text.slice(i, end);
      // Only an exponent or a very long literal can overflow a double.
      if ((end - i > 300 || /[eE]/.test(literal)) && !Number.isFinite(Number(literal))) {
        return { code: 'invalid_request', message: `the number ${literal.slice(0, 40)} is too large for a JSON number the office can hash`, at: i };
      }
      i = end - 1;
    }
  }
  return undefined;
}

/** Scans, then parses; every refusal is a 4xx in the protocol's error format (413 for too many values, else 400). */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new ApiError(400, 'invalid_request', 'the body is empty; send a JSON value');
  const problem = scanJson(text);
  if (problem) {
    const status = problem.code === 'payload_too_large' ? 413 : 400;
    throw new ApiError(status, problem.code, `${problem.message} (at character ${problem.at})`, { at: problem.at });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, 'invalid_request', `the body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body's bytes as text, refusing bytes that are not UTF-8: replacing them with U+FFFD would
 * store something other than what was sent, and a record's hash would no longer be the device's.
 */
export function decodeUtf8Body(body: Uint8Array): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new ApiError(400, 'invalid_request', 'the body is not valid UTF-8 (JSON must be sent in UTF-8)');
  }
}

/** Replaces Fastify's JSON parser for the whole app; route body limits still apply before anything is read. */
export function useJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request: FastifyRequest, body: string | Buffer, done) => {
    try {
      done(null, parseJsonBody(typeof body === 'string' ? body : decodeUtf8Body(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
