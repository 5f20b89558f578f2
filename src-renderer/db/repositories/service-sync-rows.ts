/**
 * The serviceRecords repository's side for the sync engine (src-renderer/sync/service-*.ts): what a
 * push reads, and what the office's answers change (its version, a 409 merge, the outbox row).
 */
import type { Table } from 'dexie';
import { mergeRecords } from '../../../src-shared/service/merge';
import type { ServiceRecord } from '../../../src-shared/service/record';
import type { Receipt } from '../../../src-shared/sync/receipt';
import type { XunjianDb } from '../database';
import { changesOf, serviceOutboxId, type ServiceAttachmentRow, type ServiceRecordRow } from '../rows';
import { StoreError } from '../store-error';
import { ownNumber, rowOf, validRecord, writerId } from './service-writes';

export function serviceSyncMethods(db: XunjianDb, { now, tables }: { now: () => Date; tables: Table[] }) {
  const notFound = (id: string): never => {
    throw new StoreError('svc_not_found', `service record ${id} does not exist`);
  };
  return {
    /** Sync: the record, its files on this device and its outbox row's change count, read together. */
    forPush: (id: string): Promise<{ row: ServiceRecordRow; attachments: ServiceAttachmentRow[]; changes: number } | undefined> =>
      db.transaction('r', db.serviceRecords, db.serviceAttachments, db.outbox, async () => {
        const row = await db.serviceRecords.get(id);
        if (!row) return undefined;
        const attachments = await db.serviceAttachments.where({ recordId: id }).sortBy('createdAt');
        const out = await db.outbox.get(serviceOutboxId(id));
        return { row, attachments, changes: out ? changesOf(out) : 0 };
      }),

    /**
     * Sync: the office holds `theirs` at `version` (a 409). Both event lists are kept (their union,
     * service/merge.ts), with whatever this device appended meanwhile; the push then names
     * version + 1. `theirs` undefined: the office holds no version, the next push is version 1.
     * Returns the ids both sides hold with different content (ours is kept).
     */
    async mergeOffice(id: string, theirs: ServiceRecord | undefined, version: number): Promise<string[]> {
      return db.transaction('rw', tables, async () => {
        const row = (await db.serviceRecords.get(id)) ?? notFound(id);
        const { record, clashes } = theirs ? mergeRecords(row.record, theirs) : { record: row.record, clashes: [] };
        const merged = validRecord(record);
        const writer = await writerId(db);
        // The office may hold events of ours this row no longer counts (a restored backup): never reuse their numbers.
        const nextEventNo = Math.max(row.nextEventNo, ...merged.events.map((e) => ownNumber(writer, e.id) + 1));
        const contract = await db.contracts.get(row.contractId);
        await db.serviceRecords.put(rowOf(merged, contract, { officeVersion: version, nextEventNo }, now().toISOString()));
        return clashes;
      });
    },

    /** Sync: `version` went into an offline bundle; the record's next push names the one after it. */
    markExported: async (id: string, version: number): Promise<void> => {
      await db.transaction('rw', db.serviceRecords, async () => {
        const row = await db.serviceRecords.get(id);
        if (row && row.officeVersion < version) await db.serviceRecords.update(id, { officeVersion: version });
      });
    },

    /**
     * Sync: the office stored `version` of the record, with a receipt the caller verified. The
     * office version and the outbox row change together; `seen` is the row's change count read
     * before packaging (a record appended to since goes back to the queue).
     */
    async markPushed(id: string, version: number, receipt: Receipt, seen: number): Promise<void> {
      await db.transaction('rw', db.serviceRecords, db.outbox, async () => {
        const row = await db.serviceRecords.get(id);
        if (row && row.officeVersion < version) await db.serviceRecords.update(id, { officeVersion: version });
        const out = await db.outbox.get(serviceOutboxId(id));
        if (!out) return;
        const at = now().toISOString();
        out.receipt = receipt;
        out.syncedAt = at;
        out.updatedAt = at;
        delete out.lastError;
        if (changesOf(out) !== seen) {
          out.state = 'pending';
          out.nextAttemptAt = at;
        } else {
          out.state = 'synced';
          out.bytesSent = out.bytesTotal;
        }
        await db.outbox.put(out);
      });
    },
  };
}
