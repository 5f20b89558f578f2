/**
 * Sending one service record: its files first, then `PUT /api/v1/faults/<id>` with the record and
 * the office's version + 1. When another device wrote first the office answers with its version
 * (409 fault_conflict): the two event lists are merged (both histories stay), the merge is stored
 * with the office's version, and the record is pushed again, a few times at most. The outbox row
 * becomes synced only with a verified receipt; a record appended to meanwhile is pushed again.
 */
import type { OutboxRow } from '../db/rows';
import type { ReceiptKey } from '../../src-shared/sync/receipt';
import { beginSend, type Progress } from './begin-send';
import { SyncFailure } from './failure';
import type { OutboxStore, OutgoingBlob, ServiceSource, Transport } from './ports';
import { checkFaultReceipt } from './receipt-check';

/** Merges in a row before giving up for now (other devices writing as fast as this one merges). */
export const MAX_MERGE_ROUNDS = 5;


export interface ServiceSendDeps {
  services: ServiceSource;
  transport: Required<Pick<Transport, 'pushFault'>>;
  outbox: Pick<OutboxStore, 'markSending'>;
  sendBlobs(row: OutboxRow, blobs: readonly OutgoingBlob[], progress: Progress, done: Set<string>): Promise<void>;
  publish(): void;
}

export async function sendService(row: OutboxRow, progress: Progress, key: ReceiptKey, deps: ServiceSendDeps): Promise<void> {
  const { services, transport } = deps;
  let pkg = await services.package(row.recordId);
  const sending = await beginSend(row, pkg.blobs, progress, deps);
  if (!sending) return; // another run took it
  const done = new Set<string>();
  for (let round = 0; ; round++) {
    await deps.sendBlobs(sending, pkg.blobs, progress, done);
    const answer = await transport.pushFault(pkg.fault);
    if (answer.kind === 'accepted') {
      const check = await checkFaultReceipt(answer.receipt, key, pkg.fault);
      if (!check.ok) throw new SyncFailure('attention', 'receipt_invalid', check.reason);
      await services.pushed(row.recordId, pkg.fault.version, check.receipt, pkg.changes);
      return;
    }
    if (round + 1 >= MAX_MERGE_ROUNDS) throw new SyncFailure('retry', 'merge_loop', `service record ${row.recordId}: still in conflict after ${MAX_MERGE_ROUNDS} merges`);
    await services.merge(row.recordId, answer.current?.record ?? null, answer.current?.version ?? 0);
    pkg = await services.package(row.recordId);
  }
}
