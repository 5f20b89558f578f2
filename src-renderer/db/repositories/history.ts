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

export const isFiltered = (f: InspectionFilter): boolean =>
  f.status !== undefined || (f.subjects?.length ?? 0) > 0 || f.startedFrom !== undefined || f.startedBefore !== undefined;

export function historyRepository(db: XunjianDb, inspections: Pick<InspectionRepository, 'get' | 'listByHospital'>) {
  const hospitalRange = (hospitalId: string): [[string, string], [string, string]] => [
    [hospitalId, ''],
    [hospitalId, '\uffff'],
  ];

  /**
   * The ids matching every filter, newest change first. Each filter is one read of primary keys
   * from its index (getAllKeys: no row is read or decoded), intersected in memory: a few
   * milliseconds for a hospital with thousands of inspections, and the same cost whichever
   * filter is the narrow one. Only the page's rows are then read.
   */
  async function matchingIds(hospitalId: string, filter: InspectionFilter): Promise<string[]> {
    const table = db.inspections;
    const sets: Promise<string[]>[] = [];
    if (filter.status) sets.push(table.where('[hospitalId+status]').equals([hospitalId, filter.status]).primaryKeys());
    for (const subject of filter.subjects ?? []) sets.push(table.where('subjects').equals(subject).primaryKeys());
    if (filter.startedFrom !== undefined || filter.startedBefore !== undefined) {
      const range = table
        .where('[hospitalId+createdAt]')
        .between([hospitalId, filter.startedFrom ?? ''], [hospitalId, filter.startedBefore ?? '\uffff'], true, false);
      sets.push(range.primaryKeys());
    }
    const [order, ...filters] = await Promise.all([
      table.where('[hospitalId+updatedAt]').between(...hospitalRange(hospitalId)).primaryKeys(),
      ...sets,
    ]);
    const keep = filters.map((ids) => new Set(ids));
    return order.filter((id) => keep.every((ids) => ids.has(id))).reverse();
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
      const ids = await db.transaction('r', db.inspections, () => matchingIds(hospitalId, filter));
      const stored = (await db.inspections.bulkGet(ids.slice(0, limit))).filter((r): r is InspectionRow => r !== undefined);
      // A draft's progress comes from its answers (draft-progress.ts); the inspection repository reads it.
      const rows = await Promise.all(stored.map(async (r) => (r.status === 'draft' ? ((await inspections.get(r.id)) ?? r) : r)));
      return { rows, total: ids.length, more: ids.length > limit };
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
