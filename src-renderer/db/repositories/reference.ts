/**
 * Hospitals, contracts, systems, hardware units and checklist templates. Written when the
 * shipped catalog is applied at start-up and when the office's reference data is pulled
 * (sync-state.ts); read everywhere.
 */
import type { Catalog } from '../../../src-shared/catalog/catalog';
import type { Template } from '../../../src-shared/catalog/schema';
import { templateKey } from '../../../src-shared/domain/steps';
import type { XunjianDb } from '../database';
import { OFFICE_SYNC_KEY, type AssetRow, type ContractRow, type HospitalRow, type SystemRow } from '../rows';

export function referenceRepository(db: XunjianDb) {
  return {
    /**
     * Stores the shipped catalog. A template version already stored is never rewritten: old
     * inspections must keep rendering against exactly the items they were done with. Once the
     * office's reference data has been pulled, the shipped hospitals, contracts and units are left
     * out: the office's are the truth there, so a hospital a reset pull dropped must not come
     * back at the next start, nor a contract the office changed revert to the shipped one.
     */
    async applyCatalog(catalog: Catalog): Promise<void> {
      await db.transaction('rw', [db.hospitals, db.contracts, db.systems, db.assets, db.templates, db.syncState], async () => {
        const known = new Set((await db.templates.toCollection().primaryKeys()).map(([id, v]) => templateKey(id, v)));
        await db.templates.bulkAdd(catalog.templates.filter((t) => !known.has(templateKey(t.id, t.version))));
        if ((await db.syncState.get(OFFICE_SYNC_KEY))?.pulledAt) return;
        for (const file of catalog.hospitals) {
          const hospitalId = file.hospital.id;
          await db.hospitals.put(file.hospital);
          await db.contracts.bulkPut(file.contracts);
          await db.systems.bulkPut(
            file.contracts.flatMap((c) => c.systems.map((s): SystemRow => ({ ...s, id: `${c.id}/${s.id}`, hospitalId, contractId: c.id }))),
          );
          await db.assets.bulkPut(file.assets.map((a): AssetRow => ({ ...a, hospitalId })));
        }
      });
    },

    listHospitals: (): Promise<HospitalRow[]> => db.hospitals.toArray(),
    getHospital: (id: string) => db.hospitals.get(id),
    listContracts: (hospitalId: string): Promise<ContractRow[]> => db.contracts.where({ hospitalId }).toArray(),
    getContract: (id: string) => db.contracts.get(id),
    listSystems: (contractId: string): Promise<SystemRow[]> => db.systems.where({ contractId }).toArray(),
    listAssets: (contractId: string): Promise<AssetRow[]> => db.assets.where({ contractId }).toArray(),
    /** The hospital's unit with this tag (tags are unique within a hospital's file; another hospital may reuse one). */
    findAssetByTag: (hospitalId: string, assetTag: string): Promise<AssetRow | undefined> =>
      db.assets.where('assetTag').equals(assetTag).filter((a) => a.hospitalId === hospitalId).first(),
    getAssets: async (ids: readonly string[]): Promise<AssetRow[]> =>
      (await db.assets.bulkGet([...ids])).filter((a): a is AssetRow => a !== undefined),
    getAsset: (id: string): Promise<AssetRow | undefined> => db.assets.get(id),
    /** Across the hospital's contracts: the hospital page's filters and unit list. */
    listHospitalSystems: (hospitalId: string): Promise<SystemRow[]> => db.systems.where({ hospitalId }).toArray(),
    listHospitalAssets: (hospitalId: string): Promise<AssetRow[]> => db.assets.where({ hospitalId }).toArray(),

    /** STAND-IN (screens) for the sla helper's: a calendar by id, undefined when none is stored. */
    calendar: (id: string) => db.calendars.get(id),

    /** The newest stored version of each template id. */
    async latestTemplates(ids: readonly string[]): Promise<Map<string, Template>> {
      const out = new Map<string, Template>();
      for (const id of ids) {
        const versions = await db.templates.where('id').equals(id).toArray();
        const latest = versions.sort((a, b) => b.version - a.version)[0];
        if (latest) out.set(id, latest);
      }
      return out;
    },

    /** Exact versions, keyed `id@version`, as an inspection needs them. */
    async templatesAt(keys: readonly { id: string; version: number }[]): Promise<Map<string, Template>> {
      const rows = await db.templates.bulkGet(keys.map((k) => [k.id, k.version] as [string, number]));
      return new Map(rows.filter((t): t is Template => t !== undefined).map((t) => [templateKey(t.id, t.version), t]));
    },
  };
}
export type ReferenceRepository = ReturnType<typeof referenceRepository>;
