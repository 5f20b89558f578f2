/** Photos attached to an answer, stored as Blobs (already resized) beside the answer row. */
import { LIMITS } from '../../../src-shared/domain/limits';
import type { XunjianDb } from '../database';
import type { AttachmentRow, InspectionStatus } from '../rows';
import { asStoreError, StoreError } from '../store-error';
import { queueScan } from './outbox';

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
    /**
     * `reserve`: photos the inspection must keep room for, those its photo items still ask for
     * (given by the screen, which knows the checklist), so that findings' photos never leave a
     * required photo item unanswerable under the inspection's limit.
     */
    async add(input: Omit<AttachmentRow, 'id' | 'createdAt'>, { reserve = 0 }: { reserve?: number } = {}): Promise<AttachmentRow> {
      const row: AttachmentRow = { ...input, id: newId(), createdAt: now().toISOString() };
      try {
        await db.transaction('rw', db.inspections, db.attachments, db.answers, async () => {
          const inspection = await db.inspections.get(input.inspectionId);
          assertDraft(inspection?.status, input.inspectionId);
          // Every photo is printed in the report, so both counts are bounded (domain/limits.ts).
          if ((await db.attachments.where({ answerId: input.answerId }).count()) >= LIMITS.photosPerAnswer) {
            throw new StoreError('too_many_photos', `answer ${input.answerId} has ${LIMITS.photosPerAnswer} photos`, { max: LIMITS.photosPerAnswer });
          }
          const paper = paperScanKey(input.inspectionId);
          const all = await db.attachments.where({ inspectionId: input.inspectionId }).filter((a) => a.answerId !== paper).count();
          if (all >= LIMITS.photosPerInspection) {
            throw new StoreError('too_many_photos', `inspection ${input.inspectionId} has ${all} photos`, { max: LIMITS.photosPerInspection });
          }
          if (all + reserve >= LIMITS.photosPerInspection) {
            throw new StoreError('photos_reserved', `inspection ${input.inspectionId} has ${all} photos and keeps ${reserve} for its photo items`, { max: LIMITS.photosPerInspection, reserved: reserve });
          }
          await db.attachments.add(row);
          await recount(input.answerId);
        });
      } catch (error) {
        throw asStoreError(error);
      }
      return row;
    },
    /**
     * A photo or scan of the wet-signed paper sheet: allowed once completed, and after signing.
     * A report already queued or sent takes it to the office too (outbox.queueScan).
     */
    async addPaperScan(inspectionId: string, photo: { blob: Blob; width: number; height: number }): Promise<AttachmentRow> {
      const row: AttachmentRow = { id: newId(), inspectionId, answerId: paperScanKey(inspectionId), blob: photo.blob, type: photo.blob.type, width: photo.width, height: photo.height, createdAt: now().toISOString() };
      try {
        await db.transaction('rw', [db.inspections, db.attachments, db.outbox], async () => {
          const inspection = await db.inspections.get(inspectionId);
          if (!inspection) throw new StoreError('not_found', `inspection ${inspectionId} does not exist`);
          if (inspection.status === 'draft') throw new StoreError('not_completed', `inspection ${inspectionId} is a draft`);
          if ((await db.attachments.where({ answerId: row.answerId }).count()) >= LIMITS.paperScans) {
            throw new StoreError('too_many_scans', `inspection ${inspectionId} has ${LIMITS.paperScans} scans`, { max: LIMITS.paperScans });
          }
          await db.attachments.add(row);
          await queueScan(db, inspectionId, photo.blob.size, row.createdAt);
        });
      } catch (error) {
        throw asStoreError(error);
      }
      return row;
    },
    paperScans: (inspectionId: string): Promise<AttachmentRow[]> => db.attachments.where({ answerId: paperScanKey(inspectionId) }).sortBy('createdAt'),
    listForAnswer: (answerId: string): Promise<AttachmentRow[]> => db.attachments.where({ answerId }).sortBy('createdAt'),
    listForInspection: (inspectionId: string): Promise<AttachmentRow[]> => db.attachments.where({ inspectionId }).toArray(),
    async remove(id: string): Promise<void> {
      await db.transaction('rw', db.inspections, db.attachments, db.answers, async () => {
        const row = await db.attachments.get(id);
        if (!row) return;
        const inspection = await db.inspections.get(row.inspectionId);
        assertDraft(inspection?.status, row.inspectionId);
        await db.attachments.delete(id);
        await recount(row.answerId);
      });
    },
  };
}
/** Scans of the paper sheet hang on this pseudo answer id, apart from the items' photos. */
export const paperScanKey = (inspectionId: string): string => `${inspectionId}|paper`;

/** Photos are part of what is signed: once signed, none may be added or removed. */
function assertDraft(status: InspectionStatus | undefined, inspectionId: string): void {
  if (status === 'signed') throw new StoreError('signed', `inspection ${inspectionId} is signed and locked`);
  if (status !== 'draft') throw new StoreError('not_draft', `inspection ${inspectionId} is not a draft`);
}

export type AttachmentRepository = ReturnType<typeof attachmentRepository>;
