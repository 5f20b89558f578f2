/**
 * Sending one deliverables-register entry: its files first, then `PUT /api/v1/deliverables/<id>`.
 * When the office keeps a newer revision (409) the device takes the office's entry and pushes
 * once more, which the office answers with that entry's receipt (200): only a verified receipt
 * for what the device now holds settles the outbox row.
 */
import type { OutboxRow } from '../db/rows';
import type { ReceiptKey } from '../../src-shared/sync/receipt';
import { beginSend, type Progress } from './begin-send';
import { SyncFailure } from './failure';
import type { AnyOutgoingBlob, DeliverableSource, OutboxStore, Transport } from './ports';
import { checkDeliverableReceipt } from './receipt-check';

/** Takes of the office's entry in a row before giving up for now (devices writing as fast as this one takes). */
export const MAX_TAKE_ROUNDS = 3;


export interface DeliverableSendDeps {
  deliverables: DeliverableSource;
  transport: Required<Pick<Transport, 'pushDeliverable'>>;
  outbox: Pick<OutboxStore, 'markSending' | 'markSynced'>;
  sendBlobs(row: OutboxRow, blobs: readonly AnyOutgoingBlob[], progress: Progress, done: Set<string>): Promise<void>;
  publish(): void;
}

export async function sendDeliverable(row: OutboxRow, progress: Progress, key: ReceiptKey, deps: DeliverableSendDeps): Promise<void> {
  const { deliverables, transport, outbox } = deps;
  let pkg = await deliverables.package(row.recordId);
  const sending = await beginSend(row, pkg.blobs, progress, deps);
  if (!sending) return; // another run took it
  const done = new Set<string>();
  for (let round = 0; ; round++) {
    await deps.sendBlobs(sending, pkg.blobs, progress, done);
    const answer = await transport.pushDeliverable(pkg.entry);
    if (answer.kind === 'accepted') {
      const check = await checkDeliverableReceipt(answer.receipt, key, pkg.entry);
      if (!check.ok) throw new SyncFailure('attention', 'receipt_invalid', check.reason);
      await outbox.markSynced(row.id, check.receipt, pkg.changes);
      return;
    }
    if (round + 1 >= MAX_TAKE_ROUNDS) throw new SyncFailure('retry', 'merge_loop', `register entry ${row.recordId}: still in conflict after ${MAX_TAKE_ROUNDS} rounds`);
    await deliverables.takeOffice(row.recordId, answer.current.entry);
    pkg = await deliverables.package(row.recordId);
  }
}
