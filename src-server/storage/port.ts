/**
 * The storage port: everything the office service keeps, as domain operations rather than SQL.
 * Two implementations: SQLite + a disk folder (storage/sqlite, storage/disk-blobs.ts) for one
 * machine, and PostgreSQL for records and blobs (storage/postgres) for several instances on one
 * database. Every write that must be atomic is one method (a report with its blobs, receipt and
 * audit entry), so each implementation brings its own transaction instead of the routes composing one.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ReferenceKind } from '../../src-shared/sync/protocol';
import type { Receipt } from '../../src-shared/sync/receipt';
import type { BlobRef, InspectedSubject, SignatureEntry } from '../../src-shared/sync/envelope';
import type { PromiseStep, ServiceKind } from '../../src-shared/catalog/reference';
import type { ServiceStatus } from '../../src-shared/service/fold';
import type { ServiceSubject } from '../../src-shared/service/record';
import type { ClockSchedule } from '../../src-shared/sla/types';
import type { PeriodInspection } from '../../src-shared/period/types';
import type { DeliverableEntry } from '../../src-shared/period/deliverable';

/** One line of the audit log: who did what to which ids, and whether it was refused. */
export interface AuditEntry {
  /** `device:<id>`, `admin:<username>`, `cli`, or `anonymous` (enrollment, login attempts). */
  actor: string;
  action: string;
  outcome: 'ok' | 'refused';
  /** The main id it concerns: report id, device id, blob sha256, … */
  target: string;
  details: Record<string, unknown>;
  ip?: string;
}

/** The audit page's filters: text parts match anywhere, `from`/`to` bound `at` (ISO, `to` exclusive). */
export interface AuditFilter {
  offset?: number;
  /** Every action but this one (the office hides logins). */
  exceptAction?: string;
  actorText?: string;
  targetText?: string;
  outcome?: AuditEntry['outcome'];
  from?: string;
  to?: string;
}

export interface AuditRow extends AuditEntry {
  seq: number;
  at: string;
}

export interface Engineer {
  id: string;
  name: string;
  createdAt: string;
  hospitalIds: string[];
  /** Set when an administrator deactivated the engineer: their devices and codes are refused until reactivated. */
  deactivatedAt: string | null;
  /** Bumped on every edit, so a console form saved over someone else's newer edit is refused (issue 14). */
  version: number;
}

/** What a console edit of an engineer may change; `expectedVersion` is the version the form was filled from. */
export interface EngineerEdit {
  name: string;
  hospitalIds: string[];
  /** true: deactivate now (keeps an earlier date); false: reactivate. */
  deactivated: boolean;
}

/** The outcome of a write guarded by the version or hash the editor started from. */
export type GuardedWrite = { outcome: 'written' } | { outcome: 'missing' } | { outcome: 'conflict' };

