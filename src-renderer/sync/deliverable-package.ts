/**
 * A deliverables-register entry as the office receives it: exactly the entry, and its files this
 * device can send, PUT by hash first — attached files from the store, a produced report's PDF
 * from where the main process filed it (the locator).
 */
import { DeliverableEntry } from '../../src-shared/period/deliverable';
import type { Repositories } from '../db';
import { StoreError } from '../db/store-error';
import { SyncFailure } from './failure';
import type { DeliverableBlob, DeliverableSource } from './ports';

const refuse = (code: string, message: string): never => {
  throw new SyncFailure('attention', code, message);
};

export function deliverableSource(repos: Pick<Repositories, 'deliverables'>): DeliverableSource {
  return {
    async package(entryId) {
      const found = await repos.deliverables.forPush(entryId);
      if (!found) return refuse('deliverable_missing', `register entry ${entryId} is not on this device`);
      const parsed = DeliverableEntry.safeParse(found.entry);
      if (!parsed.success) return refuse('deliverable_invalid', `register entry ${entryId}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const held = new Map(found.files.map((f) => [f.sha256, f]));
      const blobs: DeliverableBlob[] = [];
      const seen = new Set<string>();
      for (const revision of [...parsed.data.history, parsed.data.current]) {
        const value = revision.value;
        if (value.state === 'produced' && !seen.has(value.sha256)) {
          seen.add(value.sha256);
          blobs.push({ sha256: value.sha256, size: value.size, mime: 'application/pdf', role: 'deliverable', source: { kind: 'report', locator: value.report } });
        }
        const file = value.state === 'attached' ? held.get(value.sha256) : undefined;
        if (value.state === 'attached' && file && !seen.has(value.sha256)) {
          seen.add(value.sha256);
          blobs.push({ sha256: value.sha256, size: value.size, mime: value.mime, role: 'deliverable', source: { kind: 'bytes', read: async () => new Uint8Array(await file.blob.arrayBuffer()) } });
        }
      }
      return { entry: parsed.data, blobs, changes: found.changes };
    },

    async takeOffice(entryId, officeEntry) {
      try {
        await repos.deliverables.takeOffice(entryId, officeEntry);
      } catch (error) {
        if (error instanceof StoreError) refuse('deliverable_invalid', error.message);
        throw error;
      }
    },
  };
}
