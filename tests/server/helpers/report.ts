/**
 * Builds what a device pushes for one signed inspection: the canonical record and its hash, a
 * signed PDF, photos, and the envelope naming them; plus the calls that push them in order.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { canonicalHash } from '../../../src-shared/crypto/canonical';
import { RECORD_SCHEMA, signatureHash, type InspectionRecord } from '../../../src-shared/report/inspection-record';
import type { ReportIdentity } from '../../../src-shared/report/pdf-identity';
import type { BlobRef, ReportEnvelope } from '../../../src-shared/sync/envelope';
import { paths } from '../../../src-shared/sync/protocol';
import type { TestDevice } from './device';
import { signedPdf } from './signed-pdf';

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface ReportFixture {
  envelope: ReportEnvelope;
  pdf: Buffer;
  /** Every blob's bytes by SHA-256, the PDF included. */
  blobs: Map<string, Buffer>;
}

export interface ReportOptions {
  hospitalId?: string;
  contractId?: string;
  photos?: number;
  /** Sign with these instead of the device's office certificate (self-signed, another key…). */
  signWith?: { keyPem: string; certificatePems: string[] };
  id?: string;
  note?: string;
  /** The one system inspected (default yn-his of yunan-maint-2026 with his@1). */
  system?: { id: string; templateId: string; templateVersion: number };
  /** What the PDF says it is the report of (its /Keywords); the pushed record's own by default. */
  pdfNames?: ReportIdentity;
  /**
   * What the record says of the service and the visit, in place of the old rating (issue 12):
   * e.g. `{ verdicts: […], mode: 'remote' }`. Default: a record signed before issue 12 (`rating`).
   */
  evaluation?: Pick<InspectionRecord, 'rating' | 'verdicts' | 'verdictComment' | 'mode'>;
  /** When the inspection was completed (default 2026-03-14 10:30 in China); started an hour before, signed ten minutes after. */
  completedAt?: string;
  /** The database backup check fails (a finding on the system). */
  failed?: boolean;
}

/** A small fake JPEG: the office stores bytes by hash and does not decode images. */
const photo = (): Buffer => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2000), Buffer.from([0xff, 0xd9])]);

/** What signing a report needs of a device: its key, its certificates and its engineer (a benchmark's devices have no TestOffice). */
export type ReportSigner = Pick<TestDevice, 'enrollment' | 'keyPem' | 'certificatePem' | 'caCertificatePem'>;

export async function makeReport(device: ReportSigner, options: ReportOptions = {}): Promise<ReportFixture> {
  const id = options.id ?? `insp-${randomUUID()}`;
  const hospitalId = options.hospitalId ?? 'yunan-peoples';
  const contractId = options.contractId ?? 'yunan-maint-2026';
  const reportNumber = `XJ-2026-${id.slice(-8)}`;
  const completedAt = options.completedAt ?? '2026-03-14T10:30:00+08:00';
  const shifted = (minutes: number): string => new Date(Date.parse(completedAt) + minutes * 60_000).toISOString();
  const defaultTimes = options.completedAt === undefined;
  const photos = Array.from({ length: options.photos ?? 2 }, photo);
  const photoRefs: BlobRef[] = photos.map((p) => ({ sha256: sha256(p), size: p.length, mime: 'image/jpeg', role: 'photo' }));
  // The device's InspectionRecord (src-shared/report/inspection-record.ts), whose hash is on the PDF.
  const system = options.system ?? { id: 'yn-his', templateId: 'his', templateVersion: 1 };
  const answer = { subject: `system:${system.id}`, templateId: system.templateId, answeredAt: defaultTimes ? '2026-03-14T10:00:00+08:00' : shifted(-30) };
  const record = {
    schema: RECORD_SCHEMA,
    id,
    hospitalId,
    contractId,
    engineer: device.enrollment.engineer.name,
    startedAt: defaultTimes ? '2026-03-14T09:30:00+08:00' : shifted(-60),
    completedAt,
    targets: [{ kind: 'system', systemId: system.id, templateId: system.templateId, templateVersion: system.templateVersion }],
    answers: [
      {
        ...answer,
        stepKey: `system:${system.id}#db-backup`,
        itemId: 'db-backup',
        value: { kind: 'check', result: options.failed ? 'fail' : 'pass' },
        outcome: options.failed ? 'fail' : 'pass',
        note: options.note ?? (options.failed ? '备份任务三天未成功' : ''),
        photos: [],
      },
      { ...answer, stepKey: `system:${system.id}#disk-usage`, itemId: 'disk-usage', value: { kind: 'number', value: 71.5 }, outcome: 'pass', note: '', photos: photoRefs.map((p) => p.sha256) },
    ],
    ...(options.evaluation ?? { rating: { value: 'good' as const, comment: '' } }),
    recommendations: '',
  } satisfies InspectionRecord;
  const hash = await canonicalHash(record);
  // The engineer's handwritten signature: its image travels as a blob, its binding in the envelope.
  const signatureImage = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(600)]);
  const binding = {
    role: 'engineer' as const,
    name: device.enrollment.engineer.name,
    signedAt: defaultTimes ? '2026-03-14T10:40:00+08:00' : shifted(10),
    imageSha256: sha256(signatureImage),
    strokesSha256: sha256(Buffer.from('[]')),
    contentHash: hash,
  };
  const sign = options.signWith ?? { keyPem: device.keyPem, certificatePems: [device.certificatePem, device.caCertificatePem] };
  const pdf = await signedPdf([`Report ${reportNumber}`, `Hash ${hash}`], sign.keyPem, sign.certificatePems, options.pdfNames ?? { reportId: id, reportNumber, hash });
  const envelope: ReportEnvelope = {
    id,
    reportNumber,
    hospitalId,
    contractId,
    subjects: [{ subject: `system:${system.id}`, templateId: system.templateId, templateVersion: system.templateVersion }],
    completedAt,
    signedAt: defaultTimes ? '2026-03-14T10:41:00+08:00' : shifted(11),
    hash,
    record,
    signatures: [{ ...binding, signatureHash: await signatureHash(binding) }],
    pdf: { sha256: sha256(pdf), size: pdf.length },
    blobs: [...photoRefs, { sha256: sha256(signatureImage), size: signatureImage.length, mime: 'image/png', role: 'signature' }],
  };
  const blobs = new Map<string, Buffer>([
    [sha256(pdf), pdf],
    ...photos.map((p): [string, Buffer] => [sha256(p), p]),
    [sha256(signatureImage), signatureImage],
  ]);
  return { envelope, pdf, blobs };
}

/** HEAD each blob and PUT the ones the office lacks; returns how many were uploaded. */
export async function pushBlobs(device: TestDevice, blobs: Map<string, Buffer>): Promise<number> {
  let uploaded = 0;
  for (const [sha, bytes] of blobs) {
    const head = await device.call('HEAD', paths.blob(sha));
    if (head.status === 200) continue;
    const put = await device.call('PUT', paths.blob(sha), bytes);
    if (put.status !== 201) throw new Error(`PUT blob ${sha}: ${put.status} ${JSON.stringify(put.body)}`);
    uploaded++;
  }
  return uploaded;
}

export const pushReport = (device: TestDevice, envelope: unknown) =>
  device.call('PUT', paths.report((envelope as { id: string }).id), envelope);