export interface Device {
  id: string;
  engineerId: string;
  name: string;
  publicKeyPem: string;
  certificatePem: string;
  certificateSerial: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

export interface NewDevice extends Omit<Device, 'lastSeenAt' | 'revokedAt'> {
  tokenHash: string;
}

export type EnrollOutcome = { outcome: 'enrolled' } | { outcome: 'code_invalid' } | { outcome: 'key_in_use'; deviceId: string };

export interface ReferenceRow {
  kind: ReferenceKind;
  key: string;
  hospitalId: string | null;
  /** Hex SHA-256 of canonicalJson(data); null for a deletion. */
  hash: string | null;
  data: unknown;
}

export interface ReferenceChange extends ReferenceRow {
  seq: number;
  deleted: boolean;
  /** 1 for the row's first write, +1 for every later write or deletion (issue 14). */
  version: number;
}

/** One past (or the current) state of a reference row, with who wrote it: its history in the console. */
export interface ReferenceVersion {
  kind: ReferenceKind;
  key: string;
  version: number;
  seq: number;
  hash: string | null;
  data: unknown;
  deleted: boolean;
  actor: string;
  at: string;
}

/**
 * One guarded change of reference data: written only if the stored row's hash is still
 * `expectedHash` (null: the row must not exist, or be deleted). A deletion has `delete: true`.
 */
export type ReferenceWrite =
  | { row: ReferenceRow; expectedHash: string | null }
  | { delete: true; kind: ReferenceKind; key: string; expectedHash: string };

export type ReferenceWriteOutcome =
  | { outcome: 'written'; changed: number }
  /** Nothing was written: these rows are no longer what the editor (or the import preview) started from. */
  | { outcome: 'conflict'; keys: { kind: ReferenceKind; key: string }[] };

/** A checklist template being drafted at the office (issue 14): not sent to devices until published. */
export interface TemplateDraft {
  templateId: string;
  /** The published version it starts from (null for a new template); it is published as base + 1. */
  baseVersion: number | null;
  /** The draft as edited, in the Template shape (it may not pass the schema until it is checked). */
  data: unknown;
  /** Hex SHA-256 of canonicalJson(data): the guard for two people editing one draft. */
  hash: string;
  updatedAt: string;
  updatedBy: string;
}

/** An Excel import parsed and checked, kept until its user confirms it (nothing is written before). */
export interface ImportPreview {
  id: string;
  username: string;
  hospitalId: string;
  createdAt: string;
  /** The preview as the import module made it (rows, problems, and the guarded writes to make on confirm). */
  data: unknown;
}

export interface StoredReport {
  id: string;
  hash: string;
  reportNumber: string;
  hospitalId: string;
  contractId: string;
  engineerId: string;
  deviceId: string;
  completedAt: string;
  signedAt: string;
  receivedAt: string;
  subjects: InspectedSubject[];
  /** The handwritten signatures bound to `hash`, as the device sent them. */
  signatures: SignatureEntry[];
  pdf: { sha256: string; size: number };
  blobs: BlobRef[];
  /** Subject CN and hex SHA-256 fingerprint of the certificate that signed the PDF. */
  signer: { subject: string; fingerprint: string; selfSigned: boolean };
  receipt: Receipt;
}

/**
 * A report to store: its summary, and the record as JSON text, or '' when the record is kept in
 * the blob store under the report's hash (accept/report-record.ts: every report accepted now).
 */
export interface NewReport extends StoredReport {
  recordJson: string;
}

export interface ReportFilter {
  /** The hospitals the caller may read (a console reader's); absent for all. */
  scope?: string[];
  hospitalId?: string;
  /** Subject keys (`system:yn-his`, `system:yunan-maint-2026/yn-his`): a report inspecting any of them matches. */
  subjects?: string[];
  /** ISO dates (yyyy-mm-dd), inclusive, on completedAt. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface StoredFault {
  id: string;
  version: number;
  hospitalId: string;
  hash: string;
  body: Record<string, unknown>;
  engineerId: string;
  deviceId: string;
  receivedAt: string;
  receipt: Receipt;
}

/** A service record's current version as the listing reads it (service/derive.ts), beside its version rows. */
export interface ServiceListing {
  hospitalId: string;
  contractId: string;
  kind: ServiceKind;
  levelId: string;
  status: ServiceStatus;
  /** ISO instants in UTC (`toISOString`), comparable as text. */
  reportedAt: string;
  /** The report's day in China (yyyy-mm-dd): what a period filter compares. */
  reportedDay: string;
  /** Start of an open pause: the clocks stopped there. */
  pausedSince?: string;
  title: string;
  subject: ServiceSubject;
  /** The clocks as scheduled when this version was stored; read against now with clockStatus. */
  schedule: ClockSchedule;
  /** The same clocks' due and done times (UTC), as columns: "breached now" is a query. */
  clocks: { step: PromiseStep; due: string; doneAt?: string }[];
}

export interface StoredServiceRecord extends ServiceListing {
  id: string;
  version: number;
  /** When the current version was received. */
  updatedAt: string;
  /** Engineers who pushed any of its versions. */
  engineerIds: string[];
}

export interface ServiceRecordFilter {
  /** The hospitals the caller may read (an engineer's); absent for the console, which reads all. */
  scope?: string[];
  hospitalId?: string;
  status?: ServiceStatus;
  /** Only records with a clock not met and past due at this instant (before an open pause): breached now. */
  breachedAt?: string;
  levelId?: string;
  /** Report days in China, inclusive. */
  from?: string;
  to?: string;
  /** Records any of whose versions this engineer pushed. */
  engineerId?: string;
  limit: number;
  offset: number;
}

/**
 * One entry of the deliverables register (issue 12) as the office keeps it: the newest revision
 * any device pushed (sync/deliverables.ts newerEntry), with its hash, who pushed it and its receipt.
 */
export interface StoredDeliverable {
  id: string;
  hospitalId: string;
  contractId: string;
  deliverableId: string;
  windowStart: string;
  windowEnd: string;
  revision: number;
  /** The current revision's state, for listing without parsing the entry. */
  state: DeliverableEntry['current']['value']['state'];
  /** Hex SHA-256 of canonicalJson(entry). */
  hash: string;
  entry: DeliverableEntry;
  engineerId: string;
  deviceId: string;
  receivedAt: string;
  receipt: Receipt;
}

export interface DeliverableFilter {
  /** The hospitals the caller may read; absent for the console. */
  scope?: string[];
  hospitalId?: string;
  contractId?: string;
}

/** administrator: everything; reader (a hospital IT office, an auditor): reads the hospitals listed, changes nothing. */
export type ConsoleRole = 'admin' | 'reader';

export interface AdminUser {
  username: string;
  passwordHash: string;
  createdAt: string;
  /** Absent when creating: an administrator (the CLI's `user add`, as before issue 14). */
  role?: ConsoleRole;
  /** A reader's hospitals; empty for an administrator. */
  hospitalIds?: string[];
  /** A disabled user cannot log in and their sessions end. */
  disabledAt?: string | null;
}

export interface ConsoleUserEdit {
  role: ConsoleRole;
  hospitalIds: string[];
  disabled: boolean;
  /**
   * consoleUserState() of the user as the edit form showed them: the edit is written only if the
   * user is still in that state ('conflict' otherwise). Absent from the CLI, which shows no form.
   */
  expectedState?: string;
}

/** Role, hospitals and disabled of a console user as one short string, carried by the edit form to detect a concurrent edit. */
export const consoleUserState = (user: Pick<AdminUser, 'role' | 'hospitalIds' | 'disabledAt'>): string =>
  createHash('sha256')
    .update(JSON.stringify([user.role ?? 'admin', [...(user.hospitalIds ?? [])].sort(), user.disabledAt ?? null]))
    .digest('hex')
    .slice(0, 16);

/** An enrollment code not yet used nor expired; the code itself is never stored, only its hash. */
export interface OutstandingCode {
  /** The first 8 hex digits of the code's hash: names the code on the page without giving it away. */
  id: string;
  createdAt: string;
  /** The audit actor who issued it (`admin:<username>`, `cli`); null for codes issued before schema 8. */
  createdBy: string | null;
  expiresAt: string;
}

export interface Session {
  username: string;
  csrfToken: string;
  expiresAt: string;
}

/** What claiming a code form (console/code-forms.ts) finds: out of date, now claimed, or already used for this code. */
export type CodeFormClaim = { outcome: 'stale' } | { outcome: 'claimed' } | { outcome: 'issued'; codeId: string; at: string };

export type InsertOutcome<T> = { inserted: true } | { inserted: false; existing: T };

/** A blob with role `scan`: a photo or scan of the wet-ink-signed paper sheet, evidence beside the record. */
export type ScanRef = BlobRef & { role: 'scan' };

/** Scans added to a stored report after it was received, with the receipt that lists them. */
export interface ScanAmendment {
  id: string;
  /** The receiptId of the stored receipt the scans were chosen against; written only if it is still the stored one. */
  replaces: string;
  scans: ScanRef[];
  /** Lists every blob of the report, these scans included. */
  receipt: Receipt;
}

/** What the dashboard keeps of one accepted report (schema 6): the period computations' view of its signed record. */
export interface PeriodInspectionFact {
  reportId: string;
  recordHash: string;
  hospitalId: string;
  contractId: string;
  /** As the record names them (the inspection's `engineer`). */
  engineer: string;
  /** The completion day in China: the window it counts in. */
  day: string;
  /** The derivation's version (dashboard/facts.ts): an older one is derived again. */
  derivedWith: number;
  inspection: PeriodInspection;
}

/** What the dashboard keeps of a service record's current version (schema 6); the record itself stays in fault_versions. */
export interface PeriodServiceFact {
  recordId: string;
  version: number;
  hospitalId: string;
  contractId: string;
  /** The name the record was opened under (its first event's `by`). */
  engineer: string;
  /** The day in China its clock started (reported, or the written report where the contract counts from it). */
  day: string;
  derivedWith: number;
}

export interface PeriodFactFilter {
  contractIds: string[];
  /** Days in China, inclusive. */
  from: string;
  to: string;
  engineer?: string;
}

export interface OfficeStore {
  /** Office-wide settings: office id and name, created on first start. */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  /** Writes the setting only if it has none, and returns the stored value: first writer wins, on any instance. */
  claimSetting(key: string, value: string): Promise<string>;

