/**
 * Reads the checklist templates and reference (demo) data from the catalog folder on disk, and
 * the calendars beside it (assets/calendars). A broken file is reported and skipped; every valid
 * file still loads, so the app starts.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Template } from '../../src-shared/catalog/schema';
import { HospitalFile } from '../../src-shared/catalog/reference';
import { CalendarDataSchema } from '../../src-shared/sla/calendar-schema';
import type { CalendarData } from '../../src-shared/sla/types';
import { parseCatalogFile, type CatalogProblem } from '../../src-shared/catalog/validate';
import type { Catalog } from '../../src-shared/catalog/catalog';

async function jsonFiles(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function loadFolder<T>(
  root: string,
  folder: string,
  parse: (file: string, text: string) => { ok: true; value: T } | { ok: false; problems: CatalogProblem[] },
): Promise<{ values: { file: string; value: T }[]; problems: CatalogProblem[] }> {
  const values: { file: string; value: T }[] = [];
  const problems: CatalogProblem[] = [];
  for (const name of await jsonFiles(path.join(root, folder))) {
    const file = `${folder}/${name}`;
    let text: string;
    try {
      text = await readFile(path.join(root, file), 'utf8');
    } catch (error) {
      problems.push({ file, path: '', detail: `cannot be read: ${(error as Error).message}` });
      continue;
    }
    const result = parse(file, text);
    if (result.ok) values.push({ file, value: result.value });
    else problems.push(...result.problems);
  }
  return { values, problems };
}

/**
 * `calendars` is read from `<root>/calendars` and from the folder beside the catalog
 * (`assets/calendars` next to `assets/catalog`), as the office's import does; the first file with
 * an id wins and a second one is reported.
 */
export async function loadCatalog(root: string): Promise<Catalog> {
  const templates = await loadFolder(root, 'templates', (file, text) => parseCatalogFile(file, text, Template));
  const hospitals = await loadFolder(root, 'hospitals', (file, text) => parseCatalogFile(file, text, HospitalFile));
  const parseCalendar = (file: string, text: string) => parseCatalogFile(file, text, CalendarDataSchema);
  const inside = await loadFolder(root, 'calendars', parseCalendar);
  const beside = await loadFolder(path.dirname(root), 'calendars', (file, text) => parseCalendar(`../${file}`, text));
  const { kept, problems: duplicates } = oneFilePerVersion(templates.values);
  const calendars = oneFilePerCalendar([...inside.values, ...beside.values.map((c) => ({ ...c, file: `../${c.file}` }))]);
  return {
    templates: kept,
    hospitals: hospitals.values.map((h) => h.value),
    calendars: calendars.kept,
    problems: [
      ...templates.problems,
      ...duplicates,
      ...hospitals.problems,
      ...inside.problems,
      ...beside.problems,
      ...calendars.problems,
      ...crossCheck(kept, hospitals.values),
      ...calendarCheck(calendars.kept, hospitals.values),
    ],
  };
}

/** One calendar per id: the first file keeps it (the catalog's own folder before the one beside it). */
function oneFilePerCalendar(values: { file: string; value: CalendarData }[]): { kept: CalendarData[]; problems: CatalogProblem[] } {
  const owner = new Map<string, string>();
  const kept: CalendarData[] = [];
  const problems: CatalogProblem[] = [];
  for (const { file, value } of values) {
    const first = owner.get(value.id);
    if (first) {
      problems.push({ file, path: 'id', detail: `calendar "${value.id}" is already in ${first}` });
      continue;
    }
    owner.set(value.id, file);
    kept.push(value);
  }
  return { kept, problems };
}

/**
 * A contract naming a calendar that is not there still loads (its clock counts Monday–Friday and
 * says so), but the catalog check names it: working days would be counted wrong over holidays.
 */
function calendarCheck(calendars: CalendarData[], hospitals: { file: string; value: HospitalFile }[]): CatalogProblem[] {
  const ids = new Set(calendars.map((c) => c.id));
  return hospitals.flatMap(({ file, value }) =>
    value.contracts.flatMap((c, ci) =>
      ids.has(c.calendar) ? [] : [{ file, path: `contracts[${ci}].calendar`, detail: `no calendar "${c.calendar}" in calendars/ (known: ${[...ids].join(', ') || 'none'})` }],
    ),
  );
}

/**
 * Older versions of a template stay in the folder beside the current one (`his.json` and
 * `his.v1.json`): a device or office that never stored them still gets them, so an inspection
 * pinned to one always renders. Two files claiming the same id and version are a mistake (which
 * one did an old inspection use?): the first file keeps it and the second is reported.
 */
function oneFilePerVersion(values: { file: string; value: Template }[]): { kept: Template[]; problems: CatalogProblem[] } {
  const owner = new Map<string, string>();
  const kept: Template[] = [];
  const problems: CatalogProblem[] = [];
  for (const { file, value } of values) {
    const key = `${value.id}@${value.version}`;
    const first = owner.get(key);
    if (first) {
      problems.push({ file, path: 'version', detail: `template "${value.id}" version ${value.version} is already in ${first}` });
      continue;
    }
    owner.set(key, file);
    kept.push(value);
  }
  return { kept, problems };
}

/**
 * References between files: a contract or unit naming a template that does not exist. What a
 * new inspection will use is the newest version, so that is the one checked.
 */
function crossCheck(templates: Template[], hospitals: { file: string; value: HospitalFile }[]): CatalogProblem[] {
  const byId = new Map<string, Template>();
  for (const t of templates) if ((byId.get(t.id)?.version ?? 0) < t.version) byId.set(t.id, t);
  const problems: CatalogProblem[] = [];
  for (const { file, value: h } of hospitals) {
    h.contracts.forEach((c, ci) => {
      c.systems.forEach((s, si) => {
        const t = byId.get(s.templateId);
        if (t?.kind !== 'system') {
          problems.push({ file, path: `contracts[${ci}].systems[${si}].templateId`, detail: `no system template "${s.templateId}"` });
        }
      });
      c.hardwareTemplateIds.forEach((id, i) => {
        if (byId.get(id)?.kind !== 'hardware') {
          problems.push({ file, path: `contracts[${ci}].hardwareTemplateIds[${i}]`, detail: `no hardware template "${id}"` });
        }
      });
    });
    h.assets.forEach((a, ai) => {
      const t = byId.get(a.templateId);
      if (t?.hardwareType !== a.hardwareType) {
        problems.push({ file, path: `assets[${ai}].templateId`, detail: `no ${a.hardwareType} template "${a.templateId}"` });
      }
    });
  }
  return problems;
}
