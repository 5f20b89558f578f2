/**
 * The documents a service record version adds (its `document` events not in the version before),
 * checked before the version is stored (accept/fault.ts): each file is the kind its event says;
 * a signed one (fault report, 维护单) is a PDF whose PAdES signature verifies, made by a device of
 * this office that may work at the record's hospital (verify/document-signer.ts), and whose signed
 * /Keywords name this record and the event's number, so one record's genuine document cannot be
 * passed off as another's. A scan of a wet-signed 维护单 is a photo of ink: only its kind is checked.
 * Documents of earlier versions were judged when those were stored and are not read again.
 */
import type { DocumentEvent } from '../../src-shared/service/record';
import type { FaultPush } from '../../src-shared/sync/envelope';
import type { ErrorCode } from '../../src-shared/sync/protocol';
import type { OfficeContext } from '../context';
import { judgeDocumentSigner } from '../verify/document-signer';
import { sniffMime } from '../../src-shared/service/sniff-mime';
import { refuse, type DeviceActor } from './actor';

/** What the audit entry of an accepted version keeps of each document it added. */
export interface AcceptedDocument {
  eventId: string;
  sha256: string;
  /** The device that signed it and its certificate's fingerprint; absent for a scan. */
  signerDeviceId?: string;
  fingerprint?: string;
}

const SIGNED: ReadonlySet<DocumentEvent['document']> = new Set(['fault_report', 'maintenance_sheet']);

function refuseDocument(ctx: OfficeContext, who: DeviceActor, action: string, fault: FaultPush, e: DocumentEvent, code: ErrorCode, message: string): Promise<never> {
  const text = `document ${e.number} (${e.document}, ${e.sha256}): ${message}`;
  return refuse(ctx, who, action, fault.id, {
    status: 422,
    code,
    message: `event ${e.id}: ${text}`,
    details: { problems: [{ eventId: e.id, code, message: text }], sha256: e.sha256 },
  });
}

export async function requireGenuineDocuments(ctx: OfficeContext, who: DeviceActor, action: string, fault: FaultPush, previous: FaultPush | undefined): Promise<AcceptedDocument[]> {
  const known = new Set(previous?.events.map((e) => e.id) ?? []);
  const added = fault.events.filter((e): e is DocumentEvent => e.type === 'document' && !known.has(e.id));
  const accepted: AcceptedDocument[] = [];
  // One at a time: a push holds at most one job on the check thread, within its per-device queue.
  for (const e of added) {
    const bytes = await ctx.blobs.read(e.sha256);
    const kind = sniffMime(bytes);
    if (kind !== e.mime) return refuseDocument(ctx, who, action, fault, e, 'document_mime_mismatch', `the file is ${kind ?? 'of no known kind'}, the record says ${e.mime}`);
    if (!SIGNED.has(e.document)) {
      accepted.push({ eventId: e.id, sha256: e.sha256 });
      continue;
    }
    if (e.mime !== 'application/pdf') return refuseDocument(ctx, who, action, fault, e, 'document_mime_mismatch', `a signed ${e.document} is a PDF, not ${e.mime}`);

    // The bytes may move to the check thread: nothing reads them after this.
    const check = await ctx.checks.document(bytes, { recordId: fault.id, number: e.number }, `device:${who.device.id}`);
    if (check.sha256 !== e.sha256) throw new Error(`stored blob ${e.sha256} hashes to ${check.sha256}: the blob store is damaged`);
    if (!check.signature.ok) return refuseDocument(ctx, who, action, fault, e, 'document_signature_invalid', `PDF signature: ${check.signature.reason}`);
    const signer = await judgeDocumentSigner(ctx, check.signature.signerCertificateDer, fault.hospitalId);
    if (!signer.ok) return refuseDocument(ctx, who, action, fault, e, signer.code, `PDF signer: ${signer.reason}`);
    if (!check.names.ok) return refuseDocument(ctx, who, action, fault, e, 'document_record_mismatch', `PDF: ${check.names.reason}`);
    accepted.push({ eventId: e.id, sha256: e.sha256, signerDeviceId: signer.signer.device.id, fingerprint: signer.signer.fingerprint });
  }
  return accepted;
}