  createEngineer(engineer: { id: string; name: string; hospitalIds: string[] }, audit: AuditEntry): Promise<Engineer>;
  getEngineer(id: string): Promise<Engineer | undefined>;
  listEngineers(): Promise<Engineer[]>;
  setEngineerHospitals(id: string, hospitalIds: string[], audit: AuditEntry): Promise<void>;
  /** One transaction: applied only if the engineer is still at `expectedVersion`; bumps the version. */
  updateEngineer(id: string, edit: EngineerEdit, expectedVersion: number, audit: AuditEntry): Promise<GuardedWrite>;

  createEnrollmentCode(code: { codeHash: string; engineerId: string; expiresAt: string }, audit: AuditEntry): Promise<void>;
  /** The engineer of a code that is unused and unexpired; nothing is spent (enrollment checks the request first). */
  findEnrollmentCode(codeHash: string, now: string): Promise<{ engineerId: string } | undefined>;
  /** The engineer's codes still usable at `now`, newest first. */
  listOutstandingCodes(engineerId: string, now: string): Promise<OutstandingCode[]>;
  /** Expires now the engineer's unused codes whose id (OutstandingCode.id) is `codeId`; audited if any was; false if none. */
  expireEnrollmentCode(engineerId: string, codeId: string, now: string, audit: AuditEntry): Promise<boolean>;
  /** The device that holds this public key (normalized SPKI PEM, as stored) and is not revoked. */
  findActiveDeviceByPublicKey(publicKeyPem: string): Promise<Device | undefined>;
  /**
   * One transaction: refused if a device that is not revoked holds the key (`codeUse` is not
   * written, the code stays usable); else the code is spent if it is still unused, unexpired and
   * the device's engineer's (else refused); then the device is inserted. Each outcome is audited:
   * `codeUse` (ok or refused), then `enrolled`; or `keyRefused` with `heldBy` added to its details.
   */
  enrollDevice(
    enrollment: { codeHash: string; device: NewDevice },
    audit: { codeUse: AuditEntry; enrolled: AuditEntry; keyRefused: AuditEntry },
  ): Promise<EnrollOutcome>;
  getDevice(id: string): Promise<Device | undefined>;
  findDeviceByTokenHash(tokenHash: string): Promise<Device | undefined>;
  listDevices(): Promise<Device[]>;
  /** Not audited: it is bookkeeping, written at most once a minute per device. */
  touchDevice(id: string, at: string): Promise<void>;
  revokeDevice(id: string, at: string, audit: AuditEntry): Promise<boolean>;

