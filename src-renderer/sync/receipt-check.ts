/**
 * A record counts as synced only on a receipt that verifies with the office key pinned at
 * enrollment and lists exactly what was sent: the record's id and hash, the PDF, every blob.
 */
import type { ReportEnvelope } from '../../src-shared/sync/envelope';
import { receiptCovers, verifyReceipt, type Receipt, type ReceiptKey } from '../../src-shared/sync/receipt';

export type ReceiptCheck = { ok: true; receipt: Receipt } | { ok: false; reason: string };

export async function checkReceipt(raw: unknown, key: ReceiptKey, envelope: Pick<ReportEnvelope, 'id' | 'hash' | 'pdf' | 'blobs'>): Promise<ReceiptCheck> {
  const verdict = await verifyReceipt(raw, key);
  if (!verdict.ok) return { ok: false, reason: verdict.reason };
  const problems = receiptCovers(verdict.body, { kind: 'report', id: envelope.id, hash: envelope.hash, pdf: envelope.pdf, blobs: envelope.blobs });
  if (problems.length) return { ok: false, reason: problems.join('; ') };
  return { ok: true, receipt: raw as Receipt };
}
