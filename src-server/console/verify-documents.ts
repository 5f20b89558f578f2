/**
 * Re-checks a service record's documents when the console shows the record, as verify-stored.ts
 * does for reports: each file is the kind its event says, and each signed one (fault report, 维护单)
 * still verifies, names this record and number, and was signed by a device of this office. The
 * signer is judged as of receipt (verify/document-signer.ts): a revocation or an assignment
 * changed since is shown beside it, not counted as a failure.
 */
import type { DocumentEvent } from '../../src-shared/service/record';
import type { OfficeContext } from '../context';
import { judgeDocumentSigner, type DocumentSigner } from '../verify/document-signer';
import { sniffMime } from '../../src-shared/service/sniff-mime';
import { unreadBlob, type Check } from './verify-stored';

export interface DocumentVerification {
  /** The file is what the event says it is (PDF, JPEG, PNG, WebP). */
  kind: Check;
  /** The file could not be read (missing, damaged, unreadable): `kind` says why, and no other check ran. */
  unread?: true;
  /** For a signed document: its signature, what it names and who signed it; absent for a scan. */
  signed?: { signature: Check; namesRecord: Check; signer: Check; by?: DocumentSigner; engineerAssigned: boolean };
}

const failed = (detail: string): Check => ({ ok: false, detail });

export async function verifyStoredDocument(ctx: OfficeContext, record: { id: string; hospitalId: string }, e: DocumentEvent): Promise<DocumentVerification> {
  let bytes: Buffer;
  try {
    bytes = await ctx.blobs.read(e.sha256);
  } catch (error) {
    const missing = failed(unreadBlob('the file', error));
    return { kind: missing, unread: true, ...(e.document === 'maintenance_sheet_scan' ? {} : { signed: { signature: missing, namesRecord: missing, signer: missing, engineerAssigned: false } }) };
  }
  const sniffed = sniffMime(bytes);
  const kind: Check = sniffed === e.mime ? { ok: true, detail: e.mime } : failed(`${sniffed ?? 'unknown'} ≠ ${e.mime}`);
  if (e.document === 'maintenance_sheet_scan') return { kind };
  try {
    const check = await ctx.checks.document(bytes, { recordId: record.id, number: e.number }, 'console');
    const signature: Check = check.signature.ok ? { ok: true, detail: check.signature.signingTime?.toISOString() ?? '' } : failed(check.signature.reason);
    const namesRecord: Check = check.names.ok ? { ok: true, detail: `${check.names.value.reportId} · ${check.names.value.reportNumber}` } : failed(check.names.reason);
    if (!check.signature.ok) return { kind, signed: { signature, namesRecord, signer: failed('the signature did not verify'), engineerAssigned: false } };
    const judged = await judgeDocumentSigner(ctx, check.signature.signerCertificateDer, record.hospitalId, true);
    if (!judged.ok) return { kind, signed: { signature, namesRecord, signer: failed(judged.reason), engineerAssigned: false } };
    const by = judged.signer;
    return {
      kind,
      signed: { signature, namesRecord, signer: { ok: true, detail: by.fingerprint }, by, engineerAssigned: by.engineer?.hospitalIds.includes(record.hospitalId) ?? false },
    };
  } catch (error) {
    // The check thread busy (429) or failing: this page says so rather than failing whole.
    const busy = failed(`not checked now: ${(error as Error).message}`);
    return { kind, signed: { signature: busy, namesRecord: busy, signer: busy, engineerAssigned: false } };
  }
}
