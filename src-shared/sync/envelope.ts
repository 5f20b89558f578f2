/**
 * What a device pushes to the office: signed reports (immutable, idempotent by id + hash) and
 * fault records (mutable, optimistic concurrency by version). Blobs (the PDF, photos, signature
 * images) travel separately, PUT by their SHA-256, and are only referenced here.
 */
import { z } from 'zod';
import { Slug } from '../catalog/schema';
import { RECORD_SCHEMA } from '../report/inspection-record';
import { SignatureBindingSchema } from '../report/record-schema';
import { ReportNumber, Sha256Hex } from '../report/model';
import { ServiceRecord } from '../service/record';

export { Sha256Hex };

/** Upper bounds that keep one envelope small; the office enforces its own byte limits as well. */
export const MAX_REPORT_BLOBS = 500;
export const MAX_SUBJECTS = 2000;

/** `document`: a service record's signed PDF (fault report, 维护单); its wet-signed scan is a `scan`. */
export const BlobRole = z.enum(['photo', 'signature', 'scan', 'document']);
export type BlobRole = z.infer<typeof BlobRole>;

/** The mime types the office accepts for blobs; anything else is refused at push time. */
export const BlobMime = z.enum(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']);
export type BlobMime = z.infer<typeof BlobMime>;

export const PdfRef = z
  .object({ sha256: Sha256Hex, size: z.number().int().min(1) })
  .strict();
export type PdfRef = z.infer<typeof PdfRef>;

export const BlobRef = z
  .object({ sha256: Sha256Hex, size: z.number().int().min(1), mime: BlobMime, role: BlobRole })
  .strict();
export type BlobRef = z.infer<typeof BlobRef>;

/**
 * Same forms as domain/steps.ts: `system:<id>`, `asset:<id>`, `type:<templateId>`. A device names
 * a system by contract and system (`system:<contract>/<system>`), as its store keys them.
 */
export const SubjectKey = z
  .string()
  .regex(
    /^(system:[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\/[a-z0-9]+(?:[-_][a-z0-9]+)*)?|(asset|type):[a-z0-9]+(?:[-_][a-z0-9]+)*)$/,
    'expected system:<id>, system:<contract>/<id>, asset:<id> or type:<templateId>',
  );

export const InspectedSubject = z
  .object({ subject: SubjectKey, templateId: Slug, templateVersion: z.number().int().min(1) })
  .strict();
export type InspectedSubject = z.infer<typeof InspectedSubject>;

/**
 * The locked inspection as it was hashed on the device: src-shared/report/inspection-record.ts's
 * InspectionRecord, whose hash is printed on the PDF. Its inner shape belongs to the device; the
 * office only requires the schema and that it names the same inspection, hospital and contract as
 * the envelope, so the listing cannot disagree with the record.
 */
export const ReportRecord = z.looseObject({
  schema: z.literal(RECORD_SCHEMA),
  id: z.string().min(1),
  hospitalId: Slug,
  contractId: Slug,
});
export type ReportRecord = z.infer<typeof ReportRecord>;

/** A handwritten signature's binding to the record hash (inspection-record.ts SignatureBinding) and its hash. */
export const SignatureEntry = SignatureBindingSchema.extend({
  /** Hex SHA-256 of canonicalJson of the binding's six fields. */
  signatureHash: Sha256Hex,
}).strict();
export type SignatureEntry = z.infer<typeof SignatureEntry>;

export const ReportEnvelope = z
  .object({
    /** The inspection id; a report is identified by it for ever. */
    id: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only'),
    reportNumber: ReportNumber,
    hospitalId: Slug,
    contractId: Slug,
    subjects: z.array(InspectedSubject).min(1).max(MAX_SUBJECTS),
    completedAt: z.iso.datetime({ offset: true }),
    signedAt: z.iso.datetime({ offset: true }),
    /** Hex SHA-256 of canonicalJson(record) (src-shared/crypto/canonical.ts). */
    hash: Sha256Hex,
    record: ReportRecord,
    /** Who signed, each bound to `hash`; their images are listed in `blobs` with role 'signature'. */
    signatures: z.array(SignatureEntry).max(10).optional(),
    /** The signed PDF, already PUT as a blob. */
    pdf: PdfRef,
    /** Photos, handwritten signature images and scans of wet-ink sheets, already PUT as blobs. */
    blobs: z.array(BlobRef).max(MAX_REPORT_BLOBS),
  })
  .strict()
  .superRefine((e, ctx) => {
    const seen = new Set<string>();
    e.blobs.forEach((b, i) => {
      const key = `${b.sha256}/${b.role}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['blobs', i], message: `blob ${b.sha256} is listed twice as ${b.role}` });
      seen.add(key);
    });
    // A signature bound to another hash is not a shape problem: the office answers it as
    // 422 hash_mismatch (src-server/accept/signatures.ts), like the record's own hash.
  });
export type ReportEnvelope = z.infer<typeof ReportEnvelope>;

/**
 * A service record version (issue 11): the device's ServiceRecord (src-shared/service/record.ts,
 * strict: an unknown field is refused) plus `version`, the version this write creates: 1 for a new
 * record, then the office's current version + 1. Photos (`photos`) and documents (`document`
 * events) are blobs, already PUT. docs/sync-protocol.md "Service records (faults)" has the rules.
 */
export const FaultPush = z
  .object({ ...ServiceRecord.shape, version: z.number().int().min(1) })
  .strict();
export type FaultPush = z.infer<typeof FaultPush>;
export type FaultPushInput = z.input<typeof FaultPush>;

/** The service record a push carries, without the version it names. */
export function recordOf(push: FaultPush): ServiceRecord {
  const { version, ...record } = push;
  void version;
  return record;
}

/**
 * Every blob a service record needs stored first, as its receipt lists them: photos, documents'
 * PDFs (`document`) and wet-signed scans (`scan`), once each (the first role a hash has).
 */
export function faultBlobs(fault: Pick<ServiceRecord, 'photos' | 'events'>): BlobRef[] {
  const all: BlobRef[] = [
    ...fault.photos.map((p) => ({ ...p, role: 'photo' as const })),
    ...fault.events.flatMap((e) =>
      e.type === 'document' ? [{ sha256: e.sha256, size: e.size, mime: e.mime, role: e.document === 'maintenance_sheet_scan' ? ('scan' as const) : ('document' as const) }] : [],
    ),
  ];
  const unique = new Map<string, BlobRef>();
  for (const b of all) if (!unique.has(b.sha256)) unique.set(b.sha256, b);
  return [...unique.values()];
}

/** Every blob a report needs before the office accepts it: the PDF first, then the rest. */
export function referencedBlobs(envelope: Pick<ReportEnvelope, 'pdf' | 'blobs'>): { sha256: string; size: number }[] {
  const all = [{ sha256: envelope.pdf.sha256, size: envelope.pdf.size }, ...envelope.blobs];
  const unique = new Map<string, { sha256: string; size: number }>();
  for (const b of all) if (!unique.has(b.sha256)) unique.set(b.sha256, { sha256: b.sha256, size: b.size });
  return [...unique.values()];
}
