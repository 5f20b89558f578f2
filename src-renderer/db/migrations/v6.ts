/**
 * Version 6: finding inspections. `*subjects` (multiEntry: every system, unit and hardware type an
 * inspection covers) answers "which inspections covered this unit or system" from the index, for
 * the list's filters and a unit's history, instead of reading every inspection of the hospital;
 * `[hospitalId+createdAt]` answers "started between". Rows written before have no `subjects`:
 * the upgrade fills it from their targets (later writes get it from db/subjects.ts).
 */
import type { Transaction } from 'dexie';
import type { InspectionRow } from '../rows';
import { subjectsOf } from '../subjects';

export const V6_STORES = {
  inspections: 'id, [hospitalId+updatedAt], [hospitalId+status], status, [hospitalId+createdAt], *subjects',
};

export async function upgradeToV6(tx: Transaction): Promise<void> {
  await tx
    .table<InspectionRow, string>('inspections')
    .toCollection()
    .modify((inspection) => {
      inspection.subjects = subjectsOf(inspection.targets);
    });
}