  /**
   * One transaction, all or nothing: every write's guard is checked first; if any fails nothing is
   * written. Rows whose hash is unchanged are skipped; the others get the next sequence numbers and
   * versions, and each goes into the history (reference_versions) with the audit entry's actor.
   */
  writeReference(writes: ReferenceWrite[], audit: AuditEntry): Promise<ReferenceWriteOutcome>;
  /** Every version of one row, newest first. */
  listReferenceVersions(kind: ReferenceKind, key: string): Promise<ReferenceVersion[]>;
  /** Writes rows whose hash changed (or that are new), giving them the next sequence numbers; returns how many. */
  upsertReference(rows: ReferenceRow[], audit: AuditEntry): Promise<number>;
  /** Marks rows deleted (a tombstone with a new sequence number). */
  deleteReference(keys: { kind: ReferenceKind; key: string }[], audit: AuditEntry): Promise<number>;
  /** Changes after `afterSeq`, oldest first, of global rows and of the given hospitals. */
  pullReference(afterSeq: number, hospitalIds: string[], limit: number): Promise<ReferenceChange[]>;
  listReference(kind: ReferenceKind, hospitalId?: string): Promise<ReferenceRow[]>;
  /** One row by kind and key, a tombstone (deleted, data null) included: what the office has ever known. */
  getReference(kind: ReferenceKind, key: string): Promise<ReferenceChange | undefined>;
  countReference(): Promise<number>;

