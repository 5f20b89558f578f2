/**
 * What the console's reference forms share (hospital-form.ts, contract-form.ts): fields as the
 * browser posts them, one name per input with numbered rows (`dept.3.rooms`), and problems that
 * name the field they belong to, so a refused save re-renders what was typed beside its message.
 */
import type { z } from 'zod';

/** A form as posted: every input by name; a ticked checkbox is "on", an unticked one is absent. */
export type Fields = Record<string, string>;

export type ProblemCode =
  /** The schema refused the value; `detail` holds its own (English) words. */
  | 'invalid'
  | 'required'
  | 'notNumber'
  | 'idTaken'
  | 'duplicateId'
  | 'unknownCampus'
  | 'noDepartments'
  | 'inUse'
  /** A contract edit drops a hardware template, campus or system its units or records use. */
  | 'hwInUse'
  | 'campusInUse'
  | 'systemInUse'
  | 'noTime'
  | 'unknownTemplate'
  | 'unknownCalendar'
  /** From the schema's issues, by code and by the message its own checks raise (see `fromIssue`). */
  | 'tooShort'
  | 'tooLong'
  | 'atLeast'
  | 'atMost'
  | 'chooseAtLeast'
  | 'tooMany'
  | 'badTime'
  | 'badId'
  | 'badPhone'
  | 'badDate'
  | 'periodOrder'
  | 'unknownDepartment'
  | 'contactEmpty'
  | 'headNeedsDepartment'
  | 'cadenceMismatch'
  | 'sameHours'
  /** A room or department units use was renamed (one dropped, one added in the same place). */
  | 'renameInUse';

export interface FormProblem {
  /** The input it belongs to (`dept.2.rooms`, `periodEnd`), or a group (`sign.roles`); '' for the whole record. */
  field: string;
  code: ProblemCode;
  params?: Record<string, string>;
  detail?: string;
}

export const value = (f: Fields, name: string): string => (f[name] ?? '').trim();
export const ticked = (f: Fields, name: string): boolean => f[name] === 'on';

/** The row numbers of a table (`<prefix>.<n>.<column>`), in order. */
export function rowNumbers(f: Fields, prefix: string): number[] {
  const pattern = new RegExp(`^${prefix}\\.(\\d+)\\.`);
  const rows = new Set<number>();
  for (const name of Object.keys(f)) {
    const match = pattern.exec(name);
    if (match) rows.add(Number(match[1]));
  }
  return [...rows].sort((a, b) => a - b);
}

/** Rows that carry something and are not ticked "remove". */
export function liveRows(f: Fields, prefix: string, columns: readonly string[]): number[] {
  return rowNumbers(f, prefix).filter((n) => !ticked(f, `${prefix}.${n}.remove`) && columns.some((c) => value(f, `${prefix}.${n}.${c}`) !== ''));
}

/** A list typed one per line, or separated by 、 , ， ; ；. */
export const splitList = (text: string): string[] =>
  text
    .split(/[\n\r、,，;；]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Rooms, one per line or separated by 、 ; ；: not by commas, which room names hold ("A,B 室"). */
export const splitRooms = (text: string): string[] =>
  text
    .split(/[\n\r、;；]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Phone numbers as typed on a Chinese keyboard: full-width digits, brackets, plus and hyphens
 * (１３８, （０２０）, －) and dashes become ASCII before the schema's check, which knows only ASCII.
 */
export const normalizePhone = (text: string): string => text.normalize('NFKC').replace(/[‐‑‒–—―−]/g, '-');

/**
 * A zh/en pair as typed. Office staff may not know the English name: an English input left empty
 * takes the Chinese text, and the pair's prefix is added to `filled` so the page can say so.
 */
export function localizedInput(f: Fields, prefix: string, filled: string[]): { zh: string; en: string } {
  const zh = value(f, `${prefix}Zh`);
  const en = value(f, `${prefix}En`);
  if (en !== '' || zh === '') return { zh, en };
  filled.push(prefix);
  return { zh, en: zh };
}

/** Ids the form keeps in a stored order: those already stored first, in their order, then new ones as ticked. */
export function inStoredOrder<T>(chosen: T[], stored: readonly T[] | undefined): T[] {
  const before = stored ?? [];
  return [...before.filter((x) => chosen.includes(x)), ...chosen.filter((x) => !before.includes(x))];
}

/** The schema's issues, each on the field `fieldOf` names; a field already holding a problem keeps only that one. */
export function schemaProblems(issues: readonly Issue[], fieldOf: (path: readonly PropertyKey[]) => string, earlier: FormProblem[]): FormProblem[] {
  const taken = new Set(earlier.map((p) => p.field));
  const out: FormProblem[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (taken.has(field)) continue;
    taken.add(field);
    out.push({ field, ...fromIssue(issue) });
  }
  return out;
}

type Issue = z.ZodError['issues'][number];

/** Messages the catalog schemas raise themselves (src-shared/catalog), each with what the page says instead. */
const OWN_MESSAGES: [RegExp, ProblemCode, string[]][] = [
  [/^expected HH:MM$/, 'badTime', []],
  [/^expected a lower-case slug/, 'badId', []],
  [/^expected a phone number/, 'badPhone', []],
  [/^the period must not end before it starts$/, 'periodOrder', []],
  [/^unknown campus "(.*)"$/, 'unknownCampus', ['id']],
  [/^unknown department "(.*)"$/, 'unknownDepartment', ['id']],
  [/^a contact needs a name or a phone number$/, 'contactEmpty', []],
  [/^a department head needs a departmentId$/, 'headNeedsDepartment', []],
  [/^one inspection every (\S+) is not (\d+) a year$/, 'cadenceMismatch', ['every', 'perYear']],
];

/**
 * What a schema issue means to the person at the form, by its code and (for the schemas' own
 * checks) its message; zod's English words are kept as `detail` only when nothing better is known.
 */
export function fromIssue(issue: Issue): Omit<FormProblem, 'field'> {
  for (const [pattern, code, names] of OWN_MESSAGES) {
    const match = pattern.exec(issue.message);
    if (match) return names.length ? { code, params: Object.fromEntries(names.map((n, i) => [n, match[i + 1] ?? ''])) } : { code };
  }
  const bound = (n: number | bigint): Record<string, string> => ({ n: String(n) });
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? { code: 'required' } : { code: 'tooShort', params: bound(issue.minimum) };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'chooseAtLeast', params: bound(issue.minimum) };
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return { code: 'atLeast', params: bound(issue.minimum) };
      break;
    case 'too_big':
      if (issue.origin === 'string') return { code: 'tooLong', params: bound(issue.maximum) };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'tooMany', params: bound(issue.maximum) };
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return { code: 'atMost', params: bound(issue.maximum) };
      break;
    case 'invalid_type':
      // An empty number input reaches the schema as undefined.
      if (issue.input === undefined || issue.input === '') return { code: 'required' };
      break;
    case 'invalid_format':
      if (issue.format === 'date') return { code: 'badDate' };
      break;
  }
  return { code: 'invalid', detail: issue.message };
}

/** `name.zh` → `nameZh`: how a LocalizedText's two inputs are named. */
export const localizedName = (base: string, lang: PropertyKey | undefined): string => (lang === 'en' ? `${base}En` : `${base}Zh`);
