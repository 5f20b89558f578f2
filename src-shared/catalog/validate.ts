/**
 * Turns the raw text of one catalog file into a typed value or a problem that names the file
 * and the path inside it, so a broken file can be found and fixed without reading a stack trace.
 */
import type { z } from 'zod';

export interface CatalogProblem {
  /** File name relative to the catalog folder, e.g. "templates/his.json". */
  file: string;
  /** Path inside the file in dotted form, e.g. "sections[2].items[0].kind"; empty for the whole file. */
  path: string;
  /** What is wrong, in English (a developer reads it; the UI wraps it in a localized sentence). */
  detail: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: CatalogProblem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

export function parseCatalogFile<S extends z.ZodType>(file: string, text: string, schema: S): Parsed<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ file, path: '', detail: `not valid JSON: ${(error as Error).message}` }] };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({ file, path: formatPath(issue.path), detail: issue.message })),
  };
}
