/**
 * Finding past work: a hospital's inspections filtered by state, covered system or unit and start
 * date over its whole history, a page at a time; and one unit's history with its answers. Reads only.
 */
import type { XunjianDb } from '../database';
import { answerIdRange, type AnswerRow, type InspectionRow, type InspectionStatus } from '../rows';
import { assetSubject } from '../subjects';
import type { InspectionRepository } from './inspections';

export interface InspectionFilter {
  status?: InspectionStatus;
  /** db/subjects.ts keys; an inspection must cover every one of them. */
  subjects?: string[];
  /** ISO instants: started at or after `startedFrom` and before `startedBefore`. */
  startedFrom?: string;
  startedBefore?: string;
}

export interface InspectionPage {
  /** Newest change first, as the unfiltered list. Drafts carry their progress. */
  rows: InspectionRow[];
  /** How many match in all, when a filter is set (the unfiltered list shows the status counts). */
  total: number | null;
  more: boolean;
}

export interface UnitVisit {
  inspection: InspectionRow;
  /** The answers given for this unit (subject `asset:<id>`), in step order. */
  answers: AnswerRow[];
}

/** Up to this many matches, their rows are read and sorted rather than the hospital's whole order. */
const READ_MATCHES = 250;

const newestChangeFirst = (a: InspectionRow, b: InspectionRow): number =>
  a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

export const isFiltered = (f: InspectionFilter): boolean =>
  f.status !== undefined || (f.subjects?.length ?? 0) > 0 || f.startedFrom !== undefined || f.startedBefore !== undefined;

export function historyRepository(db: XunjianDb, inspections: Pick<InspectionRepository, 'get' | 'listByHospital'>, readMatches = READ_MATCHES) {
  const hospitalRange = (hospitalId: string): [[string, string], [string, string]] => [
    [hospitalId, ''],
    [hospitalId, '\uffff'],
  ];

  /** The primary keys each filter allows, one index read each (getAllKeys: no row is decoded). */
  function filterKeys(hospitalId: string, filter: InspectionFilter): Promise<string[][]> {
    const table = db.inspections;
    const reads: Promise<string[]>[] = [];
    if (filter.status) reads.push(table.where('[hospitalId+status]').equals([hospitalId, filter.status]).primaryKeys());
    for (const subject of filter.subjects ?? []) reads.push(table.where('subjects').equals(subject).primaryKeys());
    if (filter.startedFrom !== undefined || filter.startedBefore !== undefined) {
      const range = table
        .where('[hospitalId+createdAt]')
        .between([hospitalId, filter.startedFrom ?? ''], [hospitalId, filter.startedBefore ?? '\uffff'], true, false);
      reads.push(range.primaryKeys());
    }
    return Promise.all(reads);
  }

  /**
   * The matching rows, newest change first, as `[hospitalId+updatedAt]` orders them (ties by id).
   * Few matches (a unit, the drafts, a month): their rows are read and sorted here. Many (a system
   * every inspection covers): the hospital's order is read as keys and only the page's rows after.
   * Either way the cost follows the index entries read, not the rows: Chromium checks each index
   * entry against its row, ~10 µs each, so reading 2,000 keys is what a large filter costs.
   */
  async function matching(hospitalId: string, filter: InspectionFilter, limit: number): Promise<{ rows: InspectionRow[]; total: number }> {
    const sets = await filterKeys(hospitalId, filter);
    const [smallest, ...others] = [...sets].sort((a, b) => a.length - b.length) as [string[], ...string[][]];
    const keep = others.map((ids) => new Set(ids));
    const candidates = smallest.filter((id) => keep.every((ids) => ids.has(id)));
    if (candidates.length <= readMatches) {
      // A hardware type's subject spans hospitals; the other filters are this hospital's already.
      const rows = (await db.inspections.bulkGet(candidates)).filter((r): r is InspectionRow => r !== undefined && r.hospitalId === hospitalId);
      rows.sort(newestChangeFirst);
      return { rows: rows.slice(0, limit), total: rows.length };
    }
    const allowed = new Set(candidates);
    const order = await db.inspections.where('[hospitalId+updatedAt]').between(...hospitalRange(hospitalId)).primaryKeys();
    const ids = order.filter((id) => allowed.has(id)).reverse();
    const rows = (await db.inspections.bulkGet(ids.slice(0, limit))).filter((r): r is InspectionRow => r !== undefined);
    return { rows, total: ids.length };
  }

  return {
    /**
     * One page of the hospital's inspections, `limit` long. Unfiltered, it is the list as it was
     * (listByHospital: a cursor over `[hospitalId+updatedAt]` that stops after the page).
     */
    async search(hospitalId: string, filter: InspectionFilter, limit: number): Promise<InspectionPage> {
      if (!isFiltered(filter)) {
        const rows = await inspections.listByHospital(hospitalId, limit + 1);
        return { rows: rows.slice(0, limit), total: null, more: rows.length > limit };
      }
      // One transaction: the repository's own reads of each draft run inside it (Dexie nests them).
      return db.transaction('r', db.inspections, db.answers, async () => {
        const { rows, total } = await matching(hospitalId, filter, limit);
        // A draft's progress comes from its answers (draft-progress.ts); the inspection repository reads it.
        const shown = await Promise.all(rows.map(async (r) => (r.status === 'draft' ? ((await inspections.get(r.id)) ?? r) : r)));
        return { rows: shown, total, more: total > limit };
      });
    },

    /**
     * Every inspection that covered the unit, newest start first, with its answers for this unit.
     * The items asked once per hardware type (subject `type:<templateId>`) are left out: they are
     * about all the units of that type in the inspection (spares, staff training), so showing them
     * here would pin a finding on a unit it is not about and repeat it on every unit's page. They
     * are in the inspection and its report, which each visit links to.
     */
    async unitHistory(assetId: string): Promise<UnitVisit[]> {
      const subject = assetSubject(assetId);
      return db.transaction('r', db.inspections, db.answers, async () => {
        const rows = await db.inspections.where('subjects').equals(subject).toArray();
        rows.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
        return Promise.all(
          rows.map(async (inspection) => ({
            inspection,
            answers: await db.answers.where(':id').between(...answerIdRange(inspection.id, subject)).toArray(),
          })),
        );
      });
    },
  };
}
export type HistoryRepository = ReturnType<typeof historyRepository>;