  getReport(id: string): Promise<StoredReport | undefined>;
  /** The report with this number, for the public check a paper copy's QR code leads to. */
  findReportByNumber(reportNumber: string): Promise<StoredReport | undefined>;
  /** One transaction: the report, its subjects and blobs, the audit entry. Existing id → not inserted. */
  insertReport(report: NewReport, audit: AuditEntry): Promise<InsertOutcome<StoredReport>>;
  /** The record's JSON text as stored in the row ('' when it is in the blob store: accept/report-record.ts). */
  getReportRecord(id: string): Promise<string | undefined>;
  /**
   * One transaction: the scans the report lacks join its blobs, the receipt replaces the stored one,
   * the audit entry is written. Nothing changes if the stored receipt is no longer `replaces` (another
   * amendment came first) or every scan is already stored. Returns the report as stored afterwards.
   */
  addReportScans(amendment: ScanAmendment, audit: AuditEntry): Promise<StoredReport>;
  listReports(filter: ReportFilter): Promise<{ total: number; reports: StoredReport[] }>;

  getFaultVersion(id: string, version: number): Promise<StoredFault | undefined>;
  getCurrentFault(id: string): Promise<StoredFault | undefined>;
  /**
   * One transaction: inserts only if the current version is fault.version - 1 (or none and version
   * 1), else returns the current; with the version, the record's listing row and clocks are replaced.
   */
  insertFaultVersion(fault: StoredFault, audit: AuditEntry, listing: ServiceListing): Promise<InsertOutcome<StoredFault | undefined>>;
  /** Every version of a record, oldest first. */
  listFaultVersions(id: string): Promise<StoredFault[]>;
  getServiceRecord(id: string): Promise<StoredServiceRecord | undefined>;
  /** Newest report first. */
  listServiceRecords(filter: ServiceRecordFilter): Promise<{ total: number; records: StoredServiceRecord[] }>;

  getDeliverable(id: string): Promise<StoredDeliverable | undefined>;
  /**
   * One transaction: writes the entry only if the stored one is still the one with hash
   * `replaces` (null: none stored yet), else returns what is stored; the audit entry goes with it.
   */
  putDeliverable(entry: StoredDeliverable, replaces: string | null, audit: AuditEntry): Promise<InsertOutcome<StoredDeliverable | undefined>>;
  /** By hospital, contract, window start and deliverable. */
  listDeliverables(filter: DeliverableFilter): Promise<StoredDeliverable[]>;

  /** The dashboard's rows (schema 6): written when a report or a record version is accepted, and by the fill at start. */
  /** One transaction for the lot: the fill writes its rounds this way (one sync to disk per round, not per row). */
  putPeriodFacts(facts: { inspections: PeriodInspectionFact[]; services: PeriodServiceFact[] }): Promise<void>;
  /** Reports and records whose row is missing, stale (an older version) or derived by an older derivation. */
  periodFactsToDerive(derivedWith: number, limit: number): Promise<{ reports: { id: string; hash: string }[]; services: { id: string; version: number }[] }>;
  listPeriodInspections(filter: PeriodFactFilter): Promise<PeriodInspectionFact[]>;
  /** Current versions only, with the record as stored. */
  listPeriodServices(filter: PeriodFactFilter): Promise<(PeriodServiceFact & { body: Record<string, unknown> })[]>;
  /** Every engineer name the dashboard's rows carry (of these hospitals only, when given), for its filter. */
  listPeriodEngineers(scope?: readonly string[]): Promise<string[]>;

  listTemplateDrafts(): Promise<TemplateDraft[]>;
  getTemplateDraft(templateId: string): Promise<TemplateDraft | undefined>;
  /** Written only if the stored draft's hash is still `expectedHash` (null: no draft yet). */
  saveTemplateDraft(draft: TemplateDraft, expectedHash: string | null, audit: AuditEntry): Promise<GuardedWrite>;
  deleteTemplateDraft(templateId: string, expectedHash: string, audit: AuditEntry): Promise<GuardedWrite>;
  /**
   * One transaction: if the draft is still `expectedHash` and no template row `row.key` exists,
   * the row is written (next sequence number, version history) and the draft removed.
   */
  publishTemplateDraft(templateId: string, expectedHash: string, row: ReferenceRow, audit: AuditEntry): Promise<GuardedWrite>;

  /** Saves the preview and drops the user's other previews of that hospital (one open import each). */
  saveImportPreview(preview: ImportPreview): Promise<void>;
  /** The preview if it is this user's (previews older than a day are dropped). */
  getImportPreview(id: string, username: string): Promise<ImportPreview | undefined>;
  deleteImportPreview(id: string): Promise<void>;

