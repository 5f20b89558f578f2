/**
 * Deleting a draft the engineer started by mistake: the inspection row, its answers and its photos
 * go in one transaction. Only drafts: a signed inspection is evidence, a completed one awaits its
 * signatures, and both are refused with a StoreError the screen turns into a sentence.
 */
import type { XunjianDb } from '../database';
import { answerIdRange, type InspectionRow } from '../rows';
import { asStoreError, StoreError } from '../store-error';

/** What a deletion would lose, shown in its confirmation. */
export interface DraftContents {
  answers: number;
  photos: number;
}

function assertDeletable(inspection: InspectionRow | undefined, id: string): asserts inspection is InspectionRow {
  if (!inspection) throw new StoreError('not_found', `inspection ${id} does not exist`);
  if (inspection.status === 'signed') throw new StoreError('signed', `inspection ${id} is signed and cannot be deleted`);
  if (inspection.status !== 'draft') throw new StoreError('not_draft', `inspection ${id} is ${inspection.status} and cannot be deleted`);
}

export function draftRepository(db: XunjianDb) {
  const contents = async (id: string): Promise<DraftContents> => {
    const [answers, photos] = await Promise.all([
      db.answers.where(':id').between(...answerIdRange(id)).count(),
      db.attachments.where('inspectionId').equals(id).count(),
    ]);
    return { answers, photos };
  };

  return {
    /** Refuses as delete would, so the confirmation is never offered for something it cannot do. */
    contents: (id: string): Promise<DraftContents> =>
      db.transaction('r', db.inspections, db.answers, db.attachments, async () => {
        assertDeletable(await db.inspections.get(id), id);
        return contents(id);
      }),

    /** Deletes the draft with its answers and photos; returns what was deleted. */
    async delete(id: string): Promise<DraftContents> {
      try {
        return await db.transaction('rw', db.inspections, db.answers, db.attachments, async () => {
          assertDeletable(await db.inspections.get(id), id);
          const deleted = await contents(id);
          await db.answers.where(':id').between(...answerIdRange(id)).delete();
          await db.attachments.where('inspectionId').equals(id).delete();
          await db.inspections.delete(id);
          return deleted;
        });
      } catch (error) {
        throw asStoreError(error);
      }
    },
  };
}
export type DraftRepository = ReturnType<typeof draftRepository>;
