/**
 * The office sync protocol's paths, request and response shapes and error codes, shared by the
 * office service (src-server) and the device's sync engine. docs/sync-protocol.md explains the flow.
 */
import { z } from 'zod';
import { Slug } from '../catalog/schema';
import { Sha256Hex } from '../report/model';
import { Receipt, ReceiptKey } from './receipt';

export { ReceiptKey };

export const API_PREFIX = '/api/v1';

export const paths = {
  office: `${API_PREFIX}/office`,
  enroll: `${API_PREFIX}/enroll`,
  me: `${API_PREFIX}/me`,
  reference: `${API_PREFIX}/reference`,
  blob: (sha256: string) => `${API_PREFIX}/blobs/${sha256}`,
  blobsMissing: `${API_PREFIX}/blobs/missing`,
  report: (id: string) => `${API_PREFIX}/reports/${encodeURIComponent(id)}`,
  reportReceipt: (id: string) => `${API_PREFIX}/reports/${encodeURIComponent(id)}/receipt`,
  fault: (id: string) => `${API_PREFIX}/faults/${encodeURIComponent(id)}`,
  /** GET: service records of the engineer's hospitals, with their SLA state (sync/service-records.ts). */
  faults: `${API_PREFIX}/faults`,
  /** PUT: one entry of the deliverables register (issue 12; sync/deliverables.ts). */
  deliverable: (id: string) => `${API_PREFIX}/deliverables/${encodeURIComponent(id)}`,
  bundles: `${API_PREFIX}/bundles`,
  openapi: `${API_PREFIX}/openapi.json`,
  /** Public: a paper report's QR code leads here (?n=<report number>&h=<hash>). */
  verify: '/verify',
} as const;

