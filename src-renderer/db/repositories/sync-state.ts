/**
 * The device's side of the office link: the enrollment summary (no token: that stays in the main
 * process) and the reference-data cursor. A pulled page is applied to the reference tables and its
 * cursor saved in one transaction, so a cut pull resumes exactly after the last page applied.
 */
import { Asset, Contract, Hospital } from '../../../src-shared/catalog/reference';
import { Template } from '../../../src-shared/catalog/schema';
import { CalendarDataSchema } from '../../../src-shared/sla/calendar-schema';
import type { PullPage, ReferenceItem } from '../../../src-shared/sync/protocol';
import type { XunjianDb } from '../database';
import { OFFICE_SYNC_KEY as KEY, type Enrollment, type SyncStateRow, type SystemRow } from '../rows';
const empty = (): SyncStateRow => ({ key: KEY, cursor: null });

export interface AppliedPage {
  applied: number;
  /** Items refused by the device's own schemas: named, skipped, never fatal. */
  problems: string[];
}

/** Contract systems are stored one row each, keyed `<contract>/<system>` as the catalog loader does. */
const systemRows = (c: Contract): SystemRow[] => c.systems.map((s) => ({ ...s, id: `${c.id}/${s.id}`, hospitalId: c.hospitalId, contractId: c.id }));

async function applyItem(db: XunjianDb, item: ReferenceItem): Promise<string | undefined> {
  const [id, version] = item.kind === 'template' ? splitTemplateKey(item.key) : [item.key, 0];
  if (item.deleted) {
    if (item.kind === 'hospital') await db.hospitals.delete(id);
    if (item.kind === 'contract') {
      await db.contracts.delete(id);
      await db.systems.where({ contractId: id }).delete();
    }
    if (item.kind === 'asset') await db.assets.delete(id);
    // Templates are never removed: old inspections render against exactly their version.
    if (item.kind === 'calendar') await db.calendars.delete(id);
    return undefined;
  }
  const problem = (issue: string): string => `${item.kind} ${item.key}: ${issue}`;
  switch (item.kind) {
    case 'hospital': {
      const parsed = Hospital.safeParse(item.data);
      if (!parsed.success) return problem(parsed.error.issues[0]?.message ?? 'invalid');
      await db.hospitals.put(parsed.data);
      return undefined;
    }
    case 'contract': {
      const parsed = Contract.safeParse(item.data);
      if (!parsed.success) return problem(parsed.error.issues[0]?.message ?? 'invalid');
      await db.contracts.put(parsed.data);
      await db.systems.where({ contractId: parsed.data.id }).delete();
      await db.systems.bulkPut(systemRows(parsed.data));
      return undefined;
    }
    case 'asset': {
      const parsed = Asset.safeParse(item.data);
      if (!parsed.success || !item.hospitalId) return problem(parsed.error?.issues[0]?.message ?? 'no hospital');
      await db.assets.put({ ...parsed.data, hospitalId: item.hospitalId });
      return undefined;
    }
    case 'template': {
      const parsed = Template.safeParse(item.data);
      if (!parsed.success) return problem(parsed.error.issues[0]?.message ?? 'invalid');
      if (parsed.data.id !== id || parsed.data.version !== version) return problem('key does not match the template');
      // A stored template version is never rewritten (see reference.applyCatalog).
      if (!(await db.templates.get([id, version]))) await db.templates.add(parsed.data);
      return undefined;
    }
    case 'calendar': {
      // The office's calendar replaces the shipped one: it is how a new year's holidays arrive.
      const parsed = CalendarDataSchema.safeParse(item.data);
      if (!parsed.success) return problem(parsed.error.issues[0]?.message ?? 'invalid');
      if (parsed.data.id !== id) return problem('key does not match the calendar');
      await db.calendars.put(parsed.data);
      return undefined;
    }
  }
}

function splitTemplateKey(key: string): [string, number] {
  const at = key.lastIndexOf('@');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}

/**
 * After a reset pull: reference rows of hospitals the engineer no longer serves go, except where
 * inspections of that hospital are on the device (they must still open and render).
 */
async function dropOtherHospitals(db: XunjianDb, keep: readonly string[]): Promise<void> {
  const kept = new Set(keep);
  for (const hospital of await db.hospitals.toArray()) {
    if (kept.has(hospital.id)) continue;
    if ((await db.inspections.where('[hospitalId+status]').between([hospital.id, ''], [hospital.id, '\uffff']).count()) > 0) continue;
    await db.hospitals.delete(hospital.id);
    await db.contracts.where({ hospitalId: hospital.id }).delete();
    await db.systems.where({ hospitalId: hospital.id }).delete();
    await db.assets.where({ hospitalId: hospital.id }).delete();
  }
}

export function syncStateRepository(db: XunjianDb, now: () => Date = () => new Date()) {
  return {
    get: async (): Promise<SyncStateRow> => (await db.syncState.get(KEY)) ?? empty(),

    /** A new enrollment starts reference data from the beginning: the cursor belonged to the old office. */
    async setEnrollment(enrollment: Enrollment): Promise<void> {
      await db.syncState.put({ ...empty(), enrollment });
    },

    async setLastRun(at: string): Promise<void> {
      await db.transaction('rw', db.syncState, async () => {
        const row = (await db.syncState.get(KEY)) ?? empty();
        await db.syncState.put({ ...row, lastRunAt: at });
      });
    },

    async applyPage(page: PullPage): Promise<AppliedPage> {
      const tables = [db.syncState, db.hospitals, db.contracts, db.systems, db.assets, db.templates, db.calendars, db.inspections];
      return db.transaction('rw', tables, async () => {
        const state = (await db.syncState.get(KEY)) ?? empty();
        const problems: string[] = [];
        for (const item of page.items) {
          const problem = await applyItem(db, item);
          if (problem) problems.push(problem);
        }
        const resetHospitalIds = page.reset ? page.hospitalIds : state.resetHospitalIds;
        const next: SyncStateRow = { ...state, cursor: page.cursor, pulledAt: now().toISOString() };
        delete next.resetHospitalIds;
        if (page.more) {
          if (resetHospitalIds) next.resetHospitalIds = resetHospitalIds;
        } else if (resetHospitalIds) {
          await dropOtherHospitals(db, resetHospitalIds);
        }
        if (next.enrollment) next.enrollment = { ...next.enrollment, hospitalIds: page.hospitalIds };
        await db.syncState.put(next);
        return { applied: page.items.length - problems.length, problems };
      });
    },
  };
}
export type SyncStateRepository = ReturnType<typeof syncStateRepository>;
