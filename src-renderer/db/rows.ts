/** The shapes stored in IndexedDB. Reference rows are the catalog's own types; the rest are ours. */
import type { InspectionMode } from '../../src-shared/catalog/period-schema';
import type { Asset, Contract, CoveredSystem, Hospital } from '../../src-shared/catalog/reference';
import type { SignOffVerdictValue } from '../../src-shared/period/types';
import type { FailRequirement, Severity, Template } from '../../src-shared/catalog/schema';
import type { AnswerValue, Outcome } from '../../src-shared/domain/answer';
import type { Target } from '../../src-shared/domain/steps';
import type { SignRole } from '../../src-shared/catalog/reference';
import type { Rating, ReplacedCharacter } from '../../src-shared/report/model';
import type { EnrollmentSummary } from '../../src-shared/rpc/sync-channels';
import type { Receipt } from '../../src-shared/sync/receipt';
import type { ServiceRecord } from '../../src-shared/service/record';
import type { ServiceStatus } from '../../src-shared/service/fold';
import type { CalendarData } from '../../src-shared/sla/types';
import type { DeliverableEntry, DeliverableMime } from '../../src-shared/period/deliverable';

export type HospitalRow = Hospital;
export type ContractRow = Contract;
export type TemplateRow = Template;
export type AssetRow = Asset & { hospitalId: string };
/** A system installed at a hospital under a contract; its id is unique across hospitals. */
export type SystemRow = CoveredSystem & { hospitalId: string; contractId: string };

/** draft → completed (all items answered) → signed (locked: no change is accepted after). */
export type InspectionStatus = 'draft' | 'completed' | 'signed';

export interface InspectionRow {
  id: string;
  hospitalId: string;
  contractId: string;
  engineer: string;
  status: InspectionStatus;
  /** ISO timestamps. */
  createdAt: string;
  /**
   * Last change of state (created, completed, signed). Indexed for the list, so it is not
   * bumped per answer: every change to an indexed field leaves a tombstone the list's cursor
   * must step over (measured in bench/store: the list slowed 0.7 → 11 ms after 3,150 saves).
   */
  updatedAt: string;
  /** Time of the latest answer; shown in the list, not indexed. Read from the answers on drafts. */
  lastAnsweredAt?: string;
  completedAt?: string;
  /** The templates and the exact versions this inspection was started with. */
  targets: Target[];
  /**
   * Where the engineer moved without answering (Backspace, a click, a tag scan), and when
   * (`cursorStamp`). A later answer's `next` wins over it; see draft-progress.ts.
   */
  cursor: string | null;
  cursorStamp?: number;
  totalSteps: number;
  /**
   * Steps done (answered and owing no note or photo: domain/answer.ts isDone) and findings.
   * Final on completed and signed rows. A draft's are read from its answers when it is read,
   * so that saving an answer writes the answer alone (draft-progress.ts).
   */
  answeredCount: number;
  findingCount: number;
  /** Set in the same transaction that stores the signatures and locks the inspection. */
  signoff?: SignoffInfo;
  /**
   * On site or over a remote session (issue 12), chosen at the start where the contract allows
   * both. Not indexed (no schema version); rows from before have none and were on site.
   */
  mode?: InspectionMode;
  /**
   * Index keys of what `targets` cover (db/subjects.ts), for finding an inspection by system or
   * unit. Derived by the store on every write; never set by hand.
   */
  subjects?: string[];
}

export interface SignoffInfo {
  /** SHA-256 of the inspection record's canonical JSON; every signature is bound to it. */
  hash: string;
  signedAt: string;
  reportNumber: string;
  /** Inspections signed before issue 12: the one 优/良/差 rating. Absent on newer ones. */
  rating?: { value: Rating; comment: string };
  /** The verdicts the contract's evaluators gave (issue 12); absent where the contract asks none. */
  verdicts?: SignOffVerdictValue[];
  /** One optional comment beside the verdicts (评价意见); absent when empty. */
  verdictComment?: string;
  recommendations: string;
  duplicate: boolean;
}

