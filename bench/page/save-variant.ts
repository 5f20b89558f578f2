/**
 * A diagnostic, not the store: saveAnswer's transaction as inspections.ts writes it, except the
 * inspection goes back with put() instead of update(). Dexie's update() is a modify(): it first
 * queries the primary key, then reads the row again, then puts it; two more round trips to
 * Chromium's storage process inside the transaction. Timing both says what that costs.
 */
import type { XunjianDb } from '../../src-renderer/db/database';
import type { AnswerInput } from '../../src-renderer/db/repositories/inspections';
import { answerId, type AnswerRow } from '../../src-renderer/db/rows';
import { isFinding } from '../../src-shared/domain/answer';

export async function saveAnswerWithPut(db: XunjianDb, input: AnswerInput): Promise<void> {
  const { cursor, ...fields } = input;
  const id = answerId(input.inspectionId, input.stepKey);
  const at = new Date().toISOString();
  const row: AnswerRow = { ...fields, id, note: input.note.trim(), answeredAt: at };
  await db.transaction('rw', db.inspections, db.answers, async () => {
    const inspection = await db.inspections.get(input.inspectionId);
    if (inspection?.status !== 'draft') throw new Error(`inspection ${input.inspectionId} is no draft`);
    const before = await db.answers.get(id);
    await db.answers.put(row);
    await db.inspections.put({
      ...inspection,
      cursor,
      updatedAt: at,
      answeredCount: inspection.answeredCount + (before ? 0 : 1),
      findingCount: inspection.findingCount + Number(isFinding(row.outcome)) - Number(before ? isFinding(before.outcome) : false),
    });
  });
}
