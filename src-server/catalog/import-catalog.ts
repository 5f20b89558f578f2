/**
 * Loads reference data from a catalog folder (assets/catalog layout: templates/*.json,
 * hospitals/*.json, and calendars/*.json beside or inside it) into the office store. Files are
 * validated with the same zod schemas as the app; a broken file is reported and skipped.
 * Only rows whose content changed get a new sequence number, so devices pull only real changes.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { HospitalFile } from '../../src-shared/catalog/reference';
import { Template } from '../../src-shared/catalog/schema';
import { parseCatalogFile, type CatalogProblem } from '../../src-shared/catalog/validate';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { CalendarDataSchema } from '../../src-shared/sla/calendar-schema';
import type { OfficeContext } from '../context';
import type { ReferenceRow } from '../storage/port';

export const DEFAULT_CATALOG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/catalog');


async function jsonFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('.json')).sort().map((n) => path.join(dir, n));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function parseAll<S extends z.ZodType>(root: string, files: string[], schema: S, problems: CatalogProblem[]): Promise<z.output<S>[]> {
  const values: z.output<S>[] = [];
  for (const file of files) {
    const parsed = parseCatalogFile(path.relative(root, file), await readFile(file, 'utf8'), schema);
    if (parsed.ok) values.push(parsed.value);
    else problems.push(...parsed.problems);
  }
  return values;
}

export async function readCatalogRows(dir: string): Promise<{ rows: ReferenceRow[]; problems: CatalogProblem[] }> {
  const problems: CatalogProblem[] = [];
  const templates = await parseAll(dir, await jsonFiles(path.join(dir, 'templates')), Template, problems);
  const hospitals = await parseAll(dir, await jsonFiles(path.join(dir, 'hospitals')), HospitalFile, problems);
  const calendarFiles = [...(await jsonFiles(path.join(dir, 'calendars'))), ...(await jsonFiles(path.join(dir, '..', 'calendars')))];
  const calendars = await parseAll(dir, calendarFiles, CalendarDataSchema, problems);

  const rows: ReferenceRow[] = [];
  const add = async (kind: ReferenceRow['kind'], key: string, hospitalId: string | null, data: unknown): Promise<void> => {
    rows.push({ kind, key, hospitalId, hash: await canonicalHash(data), data });
  };
  for (const t of templates) await add('template', `${t.id}@${t.version}`, null, t);
  for (const c of calendars) await add('calendar', c.id, null, c);
  for (const h of hospitals) {
    await add('hospital', h.hospital.id, h.hospital.id, h.hospital);
    for (const c of h.contracts) await add('contract', c.id, h.hospital.id, c);
    for (const a of h.assets) await add('asset', a.id, h.hospital.id, a);
  }
  return { rows, problems };
}

export async function importCatalog(ctx: Pick<OfficeContext, 'store'>, dir: string, actor: string): Promise<{ rows: number; changed: number; problems: CatalogProblem[] }> {
  const { rows, problems } = await readCatalogRows(dir);
  const changed = await ctx.store.upsertReference(rows, {
    actor,
    action: 'reference.import',
    outcome: 'ok',
    target: dir,
    details: { rows: rows.length, problems: problems.length },
  });
  return { rows: rows.length, changed, problems };
}
