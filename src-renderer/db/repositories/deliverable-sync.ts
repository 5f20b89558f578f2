/**
 * The deliverables register's side of sync: an entry with the files of it this device holds, for
 * a push; and the office's entry taken in place of this device's when the office keeps a newer
 * revision (409), without queueing it again (it is what the office has).
 */
import { canonicalHash } from '../../../src-shared/crypto/canonical';
import { DeliverableEntry } from '../../../src-shared/period/deliverable';
import { deliverableFiles, newerEntry } from '../../../src-shared/sync/deliverables';
import type { XunjianDb } from '../database';
import { changesOf, deliverableOutboxId, type DeliverableFileRow, type DeliverableRow } from '../rows';
import { StoreError } from '../store-error';

export interface DeliverableForPush {
  entry: DeliverableRow;
  /** Attached files named by the entry that this device holds (another device's are at the office). */
  files: DeliverableFileRow[];
  changes: number;
}

export async function deliverableForPush(db: XunjianDb, entryId: string): Promise<DeliverableForPush | undefined> {
  return db.transaction('r', [db.deliverables, db.deliverableFiles, db.outbox], async () => {
    const entry = await db.deliverables.get(entryId);
    if (!entry) return undefined;
    const row = await db.outbox.get(deliverableOutboxId(entryId));
    const held = await db.deliverableFiles.bulkGet(deliverableFiles(entry).map((f) => f.sha256));
    return { entry, files: held.filter((f): f is DeliverableFileRow => f !== undefined), changes: row ? changesOf(row) : 0 };
  });
}

/**
 * Keeps the office's entry if it is newer than this device's (sync/deliverables.ts newerEntry);
 * refuses one for another entry or that is not an entry. A revision made on this device while the
 * push was under way is newer still and stays.
 */
export async function takeOfficeEntry(db: XunjianDb, entryId: string, officeEntry: unknown): Promise<void> {
  const parsed = DeliverableEntry.safeParse(officeEntry);
  if (!parsed.success || parsed.data.id !== entryId) throw new StoreError('dlv_not_found', `the office's answer is not entry ${entryId}`);
  const theirs = parsed.data;
  const theirHash = await canonicalHash(theirs);
  const ours = await db.deliverables.get(entryId);
  const ourHash = ours && (await canonicalHash(ours));
  await db.transaction('rw', [db.deliverables], async () => {
    const now = await db.deliverables.get(entryId);
    // Changed since it was hashed: leave it, the next push decides.
    if (JSON.stringify(now) !== JSON.stringify(ours)) return;
    if (!ours || newerEntry({ revision: theirs.current.revision, hash: theirHash }, { revision: ours.current.revision, hash: ourHash! }) === 'a') {
      await db.deliverables.put(theirs);
    }
  });
}
