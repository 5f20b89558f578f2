/**
 * The outbox: one row per signed report, one per service record and one per deliverables-register
 * entry, until the office has it. A
 * row is written with what it sends (signoff.saveReport, serviceRecords' writes) and changes state
 * only here; it is never deleted, and it becomes `synced` only together with the verified receipt.
 */
import { liveQuery } from 'dexie';
import { foldRecord } from '../../../src-shared/service/fold';
import type { Receipt } from '../../../src-shared/sync/receipt';
import type { XunjianDb } from '../database';
import { changesOf, deliverableOutboxId, newOutboxRow, outboxId, serviceOutboxId, type OutboxError, type OutboxRow, type OutboxState, type ReportFileRow } from '../rows';

/**
 * Queues a report inside the caller's transaction (which must include reports, outbox,
 * attachments and signatures). A report queued before keeps its row: a second save of the same
 * file must not send it twice or forget a receipt.
 */
export async function queueReport(db: XunjianDb, report: ReportFileRow, at: string): Promise<void> {
  if (await db.outbox.get(outboxId(report.inspectionId))) return;
  let bytes = report.size;
  await db.attachments.where({ inspectionId: report.inspectionId }).each((a) => (bytes += a.blob.size));
  await db.signatures.where({ inspectionId: report.inspectionId }).each((s) => (bytes += s.image.size));
  await db.outbox.add({ ...newOutboxRow(report, at), bytesTotal: bytes });
}

/**
 * A scan of the wet-signed paper sheet was added to a signed report, inside the caller's
 * transaction (which must include outbox). The scan is not part of the signed record, and the
 * office adds it to the report it holds when the same report is pushed again with it: so a sent
 * report goes back to the queue, and one whose send is under way goes back once that send is
 * done (markSynced compares `scansAdded` with the count the engine saw before packaging).
 */
export async function queueScan(db: XunjianDb, recordId: string, bytes: number, at: string): Promise<void> {
  const row = await db.outbox.get(outboxId(recordId));
  if (!row) return;
  row.bytesTotal += bytes;
  row.updatedAt = at;
  row.scansAdded = (row.scansAdded ?? 0) + 1;
  if (row.state === 'synced') {
    row.state = 'pending';
    row.nextAttemptAt = at;
  }
  await db.outbox.put(row);
}

/**
 * A service record was created or appended to, inside the caller's transaction (which must
 * include outbox): it is pushed (again). A row already queued counts the change, so a push under
 * way when it came is followed by another (markSynced compares `serviceChanges`). A row waiting
 * for the engineer (attention) stays there: the change goes with the push the engineer retries.
 */
export async function queueService(db: XunjianDb, recordId: string, bytes: number, at: string): Promise<void> {
  const id = serviceOutboxId(recordId);
  const row = await db.outbox.get(id);
  if (!row) {
    await db.outbox.add({ id, kind: 'service', recordId, state: 'pending', attempts: 0, nextAttemptAt: at, bytesTotal: bytes, bytesSent: 0, createdAt: at, updatedAt: at, serviceChanges: 0 });
    return;
  }
  row.serviceChanges = (row.serviceChanges ?? 0) + 1;
  row.bytesTotal = Math.max(row.bytesTotal, bytes);
  row.updatedAt = at;
  if (row.state === 'synced') {
    row.state = 'pending';
    row.nextAttemptAt = at;
  }
  await db.outbox.put(row);
}

/**
 * A deliverables-register entry changed, inside the caller's transaction (which must include
 * outbox): it is pushed (again), counted as queueService counts a service record's appends.
 */
export async function queueDeliverable(db: XunjianDb, entryId: string, bytes: number, at: string): Promise<void> {
  const id = deliverableOutboxId(entryId);
  const row = await db.outbox.get(id);
  if (!row) {
    await db.outbox.add({ id, kind: 'deliverable', recordId: entryId, state: 'pending', attempts: 0, nextAttemptAt: at, bytesTotal: bytes, bytesSent: 0, createdAt: at, updatedAt: at, deliverableChanges: 0 });
    return;
  }
  row.deliverableChanges = (row.deliverableChanges ?? 0) + 1;
  row.bytesTotal = bytes;
  row.updatedAt = at;
  if (row.state === 'synced') {
    row.state = 'pending';
    row.nextAttemptAt = at;
  }
  await db.outbox.put(row);
}

export interface OutboxSummary {
  pending: number;
  sending: number;
  attention: number;
  synced: number;
  /** Bytes of every row not yet synced, and how many of them the office already has. */
  bytesTotal: number;
  bytesSent: number;
}

export interface AttentionItem {
  row: OutboxRow;
  report?: ReportFileRow;
  /** For a service record's row: its title now. */
  serviceTitle?: string;
}

