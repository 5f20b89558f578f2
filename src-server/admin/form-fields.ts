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
  | 'unknownCalendar';

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

/** Ids the form keeps in a stored order: those already stored first, in their order, then new ones as ticked. */
export function inStoredOrder<T>(chosen: T[], stored: readonly T[] | undefined): T[] {
  const before = stored ?? [];
  return [...before.filter((x) => chosen.includes(x)), ...chosen.filter((x) => !before.includes(x))];
}

/** The schema's issues, each on the field `fieldOf` names; a field already holding a problem keeps only that one. */
export function schemaProblems(error: z.ZodError, fieldOf: (path: readonly PropertyKey[]) => string, earlier: FormProblem[]): FormProblem[] {
  const taken = new Set(earlier.map((p) => p.field));
  const out: FormProblem[] = [];
  for (const issue of error.issues) {
    const field = fieldOf(issue.path);
    if (taken.has(field)) continue;
    taken.add(field);
    out.push({ field, code: 'invalid', detail: issue.message });
  }
  return out;
}

/** `name.zh` → `nameZh`: how a LocalizedText's two inputs are named. */
export const localizedName = (base: string, lang: PropertyKey | undefined): string => (lang === 'en' ? `${base}En` : `${base}Zh`);
