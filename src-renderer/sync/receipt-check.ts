/**
 * A record counts as synced only on a receipt that verifies with the office key pinned at
 * enrollment and lists exactly what was sent: the record's id and hash, the PDF, every blob.
 */
import { canonicalHash } from '../../src-shared/crypto/canonical';
import type { FaultBody } from '../../src-shared/rpc/service-sync';
import type { DeliverableEntry } from '../../src-shared/period/deliverable';
import { deliverableFiles } from '../../src-shared/sync/deliverables';
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

/**
 * A service record counts as pushed only on a receipt that verifies with the pinned office key
 * and names this record, the hash of exactly what was sent (record + version), that version and
 * the record's hospital; any file it lists must be one the record refers to.
 */
export async function checkFaultReceipt(raw: unknown, key: ReceiptKey, fault: FaultBody): Promise<ReceiptCheck> {
  const verdict = await verifyReceipt(raw, key);
  if (!verdict.ok) return { ok: false, reason: verdict.reason };
  const body = verdict.body;
  const problems: string[] = [];
  const hash = await canonicalHash(fault);
  if (body.kind !== 'fault') problems.push(`kind is ${body.kind}, expected fault`);
  if (body.id !== fault.id) problems.push(`id is ${body.id}, expected ${fault.id}`);
  if (body.hash !== hash) problems.push(`hash is ${body.hash}, expected ${hash}`);
  if (body.version !== fault.version) problems.push(`version is ${String(body.version)}, expected ${fault.version}`);
  if (body.hospitalId !== fault.hospitalId) problems.push(`hospital is ${body.hospitalId}, expected ${fault.hospitalId}`);
  const referenced = new Set([...fault.photos.map((p) => p.sha256), ...fault.events.flatMap((e) => (e.type === 'document' ? [e.sha256] : []))]);
  for (const b of body.blobs) if (!referenced.has(b.sha256)) problems.push(`blob ${b.sha256} is not the record's`);
  if (problems.length) return { ok: false, reason: problems.join('; ') };
  return { ok: true, receipt: raw as Receipt };
}

/**
 * A register entry counts as pushed only on a receipt that verifies with the pinned office key
 * and names this entry, the hash of exactly the entry sent, its revision and hospital, and lists
 * exactly the files the entry names.
 */
export async function checkDeliverableReceipt(raw: unknown, key: ReceiptKey, entry: DeliverableEntry): Promise<ReceiptCheck> {
  const verdict = await verifyReceipt(raw, key);
  if (!verdict.ok) return { ok: false, reason: verdict.reason };
  const body = verdict.body;
  const blobs = deliverableFiles(entry).map((f) => ({ ...f, role: 'deliverable' as const }));
  const problems = receiptCovers(body, { kind: 'deliverable', id: entry.id, hash: await canonicalHash(entry), version: entry.current.revision, blobs });
  if (body.hospitalId !== entry.hospitalId) problems.push(`hospital is ${body.hospitalId}, expected ${entry.hospitalId}`);
  if (problems.length) return { ok: false, reason: problems.join('; ') };
  return { ok: true, receipt: raw as Receipt };
}