export function outboxRepository(db: XunjianDb, now: () => Date = () => new Date()) {
  const stamp = (): string => now().toISOString();

  /** Changes one row only if it is in one of the expected states; false when it was not. */
  async function move(id: string, from: readonly OutboxState[], change: (row: OutboxRow) => void): Promise<boolean> {
    return db.transaction('rw', db.outbox, async () => {
      const row = await db.outbox.get(id);
      if (!row || !from.includes(row.state)) return false;
      change(row);
      row.updatedAt = stamp();
      await db.outbox.put(row);
      return true;
    });
  }

  return {
    get: (id: string): Promise<OutboxRow | undefined> => db.outbox.get(id),
    forRecord: (recordId: string): Promise<OutboxRow | undefined> => db.outbox.get(outboxId(recordId)),

    /** A run that died (crash, closed window) left rows `sending`: they go back to the queue as they were. */
    recoverInterrupted: (): Promise<number> =>
      db.outbox.where('state').equals('sending').modify((row) => {
        row.state = 'pending';
        row.updatedAt = stamp();
      }),

    /** Pending rows whose backoff has passed, oldest attempt time first. */
    due: (at: string, limit = 10_000): Promise<OutboxRow[]> =>
      db.outbox.where('[state+nextAttemptAt]').between(['pending', ''], ['pending', at], true, true).limit(limit).toArray(),

    /** When the next pending row becomes due, for the engine's timer; undefined when none waits. */
    async nextDueAt(): Promise<string | undefined> {
      const first = await db.outbox.where('[state+nextAttemptAt]').between(['pending', ''], ['pending', '\uffff']).first();
      return first?.nextAttemptAt;
    },

    markSending: (id: string, bytesTotal: number): Promise<boolean> =>
      move(id, ['pending'], (row) => {
        row.state = 'sending';
        row.bytesTotal = bytesTotal;
      }),

    setProgress: (id: string, bytesSent: number): Promise<boolean> =>
      move(id, ['sending'], (row) => {
        row.bytesSent = bytesSent;
      }),

    markRetry: (id: string, error: OutboxError, nextAttemptAt: string): Promise<boolean> =>
      move(id, ['sending', 'pending'], (row) => {
        row.state = 'pending';
        row.attempts += 1;
        row.lastError = error;
        row.nextAttemptAt = nextAttemptAt;
      }),

    markAttention: (id: string, error: OutboxError): Promise<boolean> =>
      move(id, ['sending', 'pending'], (row) => {
        row.state = 'attention';
        row.attempts += 1;
        row.lastError = error;
      }),

    /**
     * Only with a receipt already verified by the caller; the receipt is kept with the row.
     * `scansSeen` is the row's change counter (rows.ts changesOf: paper scans of a report, appends
     * to a service record) when the caller read it, before packaging: a change since is not in
     * what was sent, so the row goes back to the queue for it.
     */
    markSynced: (id: string, receipt: Receipt, scansSeen: number): Promise<boolean> =>
      move(id, ['sending', 'pending', 'attention'], (row) => {
        const at = stamp();
        row.receipt = receipt;
        row.syncedAt = at;
        delete row.lastError;
        if (changesOf(row) !== scansSeen) {
          row.state = 'pending';
          row.nextAttemptAt = at;
          return;
        }
        row.state = 'synced';
        row.bytesSent = row.bytesTotal;
      }),

    /** The engineer asked to try again: rows needing attention (or the given ones) go back to the queue. */
    async retry(ids?: readonly string[]): Promise<number> {
      const at = stamp();
      return db.outbox
        .where('state')
        .equals('attention')
        .filter((row) => !ids || ids.includes(row.id))
        .modify((row) => {
          row.state = 'pending';
          row.nextAttemptAt = at;
          row.updatedAt = at;
        });
    },

    /** Pending rows waiting out a backoff become due now (the engineer pressed 同步, or the network came back). */
    hurry: (): Promise<number> => {
      const at = stamp();
      return db.outbox.where('[state+nextAttemptAt]').between(['pending', at], ['pending', '\uffff']).modify((row) => {
        row.nextAttemptAt = at;
      });
    },

    async summary(): Promise<OutboxSummary> {
      const out: OutboxSummary = { pending: 0, sending: 0, attention: 0, synced: 0, bytesTotal: 0, bytesSent: 0 };
      for (const state of ['pending', 'sending', 'attention', 'synced'] as const) out[state] = await db.outbox.where('state').equals(state).count();
      await db.outbox
        .where('state')
        .anyOf('pending', 'sending', 'attention')
        .each((row) => {
          out.bytesTotal += row.bytesTotal;
          out.bytesSent += row.bytesSent;
        });
      return out;
    },

    async attention(): Promise<AttentionItem[]> {
      const rows = await db.outbox.where('state').equals('attention').sortBy('updatedAt');
      const reports = await db.reports.bulkGet(rows.map((r) => (r.kind === 'report' ? r.recordId : '')));
      const services = await db.serviceRecords.bulkGet(rows.map((r) => (r.kind === 'service' ? r.recordId : '')));
      return rows.map((row, i) => {
        const service = services[i];
        return { row, ...(reports[i] ? { report: reports[i] } : {}), ...(service ? { serviceTitle: foldRecord(service.record).texts.title } : {}) };
      });
    },

    /** Everything the office has not confirmed, for an offline bundle. */
    unsynced: (): Promise<OutboxRow[]> => db.outbox.where('state').anyOf('pending', 'sending', 'attention').sortBy('createdAt'),

    /** Calls `listener` whenever more rows wait than before (a report was just queued, in any window). */
    watchPending(listener: () => void): () => void {
      let last = Number.POSITIVE_INFINITY;
      const subscription = liveQuery(() => db.outbox.where('state').equals('pending').count()).subscribe({
        next: (count) => {
          if (count > last) listener();
          last = count;
        },
      });
      return () => subscription.unsubscribe();
    },

    markExported: (ids: readonly string[]): Promise<number> => {
      const at = stamp();
      return db.outbox.where('id').anyOf([...ids]).modify((row) => {
        row.exportedAt = at;
        row.updatedAt = at;
      });
    },
  };
}
export type OutboxRepository = ReturnType<typeof outboxRepository>;