export interface SignatureRow {
  /** `${inspectionId}|${role}`: one signature per role. */
  id: string;
  inspectionId: string;
  role: SignRole;
  name: string;
  signedAt: string;
  image: Blob;
  /** signature_pad's point groups as JSON: the strokes, kept as evidence beside the picture. */
  strokes: string;
  imageSha256: string;
  strokesSha256: string;
  /** The record hash this signature was given for, and the hash of the whole binding. */
  contentHash: string;
  signatureHash: string;
}

/** The signed PDF the main process wrote for an inspection, and where. */
export interface ReportFileRow {
  inspectionId: string;
  hospitalId: string;
  month: string;
  reportNumber: string;
  path: string;
  sha256: string;
  size: number;
  createdAt: string;
  replaced: ReplacedCharacter[];
}

export interface AnswerRow {
  /** `${inspectionId}|${stepKey}`: one row per item per subject. */
  id: string;
  inspectionId: string;
  stepKey: string;
  subject: string;
  templateId: string;
  itemId: string;
  value: AnswerValue;
  outcome: Outcome;
  note: string;
  photoCount: number;
  /**
   * What a finding of this item must carry (its template's onFail.require), kept on the row so
   * that progress read from the answers alone counts a finding that owes a note as not done.
   * Absent on answers saved by earlier versions: counted as owing nothing.
   */
  requires?: FailRequirement;
  /** For findings: the template's severity and the contract level it suggests. */
  severity?: Severity;
  faultLevelId?: string;
  /** The item is about the vendor's service (issue 12): a finding of it has no fault level and makes no fault record. */
  serviceQuality?: true;
  /** The engineer confirmed or changed the suggested level (issue 11): it is no longer a suggestion. */
  levelConfirmed?: boolean;
  /** The service record made from this finding, if any (the record's `origin` links back). */
  serviceRecordId?: string;
  answeredAt: string;
  /** The step the engineer went on to; with `stamp`, where a draft resumes after a crash. */
  next?: string;
  /** Write order within the draft (draft-progress.ts); absent on answers saved by earlier versions. */
  stamp?: number;
}

export interface AttachmentRow {
  id: string;
  inspectionId: string;
  answerId: string;
  blob: Blob;
  type: string;
  width: number;
  height: number;
  createdAt: string;
}

