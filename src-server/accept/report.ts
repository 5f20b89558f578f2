/**
 * Accepting a signed report, online or from a bundle. Cheap checks first (shape, hospital,
 * record hash: envelope-check.ts, on the check thread for a large body), then idempotency by (id, hash), then the blobs, then the PDF signature against
 * the device's certificate; only then is the report, with its receipt, written in one transaction.
 * The same (id, hash) again may bring scans of the wet-ink-signed sheet the office lacks: they are
 * added, with a new receipt listing every blob.
 */
import { referencedBlobs } from '../../src-shared/sync/envelope';
import type { ReportAccepted } from '../../src-shared/sync/protocol';
import type { OfficeContext } from '../context';
import { scheduleFill } from '../dashboard/facts';
import type { NewReport, ScanRef, StoredReport } from '../storage/port';
import { judgeReportSigner } from '../verify/report-signer';
import { auditEntry, mayRead, refuse, refuseTakenId, requireHospital, type DeviceActor } from './actor';
import { requireStoredBlobs } from './blobs';
import type { CheckedEnvelope } from './envelope-check';
import { evaluationProblem, referenceProblem } from './reference-check';
import { storeReportRecord } from './report-record';

type Envelope = CheckedEnvelope['envelope'];

const ACTION = 'report.push';
const SCANS_ADDED = 'report.scans_added';
/** Rounds of "another amendment of this report landed first, look again" before giving up (500, retried). */
const AMEND_ATTEMPTS = 3;

/**
 * The stored report again. The record and its hash never change, but a scan of the wet-ink-signed
 * sheet is evidence beside the record, often taken after the report was sent: scans the office
 * lacks are added with a new receipt, if the report's own engineer sends them (from any of their
 * devices). Any other blob added is ignored and the stored receipt stands.
 */
async function sameReport(ctx: OfficeContext, who: DeviceActor, existing: StoredReport, env: Envelope): Promise<ReportAccepted> {
  let current = existing;
  for (let attempt = 0; attempt < AMEND_ATTEMPTS; attempt++) {
    // By role: the same bytes stored as an item's photo are not yet the paper sheet's scan.
    const stored = new Set(current.blobs.filter((b) => b.role === 'scan').map((b) => b.sha256));
    const added = env.blobs.filter((b): b is ScanRef => b.role === 'scan' && !stored.has(b.sha256));
    // Also how a repeated amendment ends: its scans are stored, the receipt that lists them stands.
    if (!added.length) return { created: false, receipt: current.receipt };
    if (who.engineer.id !== current.engineerId) {
      return refuse(ctx, who, SCANS_ADDED, current.id, {
        status: 403,
        code: 'forbidden',
        message: `report ${current.reportNumber} was sent by engineer ${current.engineerId}; only they can add scans of its paper sheet`,
      });
    }
    await requireStoredBlobs(ctx, who, ACTION, env.id, added);

    const receipt = ctx.receipts.sign({
      kind: 'report',
      id: current.id,
      hash: current.hash,
      reportNumber: current.reportNumber,
      hospitalId: current.hospitalId,
      deviceId: who.device.id,
      engineerId: who.engineer.id,
      pdf: current.pdf,
      blobs: [...current.blobs, ...added],
      via: who.via,
      receivedAt: ctx.now().toISOString(),
    });
    const after = await ctx.store.addReportScans(
      { id: current.id, replaces: current.receipt.body.receiptId, scans: added, receipt },
      auditEntry(who, SCANS_ADDED, 'ok', current.id, {
        hash: current.hash,
        added: added.map((b) => b.sha256),
        replaces: current.receipt.body.receiptId,
        receiptId: receipt.body.receiptId,
      }),
    );
    if (after.receipt.body.receiptId === receipt.body.receiptId) {
      ctx.log.info({ reportId: current.id, added: added.map((b) => b.sha256), deviceId: who.device.id }, `added ${added.length} scan(s) to report ${current.reportNumber}`);
      return { created: false, receipt };
    }
    // A concurrent push changed the blobs first: this receipt would not list them all.
    current = after;
  }
  throw new Error(`report ${existing.id}: scans were added concurrently ${AMEND_ATTEMPTS} times while this push added its own`);
}

