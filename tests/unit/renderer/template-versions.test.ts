/**
 * Issue 9, point 13: speakers and the network switch got checklists of their own and the
 * catalog's queue-peripheral went to version 2. An inspection pinned to version 1 must still
 * open with its items and answers after the device takes the new catalog, while new inspections
 * of a speaker or the switch ask their own items.
 */
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src-shared/catalog/catalog';
import { createRepositories } from '../../../src-renderer/db/index';
import { loadSession } from '../../../src-renderer/features/inspection/session';
import { startInspection } from '../../../src-renderer/features/new-inspection/start-inspection';
import { answer, catalog, CONTRACT, HOSPITAL, openDb, seeded } from './store-fixtures';

const SPEAKER = 'mz-nk-spk-01';
const SWITCH = 'mz-mzb-sw-01';

/** The catalog as shipped before: only queue-peripheral v1, used by the speakers and the switch. */
function catalogBefore(): Catalog {
  return {
    ...catalog,
    templates: catalog.templates.filter((t) => !['queue-speaker', 'queue-network-switch'].includes(t.id) && !(t.id === 'queue-peripheral' && t.version > 1)),
    hospitals: catalog.hospitals.map((file) => ({
      ...file,
      assets: file.assets.map((a) => (['queue-speaker', 'queue-network-switch'].includes(a.templateId) ? { ...a, templateId: 'queue-peripheral' } : a)),
    })),
  };
}

async function start(repos: ReturnType<typeof createRepositories>, assetIds: string[]) {
  const assets = (await repos.reference.listAssets(CONTRACT)).filter((a) => assetIds.includes(a.id));
  return startInspection(repos, { hospitalId: HOSPITAL, contractId: CONTRACT, engineer: '王工', systems: [], assets });
}

const itemIdsOf = (steps: { assetId?: string; item: { id: string } }[], assetId: string): string[] =>
  steps.filter((s) => s.assetId === assetId).map((s) => s.item.id);

describe('queue-peripheral v1 → v2, with speakers and the switch on their own templates', () => {
  it('ships both versions of queue-peripheral', () => {
    expect(catalog.templates.filter((t) => t.id === 'queue-peripheral').map((t) => t.version).sort()).toEqual([1, 2]);
  });

  it('opens an inspection started on v1 with its items and answers after the catalog ships v2', async () => {
    const db = openDb();
    const repos = createRepositories(db);
    await repos.reference.applyCatalog(catalogBefore());
    const draft = await start(repos, [SPEAKER, SWITCH]);
    expect(draft.targets).toEqual([expect.objectContaining({ kind: 'hardware', templateId: 'queue-peripheral', templateVersion: 1 })]);
    const before = await loadSession(repos, draft.id);
    const volume = before.steps.find((s) => s.assetId === SPEAKER && s.item.id === 'pe-volume')!;
    await answer(repos, draft.id, volume);

    // The next start of the app applies the new catalog.
    await repos.reference.applyCatalog(catalog);

    const after = await loadSession(repos, draft.id);
    expect(after.steps.map((s) => s.key)).toEqual(before.steps.map((s) => s.key));
    expect([...after.templates.keys()]).toEqual(['queue-peripheral@1']);
    // v1 asked the speaker about switch ports; that inspection keeps exactly what it asked.
    expect(itemIdsOf(after.steps, SPEAKER)).toContain('pe-switch');
    expect(after.answers.get(volume.key)).toMatchObject({ itemId: 'pe-volume' });
  });

  it('asks a new inspection of a speaker speaker items, and of the switch switch items', async () => {
    const { repos } = await seeded();
    const inspection = await start(repos, [SPEAKER, SWITCH]);
    expect(inspection.targets.map((t) => `${t.templateId}@${t.templateVersion}`).sort()).toEqual(['queue-network-switch@1', 'queue-speaker@1']);
    const { steps } = await loadSession(repos, inspection.id);
    const speaker = itemIdsOf(steps, SPEAKER);
    const switchItems = itemIdsOf(steps, SWITCH);
    expect(speaker).toEqual(expect.arrayContaining(['sp-volume', 'sp-clarity', 'sp-coverage', 'sp-mount', 'sp-power', 'sp-cabling']));
    expect(switchItems).toEqual(expect.arrayContaining(['sw-ports', 'sw-poe-load', 'sw-uplink', 'sw-cabinet', 'sw-labels', 'sw-backup']));
    expect(speaker.every((id) => id.startsWith('sp-'))).toBe(true);
    expect(switchItems.every((id) => id.startsWith('sw-'))).toBe(true);
    // Nothing about ports or the network for a speaker, nothing about sound for the switch.
    const labels = (assetId: string): string => steps.filter((s) => s.assetId === assetId).map((s) => `${s.item.label.zh} ${s.item.label.en}`).join('\n');
    expect(labels(SPEAKER)).not.toMatch(/端口|交换机|PoE|网络|port|switch|network/i);
    expect(labels(SWITCH)).not.toMatch(/音量|播报|音箱|volume|announce|speaker/i);
  });

  it('gives a device that never had v1 the v1 template too, so a v1 inspection from a backup renders', async () => {
    const { repos } = await seeded();
    const v1 = await repos.reference.templatesAt([{ id: 'queue-peripheral', version: 1 }]);
    expect(v1.get('queue-peripheral@1')!.sections.flatMap((s) => s.items).map((i) => i.id)).toContain('pe-switch');
    expect((await repos.reference.latestTemplates(['queue-peripheral'])).get('queue-peripheral')!.version).toBe(2);
  });
});
