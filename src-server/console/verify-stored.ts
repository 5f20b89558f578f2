/**
 * Re-checks a stored report when the console shows it: the record still hashes to its hash,
 * the PDF on disk still hashes to its name, its signature still verifies with the certificate
 * recorded at receipt, and the signed PDF names this record. Revocation after receipt is shown, not counted as a failure: the report
 * was valid when the office accepted it.
 */
import type { OfficeContext } from '../context';
import { BlobCorrupt, type StoredReport } from '../storage/port';
import { readReportRecord } from '../accept/report-record';
import { judgeReportSigner } from '../verify/report-signer';

export type Check = { ok: true; detail: string } | { ok: false; detail: string };

export interface StoredReportChecks {
  recordHash: Check;
  pdfHash: Check;
  signature: Check;
  /** The signed PDF names this record (inspection, number, hash) in its /Keywords. */
  namesRecord: Check;
  signer: Check & { selfSigned?: boolean };
  deviceRevokedAt: string | null;
}

/** Why a stored file could not be checked: gone, changed since it was accepted (the store checks every read), or unreadable (permissions, a disk error). */
export function unreadBlob(what: string, error: unknown): string {
  if (error instanceof BlobCorrupt) return `${what} in the blob store is damaged: ${error.reason}`;
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return `${what} is missing from the blob store`;
  return `${what} cannot be read from the blob store: ${error instanceof Error ? error.message : String(error)}`;
}

/** The stored record still hashes to the report's hash. */
async function recordHashCheck(ctx: OfficeContext, report: StoredReport): Promise<Check> {
  let recordBytes: Uint8Array | undefined;
  try {
    recordBytes = await readReportRecord(ctx, report);
  } catch (error) {
    // A record changed in the blob store since it was accepted: this check fails, the page still shows.
    return { ok: false, detail: unreadBlob('the record', error) };
  }
  if (recordBytes === undefined) return { ok: false, detail: 'the record is missing from the store' };
  const recomputed = await ctx.checks.recordHash(recordBytes, 'console');
  return recomputed === report.hash ? { ok: true, detail: recomputed } : { ok: false, detail: `${recomputed} ≠ ${report.hash}` };
}

export async function verifyStoredReport(ctx: OfficeContext, report: StoredReport): Promise<StoredReportChecks> {
  const recordHash = await recordHashCheck(ctx, report);
  const device = await ctx.store.getDevice(report.deviceId);

  let pdf: Buffer;
  try {
    pdf = await ctx.blobs.read(report.pdf.sha256);
  } catch (error) {
    const unread: Check = { ok: false, detail: unreadBlob('the PDF', error) };
    return { recordHash, pdfHash: unread, signature: unread, namesRecord: unread, signer: unread, deviceRevokedAt: device?.revokedAt ?? null };
  }
  const { sha256: actual, signature: sig, names } = await ctx.checks.pdf(pdf, { reportId: report.id, reportNumber: report.reportNumber, hash: report.hash }, 'console');
  const pdfHash: Check = actual === report.pdf.sha256 ? { ok: true, detail: actual } : { ok: false, detail: `${actual} ≠ ${report.pdf.sha256}` };

  const signature: Check = sig.ok ? { ok: true, detail: sig.signingTime?.toISOString() ?? '' } : { ok: false, detail: sig.reason };
  const namesRecord: Check = names.ok ? { ok: true, detail: `${report.reportNumber} · ${report.hash}` } : { ok: false, detail: names.reason };
  let signer: StoredReportChecks['signer'] = { ok: false, detail: device ? 'the signature did not verify' : `device ${report.deviceId} is unknown` };
  if (sig.ok && device) {
    // Judged as of receipt: a later revocation does not undo what was valid then.
    // The pushing device's certificate, or (issue 13) one of the same engineer's earlier devices.
    const verdict = await judgeReportSigner(ctx, sig.signerCertificateDer, device, true);
    if (!verdict.ok) signer = { ok: false, detail: verdict.reason };
    else if (verdict.fingerprint !== report.signer.fingerprint) signer = { ok: false, detail: 'the certificate differs from the one recorded at receipt' };
    else signer = { ok: true, detail: `${verdict.subject} · ${verdict.fingerprint}`, selfSigned: verdict.selfSigned };
  }
  return { recordHash, pdfHash, signature, namesRecord, signer, deviceRevokedAt: device?.revokedAt ?? null };
}