async function sameOrConflict(ctx: OfficeContext, who: DeviceActor, existing: StoredReport, env: Envelope): Promise<ReportAccepted> {
  // Before anything about it is told: only those who may read the stored report learn its hash or time.
  if (!mayRead(who, existing.hospitalId)) return refuseTakenId(ctx, who, ACTION, 'report', existing.id, existing.hospitalId);
  // Signed reports never change: the same bytes again is a retry (perhaps with scans), anything else is a conflict.
  if (existing.hash === env.hash) return sameReport(ctx, who, existing, env);
  return refuse(ctx, who, ACTION, existing.id, {
    status: 409,
    code: 'report_conflict',
    message:
      `report ${existing.id} was already received on ${existing.receivedAt} with hash ${existing.hash}; this one has hash ${env.hash}. ` +
      'A signed report never changes: correct it with a new inspection and a new report.',
    details: { id: existing.id, storedHash: existing.hash, sentHash: env.hash },
  });
}

export async function acceptReport(ctx: OfficeContext, who: DeviceActor, checked: CheckedEnvelope): Promise<ReportAccepted> {
  const { envelope: env, record, recordUtf8, computedHash: recomputed, bindingProblem } = checked;
  await requireHospital(ctx, who, ACTION, env.id, env.hospitalId);

  if (recomputed !== env.hash) {
    return refuse(ctx, who, ACTION, env.id, {
      status: 422,
      code: 'hash_mismatch',
      message: `the record hashes to ${recomputed}, not to the hash sent (${env.hash})`,
      details: { sent: env.hash, computed: recomputed },
    });
  }
  if (record.id !== env.id || record.hospitalId !== env.hospitalId || record.contractId !== env.contractId) {
    return refuse(ctx, who, ACTION, env.id, {
      status: 422,
      code: 'record_mismatch',
      message: 'the record\'s id, hospitalId and contractId must equal the envelope\'s',
      details: { record: { id: record.id, hospitalId: record.hospitalId, contractId: record.contractId } },
    });
  }

  if (bindingProblem) return refuse(ctx, who, ACTION, env.id, { status: 422, code: 'hash_mismatch', message: bindingProblem });

  const existing = await ctx.store.getReport(env.id);
  if (existing) return sameOrConflict(ctx, who, existing, env);

  // After idempotency: a report once accepted stays a retry whatever the catalog became since.
  const unknown = await referenceProblem(ctx, env);
  if (unknown) return refuse(ctx, who, ACTION, env.id, { status: 422, code: 'reference_unknown', message: unknown.message, details: unknown.details });
  const misfit = await evaluationProblem(ctx, env.contractId, record);
  if (misfit) return refuse(ctx, who, ACTION, env.id, { status: 422, code: 'evaluation_mismatch', message: misfit, details: { contractId: env.contractId } });

  await requireStoredBlobs(ctx, who, ACTION, env.id, referencedBlobs(env));

  const { sha256: pdfHash, signature, names } = await ctx.checks.pdf(await ctx.blobs.read(env.pdf.sha256), {
    reportId: env.id,
    reportNumber: env.reportNumber,
    hash: env.hash,
  }, `device:${who.device.id}`);
  if (pdfHash !== env.pdf.sha256) throw new Error(`stored blob ${env.pdf.sha256} hashes to ${pdfHash}: the blob store is damaged`);
  if (!signature.ok) {
    return refuse(ctx, who, ACTION, env.id, { status: 422, code: 'signature_invalid', message: `PDF signature: ${signature.reason}`, details: { pdf: env.pdf.sha256 } });
  }
  const signer = await judgeReportSigner(ctx, signature.signerCertificateDer, who.device);
  if (!signer.ok) {
    return refuse(ctx, who, ACTION, env.id, { status: 422, code: 'signature_invalid', message: `PDF signer: ${signer.reason}`, details: { pdf: env.pdf.sha256 } });
  }
  if (!names.ok) {
    return refuse(ctx, who, ACTION, env.id, { status: 422, code: 'pdf_record_mismatch', message: `PDF: ${names.reason}`, details: { pdf: env.pdf.sha256 } });
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
  const stored: NewReport = {
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
    // The record itself is in the blob store (report-record.ts).
    recordJson: '',
    signatures: env.signatures ?? [],
    pdf: env.pdf,
    blobs: env.blobs,
    signer: { subject: signer.subject, fingerprint: signer.fingerprint, selfSigned: signer.selfSigned },
    receipt,
  };
  await storeReportRecord(ctx, env.hash, recordUtf8);
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
  if (!outcome.inserted) return sameOrConflict(ctx, who, outcome.existing, env);
  ctx.log.info({ reportId: env.id, hash: env.hash, deviceId: who.device.id }, `accepted report ${env.reportNumber}`);
  // The dashboard's row for it (dashboard/facts.ts), after the answer: reading the record back is not the push's cost.
  scheduleFill(ctx);
  return { created: true, receipt };
}
