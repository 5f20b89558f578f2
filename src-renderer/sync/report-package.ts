/**
 * A signed inspection as the office receives it: the envelope (the record as it was hashed, the
 * signature bindings, the report number) and every blob it names — the signed PDF, the photos,
 * the handwritten signatures and any scans of the paper sheet. The record is rebuilt from the
 * locked rows and must hash to the hash that was signed, or nothing is sent.
 */
import { sha256Hex } from '../../src-shared/crypto/canonical';
import type { ReportLocator } from '../../src-shared/report/model';
import { BlobMime, type BlobRef, type InspectedSubject, type ReportEnvelope } from '../../src-shared/sync/envelope';
import type { InspectionRecord } from '../../src-shared/report/inspection-record';
import type { Repositories } from '../db';
import { paperScanKey } from '../db/repositories/attachments';
import type { AttachmentRow, InspectionRow, SignatureRow } from '../db/rows';
import { SyncFailure } from './failure';
import type { OutgoingBlob, ReportPackage, ReportSource } from './ports';

type Repos = Pick<Repositories, 'inspections' | 'signoff' | 'attachments'>;

const refuse = (code: string, message: string): never => {
  throw new SyncFailure('attention', code, message);
};

const bytesBlob = (blob: Blob): OutgoingBlob['source'] => ({ kind: 'bytes', read: async () => new Uint8Array(await blob.arrayBuffer()) });

/** The subjects inspected with their template versions, for the office's search by system or unit. */
export function subjectsOf(record: InspectionRecord): InspectedSubject[] {
  const versions = new Map(record.targets.map((t) => [t.templateId, t.templateVersion]));
  const subjects = new Map<string, InspectedSubject>();
  for (const a of record.answers) {
    if (subjects.has(a.subject)) continue;
    subjects.set(a.subject, { subject: a.subject, templateId: a.templateId, templateVersion: versions.get(a.templateId) ?? 1 });
  }
  return [...subjects.values()];
}

async function attachmentBlob(row: AttachmentRow, role: 'photo' | 'scan'): Promise<OutgoingBlob> {
  const mime = BlobMime.safeParse(row.blob.type || row.type);
  if (!mime.success || mime.data === 'application/pdf') refuse('blob_type', `attachment ${row.id} is "${row.blob.type || row.type}", not an image the office accepts`);
  return { sha256: await sha256Hex(new Uint8Array(await row.blob.arrayBuffer())), size: row.blob.size, mime: mime.data as BlobMime, role, source: bytesBlob(row.blob) };
}

const signatureBlob = (row: SignatureRow): OutgoingBlob => ({ sha256: row.imageSha256, size: row.image.size, mime: 'image/png', role: 'signature', source: bytesBlob(row.image) });

export function reportSource(repos: Repos): ReportSource {
  return {
    async package(recordId: string): Promise<ReportPackage> {
      const inspection: InspectionRow | undefined = await repos.inspections.get(recordId);
      const signoff = inspection?.signoff;
      if (!inspection || !signoff || inspection.status !== 'signed') return refuse('not_signed', `inspection ${recordId} is not signed on this device`);
      const report = await repos.signoff.report(recordId);
      if (!report) return refuse('report_missing', `inspection ${recordId} has no signed PDF on this device`);
      const { record, hash } = await repos.signoff.content(recordId, signoff);
      if (hash !== signoff.hash) return refuse('record_changed', `the stored record hashes to ${hash}, but ${signoff.hash} was signed`);

      const [attachments, signatures] = await Promise.all([repos.attachments.listForInspection(recordId), repos.signoff.signatures(recordId)]);
      const scanKey = paperScanKey(recordId);
      const blobs: OutgoingBlob[] = [];
      for (const a of [...attachments].sort((x, y) => x.createdAt.localeCompare(y.createdAt))) blobs.push(await attachmentBlob(a, a.answerId === scanKey ? 'scan' : 'photo'));
      blobs.push(...signatures.map(signatureBlob));

      // One listing per (hash, role): the same photo taken for two items is one blob.
      const refs = new Map<string, BlobRef>();
      for (const b of blobs) if (b.role !== 'pdf') refs.set(`${b.sha256}/${b.role}`, { sha256: b.sha256, size: b.size, mime: b.mime, role: b.role });
      const locator: ReportLocator = { hospitalId: report.hospitalId, month: report.month, reportNumber: report.reportNumber };
      const pdf: OutgoingBlob = { sha256: report.sha256, size: report.size, mime: 'application/pdf', role: 'pdf', source: { kind: 'report', locator } };

      const envelope: ReportEnvelope = {
        id: inspection.id,
        reportNumber: signoff.reportNumber,
        hospitalId: inspection.hospitalId,
        contractId: inspection.contractId,
        subjects: subjectsOf(record),
        completedAt: record.completedAt,
        signedAt: signoff.signedAt,
        hash,
        record,
        signatures: signatures.map((s) => ({
          role: s.role,
          name: s.name,
          signedAt: s.signedAt,
          imageSha256: s.imageSha256,
          strokesSha256: s.strokesSha256,
          contentHash: s.contentHash,
          signatureHash: s.signatureHash,
        })),
        pdf: { sha256: report.sha256, size: report.size },
        blobs: [...refs.values()],
      };
      return { envelope, blobs: [pdf, ...blobs] };
    },
  };
}

/** Where the engine's PDF comes from, for the bundle export (main reads the file itself). */
export const pdfLocatorOf = (pkg: ReportPackage): { sha256: string; report: ReportLocator } | undefined => {
  const pdf = pkg.blobs.find((b) => b.role === 'pdf');
  return pdf && pdf.source.kind === 'report' ? { sha256: pdf.sha256, report: pdf.source.locator } : undefined;
};
