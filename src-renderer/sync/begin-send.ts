/**
 * The start every outbox kind's send shares (service records, deliverables): count the package's
 * bytes into the run's progress, claim the row (another run may have taken it), and hand back the
 * row as it is being sent, so each kind's loop only pushes, checks the receipt and settles.
 */
import type { OutboxRow } from '../db/rows';
import type { OutboxStore } from './ports';

export interface Progress {
  bytesTotal: number;
  bytesSent: number;
}

/** The row being sent, or undefined when another run took it first. */
export async function beginSend(
  row: OutboxRow,
  blobs: readonly { size: number }[],
  progress: Progress,
  deps: { outbox: Pick<OutboxStore, 'markSending'>; publish(): void },
): Promise<OutboxRow | undefined> {
  const total = blobs.reduce((sum, b) => sum + b.size, 0);
  progress.bytesTotal += total - row.bytesTotal;
  if (!(await deps.outbox.markSending(row.id, total))) return undefined;
  deps.publish();
  return { ...row, bytesSent: 0, bytesTotal: total };
}
