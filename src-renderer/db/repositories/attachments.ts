/** Photos attached to an answer, stored as Blobs (already resized) beside the answer row. */
import type { XunjianDb } from '../database';
import type { AttachmentRow } from '../rows';
import { asStoreError, StoreError } from '../store-error';

export function attachmentRepository(db: XunjianDb, now: () => Date = () => new Date(), newId: () => string = () => crypto.randomUUID()) {
  /** Keeps the answer's photo count (its evidence) equal to the photos stored for it. */
  async function recount(answerId: string): Promise<void> {
    const count = await db.attachments.where({ answerId }).count();
    await db.answers.where({ id: answerId }).modify((answer) => {
      answer.photoCount = count;
      if (answer.value.kind === 'photo') answer.value = { kind: 'photo', count };
    });
  }

  return {
    async add(input: Omit<AttachmentRow, 'id' | 'createdAt'>): Promise<AttachmentRow> {
      const row: AttachmentRow = { ...input, id: newId(), createdAt: now().toISOString() };
      try {
        await db.transaction('rw', db.inspections, db.attachments, db.answers, async () => {
          const inspection = await db.inspections.get(input.inspectionId);
          if (inspection?.status !== 'draft') throw new StoreError('not_draft', `inspection ${input.inspectionId} is not a draft`);
          await db.attachments.add(row);
          await recount(input.answerId);
        });
      } catch (error) {
        throw asStoreError(error);
      }
      return row;
    },
    listForAnswer: (answerId: string): Promise<AttachmentRow[]> => db.attachments.where({ answerId }).sortBy('createdAt'),
    listForInspection: (inspectionId: string): Promise<AttachmentRow[]> => db.attachments.where({ inspectionId }).toArray(),
    async remove(id: string): Promise<void> {
      await db.transaction('rw', db.inspections, db.attachments, db.answers, async () => {
        const row = await db.attachments.get(id);
        if (!row) return;
        const inspection = await db.inspections.get(row.inspectionId);
        if (inspection?.status !== 'draft') throw new StoreError('not_draft', `inspection ${row.inspectionId} is not a draft`);
        await db.attachments.delete(id);
        await recount(row.answerId);
      });
    },
  };
}
export type AttachmentRepository = ReturnType<typeof attachmentRepository>;