  createAdmin(user: AdminUser, audit: AuditEntry): Promise<void>;
  getAdmin(username: string): Promise<AdminUser | undefined>;
  listAdmins(): Promise<AdminUser[]>;
  /**
   * Role, hospitals, disabled; disabling ends the user's sessions. One transaction, refused (and
   * audited as refused) when no active administrator would be left, when there is no such user,
   * or when the user is no longer in `edit.expectedState` (another administrator saved first).
   */
  updateAdmin(username: string, edit: ConsoleUserEdit, audit: AuditEntry): Promise<'written' | 'missing' | 'last_admin' | 'conflict'>;
  setAdminPassword(username: string, passwordHash: string, audit: AuditEntry): Promise<boolean>;
  createSession(tokenHash: string, session: Session): Promise<void>;
  getSession(tokenHash: string, now: string): Promise<Session | undefined>;
  deleteSession(tokenHash: string): Promise<void>;

  /**
   * One-time tokens of the console's code form (issue 14), kept in the store so that every
   * instance behind a load balancer knows them (issue 15). Only the token's hash is stored.
   * `open` also drops forms created before `expireBefore`.
   */
  openCodeForm(form: { tokenHash: string; engineerId: string; username: string; createdAt: string }, expireBefore: string): Promise<void>;
  /** Atomic: two submissions of one form, on any instances, cannot both claim it. Stale if absent, someone else's, or created before `notBefore`. */
  claimCodeForm(tokenHash: string, engineerId: string, username: string, notBefore: string): Promise<CodeFormClaim>;
  /** The claimed form's code was refused: it may be submitted again. */
  releaseCodeForm(tokenHash: string): Promise<void>;
  /** The claimed form issued this code: a resubmission shows it instead of issuing another. */
  recordCodeForm(tokenHash: string, codeId: string, at: string): Promise<void>;

  /**
   * Counts one request against a rate limit shared by every instance: the window (fixed, of
   * `windowMs`) containing `nowMs` for `key`. Returns the count including this request and when the window ends.
   */
  hitRateLimit(key: string, windowMs: number, nowMs: number): Promise<{ count: number; resetAtMs: number }>;

  /** A cheap round trip to the database: throws when it cannot be reached (the readiness check). */
  ping(): Promise<void>;

  audit(entry: AuditEntry): Promise<void>;
  /** Newest first. `target`/`action` match exactly; the console's filters (issue 14) narrow with the rest. */
  listAudit(options: { limit: number; target?: string; action?: string } & AuditFilter): Promise<AuditRow[]>;

  close(): Promise<void>;
}

/**
 * createEngineer or createAdmin: the id is already taken. The caller checks first; this is the
 * other instance that created it in the moment between (issue 15). Nothing was written.
 */
export class AlreadyExists extends Error {
  constructor(readonly id: string) {
    super(`"${id}" already exists`);
  }
}

export class BlobHashMismatch extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`blob content hashes to ${actual}, not ${expected}`);
  }
}

/** A stored blob that no longer hashes to its name (or lost a piece): the store was changed under the office. */
export class BlobCorrupt extends Error {
  constructor(
    readonly sha256: string,
    /** What is wrong with its bytes ("its 868 bytes hash to …", "chunk 0 is missing"). */
    readonly reason: string,
  ) {
    super(`stored blob ${sha256} is corrupt: ${reason}`);
  }
}

export class BlobTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`blob is larger than ${limit} bytes`);
  }
}

/** Too many uploads were being written when this one was ready: nothing stored, the client tries again in `retryAfterSeconds`. */
export class BlobStoreBusy extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`the blob store is busy; try again in ${retryAfterSeconds} s`);
  }
}

export interface BlobStore {
  /** The stored size, or undefined when the office does not have it. */
  stat(sha256: string): Promise<{ size: number } | undefined>;
  /**
   * Stores the bytes under their SHA-256 if they hash to `sha256`: written aside first, checked,
   * then made visible in one step, so a cut upload never leaves a half blob under a real name.
   * Idempotent: storing what is already there succeeds with created = false.
   */
  put(sha256: string, source: Readable, maxBytes: number): Promise<{ created: boolean; size: number }>;
  /** The bytes, checked against their name: a blob changed in the store throws BlobCorrupt. */
  read(sha256: string): Promise<Buffer>;
  /** The bytes as they are read; checked as they go, the stream errors with BlobCorrupt at its end if they do not hash to the name. */
  stream(sha256: string): Readable;
}
