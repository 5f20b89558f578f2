/**
 * Accepting a signed report, online or from a bundle. Cheap checks first (shape, hospital,
 * record hash), then idempotency by (id, hash), then the blobs, then the PDF signature against
 * the device's certificate; only then is the report, with its receipt, written in one transaction.
 */
import { createHash } from 'node:crypto';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { ReportEnvelope, referencedBlobs } from '../../src-shared/sync/envelope';
import type { ReportAccepted } from '../../src-shared/sync/protocol';
import type { OfficeContext } from '../context';
import type { StoredReport } from '../storage/port';
import { checkSignerIsDevice } from '../verify/device-certificate';
import { checkPdfSignature } from '../verify/pdf-signature';
import { auditEntry, refuse, requireHospital, type DeviceActor } from './actor';
import { missingBlobs } from './blobs';
import { signatureProblem } from './signatures';
import { parseOrThrow } from './zod-error';

const ACTION = 'report.push';

async function sameOrConflict(ctx: OfficeContext, who: DeviceActor, existing: StoredReport, hash: string): Promise<ReportAccepted> {
  // Signed reports never change: the same bytes again is a retry, anything else is a conflict.
  if (existing.hash === hash) return { created: false, receipt: existing.receipt };
  return refuse(ctx, who, ACTION, existing.id, {
    status: 409,
    code: 'report_conflict',
    message:
      `report ${existing.id} was already received on ${existing.receivedAt} with hash ${existing.hash}; this one has hash ${hash}. ` +
      'A signed report never changes: correct it with a new inspection and a new report.',
    details: { id: existing.id, storedHash: existing.hash, sentHash: hash },
  });
}

export async function acceptReport(ctx: OfficeContext, who: DeviceActor, input: unknown): Promise<ReportAccepted> {
  const env = parseOrThrow(ReportEnvelope, input, 'the report envelope');
  await requireHospital(ctx, who, ACTION, env.id, env.hospitalId);

  const recomputed = await canonicalHash(env.record);
  if (recomputed !== env.hash) {
    return refuse(ctx, who, ACTION, env.id, {
      status: 422,
      code: 'hash_mismatch',
      message: `the record hashes to ${recomputed}, not to the hash sent (${env.hash})`,
      details: { sent: env.hash, computed: recomputed },
    });
  }
  const { record } = env;
  if (record.id !== env.id || record.hospitalId !== env.hospitalId || record.contractId !== env.contractId) {
    return refuse(ctx, who, ACTION, env.id, {
      status: 422,
      code: 'record_mismatch',
      message: 'the record\'s id, hospitalId and contractId must equal the envelope\'s',
      details: { record: { id: record.id, hospitalId: record.hospitalId, contractId: record.contractId } },
    });
  }

  const badSignature = await signatureProblem(env);
  if (badSignature) return refuse(ctx, who, ACTION, env.id, { status: 422, code: 'hash_mismatch', message: badSignature });

  const existing = await ctx.store.getReport(env.id);
  if (existing) return sameOrConflict(ctx, who, existing, env.hash);

  const missing = await missingBlobs(ctx, referencedBlobs(env));
  if (missing.length) {
    return refuse(ctx, who, ACTION, env.id, {
      status: 422,
      code: 'blob_missing',
      message: `push these blobs first: ${missing.join(', ')}`,
      details: { missing },
    });
  }

  const pdf = await ctx.blobs.read(env.pdf.sha256);
  const pdfHash = createHash('sha256').update(pdf).digest('hex');
  if (pdfHash !== env.pdf.sha256) throw new Error(`stored blob ${env.pdf.sha256} hashes to ${pdfHash}: the blob store is damaged`);
  const signature = await checkPdfSignature(pdf);
  if (!signature.ok) {
    return refuse(ctx, who, ACTION, env.id, { status: 422, code: 'signature_invalid', message: `PDF signature: ${signature.reason}`, details: { pdf: env.pdf.sha256 } });
  }
  const signer = checkSignerIsDevice(signature.signerCertificateDer, who.device, ctx.keys.ca.certificatePem);
  if (!signer.ok) {
    return refuse(ctx, who, ACTION, env.id, { status: 422, code: 'signature_invalid', message: `PDF signer: ${signer.reason}`, details: { pdf: env.pdf.sha256 } });
  }

  const receivedAt = ctx.now().toISOString();
  const receipt = ctx.receipts.sign({
    kind: 'report',
    id: env.id,
    hash: env.hash,
    reportNumber: env.reportNumber,
    hospitalId: env.hospitalId,
    deviceId: who.device.id,
    engineerId: who.engineer.id,
    pdf: env.pdf,
    blobs: env.blobs,
    via: who.via,
    receivedAt,
  });
  const stored: StoredReport = {
    id: env.id,
    hash: env.hash,
    reportNumber: env.reportNumber,
    hospitalId: env.hospitalId,
    contractId: env.contractId,
    engineerId: who.engineer.id,
    deviceId: who.device.id,
    completedAt: env.completedAt,
    signedAt: env.signedAt,
    receivedAt,
    subjects: env.subjects,
    record: env.record,
    signatures: env.signatures ?? [],
    pdf: env.pdf,
    blobs: env.blobs,
    signer: { subject: signer.subject, fingerprint: signer.fingerprint, selfSigned: signer.selfSigned },
    receipt,
  };
  const outcome = await ctx.store.insertReport(
    stored,
    auditEntry(who, ACTION, 'ok', env.id, {
      hash: env.hash,
      reportNumber: env.reportNumber,
      hospitalId: env.hospitalId,
      pdf: env.pdf.sha256,
      blobs: env.blobs.map((b) => b.sha256),
      signer: stored.signer.fingerprint,
      receiptId: receipt.body.receiptId,
    }),
  );
  // A concurrent push of the same id won the race: answer as if this one came second.
  if (!outcome.inserted) return sameOrConflict(ctx, who, outcome.existing, env.hash);
  ctx.log.info({ reportId: env.id, hash: env.hash, deviceId: who.device.id }, `accepted report ${env.reportNumber}`);
  return { created: true, receipt };
}
