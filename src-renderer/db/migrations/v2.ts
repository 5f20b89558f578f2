/**
 * Version 2: "previous answer" lookups without scanning history. Adds lastInspected (latest
 * completed inspection per system or unit) and per-inspection counters, both backfilled here.
 */
import type { Transaction } from 'dexie';
import type { AnswerRow, InspectionRow, LastInspectedRow } from '../rows';
import { isFinding } from '../../../src-shared/domain/answer';

export const V2_STORES = {
  lastInspected: 'key',
  answers: 'id, inspectionId, [inspectionId+subject]',
};

export async function upgradeToV2(tx: Transaction): Promise<void> {
  const latest = new Map<string, LastInspectedRow>();
  await tx
    .table<InspectionRow, string>('inspections')
    .toCollection()
    .modify((inspection) => {
      inspection.answeredCount = 0;
      inspection.findingCount = 0;
      inspection.totalSteps ??= 0;
    });
  const counts = new Map<string, { answered: number; findings: number }>();
  const completed = new Map<string, InspectionRow>();
  await tx
    .table<InspectionRow, string>('inspections')
    .each((inspection) => {
      if (inspection.status === 'completed' && inspection.completedAt) completed.set(inspection.id, inspection);
    });
  await tx.table<AnswerRow, string>('answers').each((answer) => {
    const c = counts.get(answer.inspectionId) ?? { answered: 0, findings: 0 };
    c.answered++;
    if (isFinding(answer.outcome)) c.findings++;
    counts.set(answer.inspectionId, c);
    const inspection = completed.get(answer.inspectionId);
    if (!inspection?.completedAt) return;
    const key = `${inspection.hospitalId}|${answer.subject}`;
    const known = latest.get(key);
    if (!known || known.completedAt < inspection.completedAt) {
      latest.set(key, { key, inspectionId: inspection.id, completedAt: inspection.completedAt });
    }
  });
  await tx
    .table<InspectionRow, string>('inspections')
    .toCollection()
    .modify((inspection) => {
      const c = counts.get(inspection.id);
      inspection.answeredCount = c?.answered ?? 0;
      inspection.findingCount = c?.findings ?? 0;
    });
  await tx.table<LastInspectedRow, string>('lastInspected').bulkPut([...latest.values()]);
}
