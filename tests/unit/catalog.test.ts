import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src-main/catalog/load-catalog';
import { MIN_ITEMS_PER_TEMPLATE } from '../../src-shared/catalog/schema';
import type { CatalogProblem } from '../../src-shared/catalog/validate';

const REAL_CATALOG = path.resolve('assets/catalog');
const REAL_CALENDARS = path.resolve('assets/calendars');

// Raw JSON as found on disk (before zod defaults), so a test can break exactly one field.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function realJson(folder: 'templates' | 'hospitals', name: string): Promise<Json> {
  return JSON.parse(await readFile(path.join(REAL_CATALOG, folder, name), 'utf8')) as Json;
}

const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * A catalog folder in the temp dir. Values are written as JSON, strings as they are (broken files).
 * `withRealTemplates` copies every shipped template first, so hospital files pass the cross-check.
 * Hospital files name the cn-mainland calendar: the shipped calendars are copied into
 * `<root>/calendars` unless `calendars` says what to put there.
 */
async function tempCatalog(
  files: { templates?: Record<string, Json | string>; hospitals?: Record<string, Json | string>; calendars?: Record<string, Json | string> },
  withRealTemplates = false,
): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'xunjian-catalog-'));
  tempDirs.push(root);
  await mkdir(path.join(root, 'templates'));
  await mkdir(path.join(root, 'hospitals'));
  await mkdir(path.join(root, 'calendars'));
  if (files.hospitals && !files.calendars) {
    for (const name of await readdir(REAL_CALENDARS)) await writeFile(path.join(root, 'calendars', name), await readFile(path.join(REAL_CALENDARS, name)));
  }
  for (const [name, content] of Object.entries(files.calendars ?? {})) {
    await writeFile(path.join(root, 'calendars', name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  if (withRealTemplates) {
    for (const name of await readdir(path.join(REAL_CATALOG, 'templates'))) {
      await writeFile(path.join(root, 'templates', name), await readFile(path.join(REAL_CATALOG, 'templates', name)));
    }
  }
  for (const folder of ['templates', 'hospitals'] as const) {
    for (const [name, content] of Object.entries(files[folder] ?? {})) {
      await writeFile(path.join(root, folder, name), typeof content === 'string' ? content : JSON.stringify(content));
    }
  }
  return root;
}

function problemsOf(problems: CatalogProblem[], file: string): CatalogProblem[] {
  return problems.filter((p) => p.file === file);
}

/** Where the first item of `kind` sits in a raw template. */
function findItem(template: Json, kind: string): { si: number; ii: number; item: Json } {
  for (const [si, section] of (template.sections as Json[]).entries()) {
    for (const [ii, item] of (section.items as Json[]).entries()) if (item.kind === kind) return { si, ii, item };
  }
  throw new Error(`no ${kind} item in ${String(template.id)}`);
}

describe('loadCatalog on the shipped catalog', () => {
  it('loads 31 templates (36 versions) and 5 hospital files without problems', async () => {
    const catalog = await loadCatalog(REAL_CATALOG);
    expect(catalog.problems).toEqual([]);
    expect(catalog.templates).toHaveLength(36);
    expect(catalog.hospitals).toHaveLength(5);
    expect(new Set(catalog.templates.map((t) => t.id)).size).toBe(31);
  });

  it('loads the cn-mainland calendar from assets/calendars beside the catalog, and every contract names it', async () => {
    const catalog = await loadCatalog(REAL_CATALOG);
    expect(catalog.calendars.map((c) => c.id)).toEqual(['cn-mainland']);
    const calendar = catalog.calendars[0]!;
    expect(Object.keys(calendar.years)).toEqual(['2024', '2025', '2026']);
    expect(calendar.years['2026']!.workdays).toContain('2026-02-14');
    expect(calendar.years['2025']!.holidays).toContain('2025-10-08');
    expect(catalog.hospitals.flatMap((h) => h.contracts.map((c) => c.calendar))).toEqual(Array(5).fill('cn-mainland'));
  });

  it('gives speakers, the network switch and other peripherals each their own template', async () => {
    const catalog = await loadCatalog(REAL_CATALOG);
    const demo = catalog.hospitals.find((h) => h.hospital.id === 'queue-demo')!;
    const templateOf = (tag: RegExp): string[] => [...new Set(demo.assets.filter((a) => tag.test(a.assetTag)).map((a) => a.templateId))];
    expect(templateOf(/-SPK-/)).toEqual(['queue-speaker']);
    expect(templateOf(/-SW-/)).toEqual(['queue-network-switch']);
    expect(demo.contracts[0]!.hardwareTemplateIds).toEqual(expect.arrayContaining(['queue-speaker', 'queue-network-switch', 'queue-peripheral']));
    const latest = (id: string) => catalog.templates.filter((t) => t.id === id).sort((a, b) => b.version - a.version)[0]!;
    for (const id of ['queue-speaker', 'queue-network-switch', 'queue-peripheral']) {
      const t = latest(id);
      const items = t.sections.flatMap((s) => s.items);
      expect(items.length, id).toBeGreaterThanOrEqual(10);
      // Each unit gets its own answers and a photo as evidence.
      expect(items.filter((i) => i.perAsset).length, id).toBeGreaterThanOrEqual(8);
      expect(items.some((i) => i.kind === 'photo' && i.perAsset), id).toBe(true);
    }
    // The other-peripherals template no longer asks about sound or switch ports.
    const others = latest('queue-peripheral');
    expect(others.version).toBe(2);
    const text = JSON.stringify(others.sections.flatMap((s) => s.items.map((i) => [i.label, 'options' in i ? i.options : []])));
    expect(text).not.toMatch(/音量|播报|交换机端口|switch port|volume/i);
  });

  it('gives every template at least the minimum number of items', async () => {
    const catalog = await loadCatalog(REAL_CATALOG);
    expect(MIN_ITEMS_PER_TEMPLATE).toBe(10);
    for (const t of catalog.templates) {
      const count = t.sections.reduce((n, s) => n + s.items.length, 0);
      expect(count, t.id).toBeGreaterThanOrEqual(10);
    }
  });

  it('has a queue-demo hospital with at least 20 hardware units', async () => {
    const catalog = await loadCatalog(REAL_CATALOG);
    const demo = catalog.hospitals.find((h) => h.hospital.id === 'queue-demo');
    expect(demo).toBeDefined();
    expect(demo!.assets.length).toBeGreaterThanOrEqual(20);
  });

  it('applies schema defaults (perAsset, onFail) to items that omit them', async () => {
    const catalog = await loadCatalog(REAL_CATALOG);
    for (const item of catalog.templates.flatMap((t) => t.sections.flatMap((s) => s.items))) {
      expect(typeof item.perAsset).toBe('boolean');
      expect(item.onFail.require).toMatch(/^(none|note|photo|note_or_photo)$/);
    }
  });
});

describe('loadCatalog on broken files', () => {
  it('returns an empty catalog for a folder without templates/ or hospitals/', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'xunjian-empty-'));
    tempDirs.push(root);
    expect(await loadCatalog(root)).toEqual({ templates: [], hospitals: [], calendars: [], problems: [] });
  });

  it('reports a file that is not JSON and still loads the valid one beside it', async () => {
    const good = await realJson('templates', 'his.json');
    const root = await tempCatalog({ templates: { 'broken.json': '{ "id": "broken", ', 'his.json': good } });
    const catalog = await loadCatalog(root);
    expect(catalog.templates.map((t) => t.id)).toEqual(['his']);
    expect(catalog.problems).toHaveLength(1);
    expect(catalog.problems[0]).toMatchObject({ file: 'templates/broken.json', path: '' });
    expect(catalog.problems[0]!.detail).toMatch(/not valid JSON/);
  });

  it('ignores files that do not end in .json', async () => {
    const root = await tempCatalog({ templates: { 'notes.txt': 'not a template', 'his.json': await realJson('templates', 'his.json') } });
    const catalog = await loadCatalog(root);
    expect(catalog.templates).toHaveLength(1);
    expect(catalog.problems).toEqual([]);
  });

  it('names the file and the path of an unknown item kind', async () => {
    const bad = await realJson('templates', 'his.json');
    bad.sections[0].items[0].kind = 'slider';
    const root = await tempCatalog({ templates: { 'his.json': bad, 'lis.json': await realJson('templates', 'lis.json') } });
    const catalog = await loadCatalog(root);
    expect(catalog.templates.map((t) => t.id)).toEqual(['lis']);
    expect(problemsOf(catalog.problems, 'templates/his.json').map((p) => p.path)).toContain('sections[0].items[0].kind');
    expect(catalog.problems.every((p) => p.file === 'templates/his.json')).toBe(true);
  });

  it('refuses a number item whose normal range lies outside its bounds', async () => {
    const bad = await realJson('templates', 'queue-room-screen.json');
    const { si, ii, item } = findItem(bad, 'number');
    item.normal = { max: item.bounds.max + 100 };
    const root = await tempCatalog({
      templates: { 'queue-room-screen.json': bad, 'queue-kiosk.json': await realJson('templates', 'queue-kiosk.json') },
    });
    const catalog = await loadCatalog(root);
    expect(catalog.templates.map((t) => t.id)).toEqual(['queue-kiosk']);
    const problems = problemsOf(catalog.problems, 'templates/queue-room-screen.json');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: `sections[${si}].items[${ii}].normal` });
    expect(problems[0]!.detail).toMatch(/inside bounds/);
  });

  it('refuses a duplicate item id and points at the second one', async () => {
    const bad = await realJson('templates', 'his.json');
    const firstId = bad.sections[0].items[0].id as string;
    bad.sections[1].items[0].id = firstId;
    const root = await tempCatalog({ templates: { 'his.json': bad, 'pacs.json': await realJson('templates', 'pacs.json') } });
    const catalog = await loadCatalog(root);
    expect(catalog.templates.map((t) => t.id)).toEqual(['pacs']);
    const problems = problemsOf(catalog.problems, 'templates/his.json');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'sections[1].items[0].id' });
    expect(problems[0]!.detail).toContain(firstId);
  });

  it('refuses a template with fewer than 10 items', async () => {
    const bad = await realJson('templates', 'his.json');
    bad.sections = [{ ...bad.sections[0], items: bad.sections[0].items.slice(0, 2) }];
    const root = await tempCatalog({ templates: { 'his.json': bad } });
    const catalog = await loadCatalog(root);
    expect(catalog.templates).toEqual([]);
    expect(catalog.problems).toEqual([expect.objectContaining({ file: 'templates/his.json', path: 'sections' })]);
  });

  it('refuses an asset in an unknown department and keeps the other hospital', async () => {
    const bad = await realJson('hospitals', 'queue-demo.json');
    bad.assets[3].departmentId = 'no-such-department';
    const root = await tempCatalog(
      { hospitals: { 'queue-demo.json': bad, 'gd-provincial.json': await realJson('hospitals', 'gd-provincial.json') } },
      true,
    );
    const catalog = await loadCatalog(root);
    expect(catalog.templates).toHaveLength(36);
    expect(catalog.hospitals.map((h) => h.hospital.id)).toEqual(['gd-provincial']);
    expect(catalog.problems).toHaveLength(1);
    expect(catalog.problems[0]).toMatchObject({ file: 'hospitals/queue-demo.json', path: 'assets[3].departmentId' });
    expect(catalog.problems[0]!.detail).toContain('no-such-department');
  });

  it('cross-checks that an asset names a template of its hardware type', async () => {
    const bad = await realJson('hospitals', 'queue-demo.json');
    const index = (bad.assets as Json[]).findIndex((a) => a.hardwareType === 'room_screen');
    bad.assets[index].templateId = 'queue-kiosk';
    const root = await tempCatalog({ hospitals: { 'queue-demo.json': bad } }, true);
    const catalog = await loadCatalog(root);
    // The file itself is valid; only the reference between files is wrong.
    expect(catalog.hospitals).toHaveLength(1);
    expect(catalog.problems).toEqual([
      expect.objectContaining({ file: 'hospitals/queue-demo.json', path: `assets[${index}].templateId` }),
    ]);
  });

  it('loads two versions of one template from two files, and refuses a second file with the same version', async () => {
    const v1 = await realJson('templates', 'queue-peripheral.v1.json');
    const v2 = await realJson('templates', 'queue-peripheral.json');
    const root = await tempCatalog({ templates: { 'queue-peripheral.json': v2, 'queue-peripheral.v1.json': v1, 'queue-peripheral.copy.json': v1 } });
    const catalog = await loadCatalog(root);
    expect(catalog.templates.map((t) => `${t.id}@${t.version}`).sort()).toEqual(['queue-peripheral@1', 'queue-peripheral@2']);
    expect(catalog.problems).toEqual([
      { file: 'templates/queue-peripheral.v1.json', path: 'version', detail: 'template "queue-peripheral" version 1 is already in templates/queue-peripheral.copy.json' },
    ]);
  });

  it('cross-checks units against the newest version of their template', async () => {
    const old = await realJson('templates', 'queue-speaker.json');
    // An old version of another type must not decide: the newest is what a new inspection uses.
    const newer = { ...old, version: 2, hardwareType: 'kiosk' };
    const root = await tempCatalog(
      { templates: { 'queue-speaker.json': newer, 'queue-speaker.v1.json': old }, hospitals: { 'queue-demo.json': await realJson('hospitals', 'queue-demo.json') } },
      true,
    );
    const catalog = await loadCatalog(root);
    const speakers = catalog.hospitals[0]!.assets.flatMap((a, i) => (a.templateId === 'queue-speaker' ? [i] : []));
    expect(speakers.length).toBe(5);
    expect(catalog.problems.map((p) => p.path)).toEqual(speakers.map((i) => `assets[${i}].templateId`));
  });

  it('cross-checks that a contract names existing system templates', async () => {
    const root = await tempCatalog({ hospitals: { 'gd-provincial.json': await realJson('hospitals', 'gd-provincial.json') } });
    const catalog = await loadCatalog(root);
    expect(catalog.hospitals).toHaveLength(1);
    expect(catalog.problems.length).toBeGreaterThan(0);
    expect(catalog.problems[0]).toMatchObject({ file: 'hospitals/gd-provincial.json', path: 'contracts[0].systems[0].templateId' });
  });

  it('names a contract whose calendar is not there, and still loads the hospital', async () => {
    const root = await tempCatalog({ hospitals: { 'queue-demo.json': await realJson('hospitals', 'queue-demo.json') }, calendars: {} }, true);
    const catalog = await loadCatalog(root);
    expect(catalog.hospitals).toHaveLength(1);
    expect(catalog.calendars).toEqual([]);
    expect(catalog.problems).toEqual([
      { file: 'hospitals/queue-demo.json', path: 'contracts[0].calendar', detail: 'no calendar "cn-mainland" in calendars/ (known: none)' },
    ]);
  });

  it('refuses a broken calendar file with its path, and a second file with the same id', async () => {
    const real = JSON.parse(await readFile(path.join(REAL_CALENDARS, 'cn-mainland.json'), 'utf8')) as Json;
    const broken = { ...real, id: 'broken', years: { ...real.years, '2026': { holidays: ['2025-01-01'], workdays: [] } } };
    const root = await tempCatalog({ calendars: { 'a.json': real, 'b.json': real, 'broken.json': broken, 'c.json': '{ not json' } });
    const catalog = await loadCatalog(root);
    expect(catalog.calendars.map((c) => c.id)).toEqual(['cn-mainland']);
    expect(catalog.problems).toEqual([
      { file: 'calendars/broken.json', path: 'years.2026.holidays[0]', detail: '2025-01-01 is not in 2026' },
      { file: 'calendars/c.json', path: '', detail: expect.stringContaining('not valid JSON') },
      { file: 'calendars/b.json', path: 'id', detail: 'calendar "cn-mainland" is already in calendars/a.json' },
    ]);
  });
});