/** The last completed inspection of each system or unit, for "previous answer" beside an item. */
export interface LastInspectedRow {
  /** `${hospitalId}|${subject}` */
  key: string;
  inspectionId: string;
  completedAt: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export const answerId = (inspectionId: string, stepKey: string): string => `${inspectionId}|${stepKey}`;

/**
 * An inspection's answers, or one subject's, as a range of answer ids (step keys are
 * `${subject}#${itemId}`; inspection ids hold no `|` and subjects no `#`), read as `where(':id')`.
 */
export function answerIdRange(inspectionId: string, subject?: string): [string, string] {
  const prefix = subject === undefined ? `${inspectionId}|` : `${inspectionId}|${subject}#`;
  return [prefix, `${prefix}\uffff`];
}

/**
 * pending → sending → synced, or → attention when the office refused it (4xx) and the engineer
 * must look; network errors and 5xx go back to pending with a later `nextAttemptAt`.
 */
export type OutboxState = 'pending' | 'sending' | 'attention' | 'synced';

export interface OutboxError {
  /** The RPC or office error code, e.g. 'office_refused' / 'report_conflict', or 'receipt_invalid'. */
  code: string;
  /** English detail, for logs and support; the screen shows its own sentence for `code`. */
  message: string;
  /** The office's HTTP status and error code, when the office answered. */
  status?: number;
  officeCode?: string;
}

export interface OutboxRow {
  /** `report:<inspectionId>`, `service:<recordId>` or `deliverable:<entryId>`: one row per record, so queuing twice is harmless. */
  id: string;
  kind: 'report' | 'service' | 'deliverable';
  recordId: string;
  state: OutboxState;
  attempts: number;
  /** ISO; the engine leaves a pending row alone until then (backoff after a failure). */
  nextAttemptAt: string;
  lastError?: OutboxError;
  /** Every blob of the report plus nothing for the envelope: what progress counts. */
  bytesTotal: number;
  bytesSent: number;
  createdAt: string;
  updatedAt: string;
  /** The office's signed receipt, verified against the pinned office key before the row became synced. */
  receipt?: Receipt;
  syncedAt?: string;
  /** When it last went into an offline bundle file; it stays unsynced until a receipt comes back. */
  exportedAt?: string;
  /**
   * Scans of the paper sheet added since the row was queued. The engine notes the count before it
   * packages the report, and the row becomes synced only if no scan came since: a scan added
   * while a send was being prepared or made puts the row back in the queue instead.
   */
  scansAdded?: number;
  /**
   * For a service record: events appended since the row was queued. Like `scansAdded`, the engine
   * notes it before packaging, and a record appended to while its push was under way goes back
   * to the queue once that push is done.
   */
  serviceChanges?: number;
  /** For a deliverables-register entry: revisions added since the row was queued (as serviceChanges). */
  deliverableChanges?: number;
}

export const outboxId = (recordId: string): string => `report:${recordId}`;
export const serviceOutboxId = (recordId: string): string => `service:${recordId}`;
export const deliverableOutboxId = (entryId: string): string => `deliverable:${entryId}`;

/** The counter a send notes before packaging: a change to it since means the send was not the latest. */
export const changesOf = (row: Pick<OutboxRow, 'kind' | 'scansAdded' | 'serviceChanges' | 'deliverableChanges'>): number =>
  (row.kind === 'service' ? row.serviceChanges : row.kind === 'deliverable' ? row.deliverableChanges : row.scansAdded) ?? 0;

export function newOutboxRow(report: Pick<ReportFileRow, 'inspectionId' | 'size'>, at: string): OutboxRow {
  return {
    id: outboxId(report.inspectionId),
    kind: 'report',
    recordId: report.inspectionId,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    bytesTotal: report.size,
    bytesSent: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** What the device knows about its office; the device token is not here (main keeps it). */
export type Enrollment = EnrollmentSummary;

/** The key of the one sync-state row. */
export const OFFICE_SYNC_KEY = 'office';

export interface SyncStateRow {
  key: typeof OFFICE_SYNC_KEY;
  enrollment?: Enrollment;
  /** The reference-data cursor after the last fully applied page. */
  cursor: string | null;
  /** Set by a page with `reset`: hospitals to keep once the last page of that pull is applied. */
  resetHospitalIds?: string[];
  pulledAt?: string;
  lastRunAt?: string;
}

/**
 * A fault or service request (src-shared/service/record.ts) with the fields its indexes need,
 * kept in step with the record by the repository on every write.
 */
export interface ServiceRecordRow {
  id: string;
  hospitalId: string;
  contractId: string;
  record: ServiceRecord;
  status: ServiceStatus;
  /** The reported step's time (ISO), for a hospital's records by period. */
  reportedAt: string;
  /** 1 while the record is resolved, its contract asks for a follow-up call and none is recorded. */
  followUpDue: 0 | 1;
  originAnswerId?: string;
  updatedAt: string;
  /** The office's version of the record this device last sent or merged; 0 before the first push. */
  officeVersion: number;
  /** The next event number this device gives (event ids are `<writer>-<n>`). */
  nextEventNo: number;
}

/** A photo, a signed document or a scan belonging to a service record. */
export interface ServiceAttachmentRow {
  id: string;
  recordId: string;
  sha256: string;
  blob: Blob;
  type: string;
  role: 'photo' | 'document' | 'scan';
  createdAt: string;
}

export type CalendarRow = CalendarData;

/**
 * One entry of the deliverables register (src-shared/period/deliverable.ts), as stored and as
 * pushed: the current revision and every earlier one.
 */
export type DeliverableRow = DeliverableEntry;

/** An attached deliverable file's bytes, by their SHA-256 (the register's entries name it). */
export interface DeliverableFileRow {
  sha256: string;
  blob: Blob;
  mime: DeliverableMime;
  size: number;
  createdAt: string;
}