/** Every error body is `{ error: { code, message, ...details } }`; `message` is English, for logs. */
export const ErrorCode = z.enum([
  'invalid_request',
  /** A JSON body (or bundle header) nested deeper than the office's limit (32 levels). */
  'too_deep',
  /** A JSON string or key with half a UTF-16 surrogate pair (`"\\ud800"`): no character, no canonical form. */
  'unpaired_surrogate',
  /** A JSON object with a `__proto__` key: refused everywhere rather than stripped, so no hash changes silently. */
  'reserved_key',
  'unauthorized',
  'forbidden',
  'not_found',
  'payload_too_large',
  'rate_limited',
  'enrollment_code_invalid',
  'public_key_invalid',
  'blob_hash_mismatch',
  'blob_size_mismatch',
  'blob_missing',
  'hash_mismatch',
  'record_mismatch',
  'signature_invalid',
  /** The signed PDF's /Keywords do not name the pushed record (id, report number, hash). */
  'pdf_record_mismatch',
  'report_conflict',
  /**
   * A service record version the office refused (docs/sync-protocol.md "Service records"). 409
   * `fault_conflict` is the one the device merges after (`current.record`: a stale version, or an
   * event of the office's version removed or changed). Each 422 below names a rule of
   * src-shared/service/rules.ts; `problems` lists every event that breaks one ({ eventId, code, message }).
   */
  'fault_conflict',
  /** Two events of one record share an id. */
  'event_id_duplicate',
  /** The record has no classify event (its kind and level) or no `reported` step: its clock cannot start. */
  'record_incomplete',
  /** A classify event names a level the record's contract does not have. */
  'level_unknown',
  /** A classify event names a level the contract has, but not for this kind of record. */
  'level_wrong_kind',
  /** A new event's time is later than the office's clock allows (rules.ts FUTURE_TOLERANCE_MS). */
  'time_in_future',
  /** A step (responded, resolved…) before the report, or a report after a step. */
  'step_before_report',
  /** A corrected time without a reason. */
  'reason_required',
  /** A correction of an event the record does not have, or of another step. */
  'correction_unknown',
  /** A follow-up call while the record is open (first version only: see the protocol document). */
  'follow_up_before_resolution',
  /** A resume without a pause (first version only). */
  'resume_without_pause',
  /** A pause while paused (first version only). */
  'already_paused',
  /** A pause or resume after closing (first version only). */
  'record_closed',
  /** A 附件1 spot check on a record not yet resolved or closed (first version only). */
  'spot_check_before_resolution',
  /**
   * A signed document (fault report, 维护单) a service record version adds, refused by the office
   * (docs/sync-protocol.md §5, step 7); `problems` names the event. Its blob is no PDF with a valid
   * PAdES signature (unsigned, changed after signing, another kind of signature):
   */
  'document_signature_invalid',
  /** Signed by a certificate that is no device's of this office (another office's, self-signed for a new key). */
  'document_signer_unknown',
  /** Signed by a device of this office that is revoked, or whose engineer is not assigned to the record's hospital. */
  'document_signer_not_allowed',
  /** The signed /Keywords name another record or another document number than the event's. */
  'document_record_mismatch',
  /** The blob is not the kind of file the event says (a PDF, a JPEG, PNG or WebP photo), or a signed document is not a PDF. */
  'document_mime_mismatch',
  /** The id belongs to a record at a hospital the caller may not read: nothing else about it is told. */
  'id_taken',
  /** A report's contract, system, asset or template version the office's reference data does not know at its hospital. */
  'reference_unknown',
  /** A report's verdicts or inspection mode do not fit its contract's scheme (evaluation.signOff, inspection.cadence.modes; issue 12). */
  'evaluation_mismatch',
  /**
   * The deliverables register (issue 12, docs/sync-protocol.md §5b). 409: the office holds a newer
   * revision of the entry (`current.entry`), which the device takes.
   */
  'deliverable_conflict',
  /** The entry's contract does not list the deliverable, or is not the hospital's at this office. */
  'deliverable_unknown',
  /** The entry's window is not inside its contract's period. */
  'window_outside_period',
  /** A file the entry names is not the kind of file it says (a .docx that is no Word package). */
  'deliverable_file_mismatch',
  'bundle_invalid',
  'internal',
  // Enrollment proves possession of the key, and a key belongs to one device (issue 10).
  'key_proof_invalid',
  'public_key_in_use',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.looseObject({ code: ErrorCode, message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** GET /office: public, so a device can show whom it is about to enroll with. */
export const OfficeInfo = z
  .object({
    officeId: z.string(),
    name: z.string(),
    /** The office CA certificate (PEM) that issues device certificates. */
    caCertificatePem: z.string(),
    receiptKey: ReceiptKey,
    /**
     * Where people reach the office's public paper check (GET /verify), when that is not the
     * address devices use (`--public-url`): a report's QR code leads there. Absent: the address
     * the device enrolled with.
     */
    verifyUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
  })
  .strict();
export type OfficeInfo = z.infer<typeof OfficeInfo>;

/**
 * Control characters (NUL, newlines, escapes: \p{Cc}), the line and paragraph separators
 * (U+2028, U+2029: line breaks too), and the text-direction marks, overrides and isolates
 * (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): a device name is shown in the console,
 * the audit log and receipts' context, where these would cut it, hide it or make it read backwards.
 */
const UNSAFE_NAME_CHARACTERS = /[\p{Cc}\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Something that shows: not white space nor a default-ignorable character (zero-width space and
 * joiners U+200B–U+200D, word joiner U+2060, U+FEFF, soft hyphen, Hangul fillers…). A name made only
 * of these looks empty wherever it is listed, so an admin could not tell which device it names.
 * Inside a visible name they stay allowed (a zero-width joiner belongs in some scripts and emoji).
 */
const VISIBLE_CHARACTER = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}]/u;

/** Whether a name holds one of UNSAFE_NAME_CHARACTERS: a device's, and an engineer's (printed on reports). */
export const hasUnsafeNameCharacters = (name: string): boolean => UNSAFE_NAME_CHARACTERS.test(name);

const NOTHING_VISIBLE = 'a device name needs at least one visible character (not only spaces or zero-width characters)';

export const DeviceName = z
  .string()
  .trim()
  .min(1, NOTHING_VISIBLE)
  .max(100)
  .refine(
    (name) => !hasUnsafeNameCharacters(name),
    'a device name cannot hold control characters (such as NUL or a line break), line or paragraph separators (U+2028, U+2029) or text-direction marks and overrides (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069)',
  )
  // An empty name already has its issue from min(1).
  .refine((name) => name.length === 0 || VISIBLE_CHARACTER.test(name), NOTHING_VISIBLE);

export const EnrollRequest = z
  .object({
    /** The one-time code the office admin handed to the engineer (dashes and case are ignored). */
    code: z.string().min(4).max(64),
    /**
     * A PKCS#10 certification request (PEM) for the device's RSA key (≥ 2048 bits, the key it signs
     * PDFs with), signed by that key with SHA-256 and carrying `enrollmentChallenge(code)` as its
     * challengePassword: the proof that the device holds the key, bound to this code.
     */
    csrPem: z.string().min(100).max(8000),
    deviceName: DeviceName,
  })
  .strict();
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z
  .object({
    deviceId: z.string(),
    engineer: z.object({ id: z.string(), name: z.string() }).strict(),
    /** Sent once; the office keeps only its SHA-256. `Authorization: Bearer <token>` on every call. */
    token: z.string(),
    /** The device certificate issued by the office CA for the key sent; put it in the signing P12. */
    certificatePem: z.string(),
    office: OfficeInfo,
    hospitalIds: z.array(Slug),
  })
  .strict();
export type EnrollResponse = z.infer<typeof EnrollResponse>;

export const MeResponse = z
  .object({
    deviceId: z.string(),
    deviceName: z.string(),
    engineer: z.object({ id: z.string(), name: z.string() }).strict(),
    hospitalIds: z.array(Slug),
  })
  .strict();
export type MeResponse = z.infer<typeof MeResponse>;

export const ReferenceKind = z.enum(['hospital', 'contract', 'asset', 'template', 'calendar']);
export type ReferenceKind = z.infer<typeof ReferenceKind>;

/**
 * One change to reference data. `data` has the shape of src-shared/catalog for its kind
 * (Hospital, Contract, Asset, Template); templates are keyed `<id>@<version>` and never rewritten.
 */
export const ReferenceItem = z
  .object({
    kind: ReferenceKind,
    key: z.string(),
    /** The hospital it belongs to; null for templates and calendars, which every engineer gets. */
    hospitalId: Slug.nullable(),
    deleted: z.boolean(),
    /** Hex SHA-256 of canonicalJson(data). */
    hash: Sha256Hex.nullable(),
    data: z.unknown().nullable(),
  })
  .strict();
export type ReferenceItem = z.infer<typeof ReferenceItem>;

export const PULL_PAGE_MAX = 500;
export const PULL_PAGE_DEFAULT = 100;

export const PullQuery = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(PULL_PAGE_MAX).default(PULL_PAGE_DEFAULT),
  })
  .strict();
export type PullQuery = z.infer<typeof PullQuery>;

export const PullPage = z
  .object({
    items: z.array(ReferenceItem),
    /** Pass back as ?cursor= for the next page, and keep the last one for the next sync. */
    cursor: z.string(),
    /** More pages wait right now; keep pulling until false. */
    more: z.boolean(),
    /**
     * True when the cursor was given up (the engineer's hospitals changed, or it came from another
     * office): this pull starts from the beginning, and the device drops its reference rows of
     * hospitals not in `hospitalIds` once it has pulled every page.
     */
    reset: z.boolean(),
    hospitalIds: z.array(Slug),
  })
  .strict();
export type PullPage = z.infer<typeof PullPage>;

export const MissingBlobsRequest = z.object({ sha256: z.array(Sha256Hex).max(5000) }).strict();
export const MissingBlobsResponse = z.object({ missing: z.array(Sha256Hex) }).strict();

export const BlobPutResponse = z.object({ sha256: Sha256Hex, size: z.number().int(), created: z.boolean() }).strict();

export const ReportAccepted = z
  .object({
    /** False when the office already had this (id, hash): its current receipt, newly issued when the push added paper-sheet scans. */
    created: z.boolean(),
    receipt: Receipt,
  })
  .strict();
export type ReportAccepted = z.infer<typeof ReportAccepted>;

export const FaultAccepted = z
  .object({ created: z.boolean(), version: z.number().int(), receipt: Receipt })
  .strict();
export type FaultAccepted = z.infer<typeof FaultAccepted>;

export const BundleItemResult = z
  .object({
    kind: z.enum(['report', 'fault', 'deliverable', 'blob']),
    id: z.string(),
    status: z.enum(['accepted', 'duplicate', 'refused']),
    code: ErrorCode.optional(),
    message: z.string().optional(),
    receipt: Receipt.optional(),
  })
  .strict();
export type BundleItemResult = z.infer<typeof BundleItemResult>;

export const BundleImportResult = z
  .object({
    bundleId: z.string(),
    deviceId: z.string(),
    results: z.array(BundleItemResult),
  })
  .strict();
export type BundleImportResult = z.infer<typeof BundleImportResult>;
