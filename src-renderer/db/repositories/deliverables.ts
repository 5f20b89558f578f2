/**
 * The deliverables register on the device (issue 12 point 2): per contract, deliverable and
 * window, what was handed in — a report the app made, an attached file, or "not applicable" with
 * a reason. Each change is a new revision of the entry (the previous one kept in its history),
 * written with the entry's outbox row in one transaction; attached files' bytes go to
 * `deliverableFiles` by their SHA-256 in the same transaction. Refusals are StoreErrors, and a
 * refused change writes nothing.
 */
import type { Contract } from '../../../src-shared/catalog/reference';
import { sha256Hex } from '../../../src-shared/crypto/canonical';
import {
  DELIVERABLE_LIMITS,
  DeliverableEntry,
  deliverableEntryId,
  type DeliverableRevision,
  type DeliverableState,
} from '../../../src-shared/period/deliverable';
import { mimeOfName, sniffDeliverable } from '../../../src-shared/period/sniff-deliverable';
import type { ReportLocator } from '../../../src-shared/report/model';
import type { XunjianDb } from '../database';
import type { DeliverableFileRow, DeliverableRow } from '../rows';
import { asStoreError, StoreError } from '../store-error';
import { queueDeliverable } from './outbox';

/** What the register needs of a contract: which deliverables it lists, over which period, at which hospital. */
export type RegisterContract = Pick<Contract, 'id' | 'hospitalId' | 'period' | 'deliverables'>;
/** A window of the contract's period (src-shared/period/windows.ts PeriodWindow fits): China calendar days, end inclusive. */
export interface RegisterWindow {
  start: string;
  end: string;
}

interface Target {
  contract: RegisterContract;
  deliverableId: string;
  window: RegisterWindow;
  /** Who records it (the engineer's name). */
  by: string;
}

export interface ProducedInput extends Target {
  /** The signed periodic report as `period.report.create` returned it (ReportCreated fits). */
  report: ReportLocator & { sha256: string; size: number };
}
export interface AttachInput extends Target {
  file: Blob;
  /** The file's name as the engineer chose it; its extension is the type the bytes must be. */
  name: string;
}
export interface NotApplicableInput extends Target {
  reason: string;
}

export interface RegisterOptions {
  now?: () => Date;
}

const MB = 1024 * 1024;
const BY_MAX = 40;

function tooLong(what: string, length: number, max: number): never {
  throw new StoreError('too_long', `${what} of ${length} characters`, { max });
}

/** The contract lists the deliverable and the window lies inside its period; else a StoreError saying which. */
function checkTarget(target: Target): void {
  const { contract, deliverableId, window } = target;
  if (!contract.deliverables.some((d) => d.id === deliverableId)) {
    throw new StoreError('dlv_unknown', `contract ${contract.id} lists no deliverable ${deliverableId}`, { deliverable: deliverableId });
  }
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const inside = day.test(window.start) && day.test(window.end) && window.start <= window.end && window.start >= contract.period.start && window.end <= contract.period.end;
  if (!inside) {
    throw new StoreError('dlv_outside_period', `window ${window.start}..${window.end} is not inside ${contract.period.start}..${contract.period.end}`, {
      start: contract.period.start,
      end: contract.period.end,
    });
  }
  const by = target.by.trim();
  if (!by) throw new StoreError('too_long', 'a change needs the name of who made it', { max: BY_MAX });
  if (by.length > BY_MAX) tooLong('name', by.length, BY_MAX);
}

function sameState(a: DeliverableState, b: DeliverableState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The entry with `value` as its new current revision (the old current goes to the history), or
 * the entry unchanged when `value` is what it already says. Refuses past the history's limit.
 */
function revise(entry: DeliverableRow | undefined, base: Omit<DeliverableRow, 'current' | 'history'>, value: DeliverableState, by: string, at: string): DeliverableRow | undefined {
  if (entry && sameState(entry.current.value, value)) return undefined;
  if (entry && entry.history.length >= DELIVERABLE_LIMITS.history) {
    throw new StoreError('dlv_too_many_revisions', `entry ${entry.id} holds ${entry.history.length} earlier revisions`, { max: DELIVERABLE_LIMITS.history });
  }
  const current: DeliverableRevision = { revision: (entry?.current.revision ?? 0) + 1, by: by.trim(), at, value };
  const next = { ...base, current, history: entry ? [...entry.history, entry.current] : [] };
  const parsed = DeliverableEntry.safeParse(next);
  // Everything was checked above; a shape the schema still refuses is a bug, not the engineer's input.
  if (!parsed.success) throw new Error(`deliverable entry: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function write(db: XunjianDb, target: Target, value: DeliverableState, file: DeliverableFileRow | undefined, bytes: number, now: () => Date): Promise<DeliverableRow> {
  const { contract, deliverableId, window } = target;
  const id = deliverableEntryId(contract.id, deliverableId, window.start);
  const at = now().toISOString();
  const base = { id, hospitalId: contract.hospitalId, contractId: contract.id, deliverableId, windowStart: window.start, windowEnd: window.end };
  try {
    return await db.transaction('rw', [db.deliverables, db.deliverableFiles, db.outbox], async () => {
      const entry = await db.deliverables.get(id);
      const next = revise(entry, base, value, target.by, at);
      if (!next) return entry as DeliverableRow;
      if (file && !(await db.deliverableFiles.get(file.sha256))) await db.deliverableFiles.add(file);
      await db.deliverables.put(next);
      await queueDeliverable(db, id, bytes, at);
      return next;
    });
  } catch (error) {
    throw asStoreError(error);
  }
}

/** A contract's register on this device, in window order then by deliverable. */
export async function listDeliverables(db: XunjianDb, contractId: string): Promise<DeliverableRow[]> {
  const rows = await db.deliverables.where('[contractId+windowStart]').between([contractId, ''], [contractId, '\uffff']).toArray();
  return rows.sort((a, b) => a.windowStart.localeCompare(b.windowStart) || a.deliverableId.localeCompare(b.deliverableId));
}

/** One entry, or undefined while nothing was recorded for it. */
export function getDeliverable(db: XunjianDb, entryId: string): Promise<DeliverableRow | undefined> {
  return db.deliverables.get(entryId);
}

/** A periodic report the app made and signed (its PDF is filed by the main process under the locator). */
export async function markProduced(db: XunjianDb, input: ProducedInput, options: RegisterOptions = {}): Promise<DeliverableRow> {
  checkTarget(input);
  const { hospitalId, month, reportNumber, sha256, size } = input.report;
  if (hospitalId !== input.contract.hospitalId) throw new StoreError('not_in_contract', `report of ${hospitalId} for a contract of ${input.contract.hospitalId}`);
  const value: DeliverableState = { state: 'produced', report: { hospitalId, month, reportNumber }, sha256, size };
  return write(db, input, value, undefined, size, options.now ?? (() => new Date()));
}

/**
 * A file the engineer attaches (minutes, a training record…). Its name says its type, and its
 * bytes must be that type; an empty file, one over DELIVERABLE_LIMITS.fileBytes, or one of a kind
 * the register does not take is refused.
 */
export async function attachDeliverable(db: XunjianDb, input: AttachInput, options: RegisterOptions = {}): Promise<DeliverableRow> {
  checkTarget(input);
  const name = input.name.trim();
  if (name.length > DELIVERABLE_LIMITS.fileName) tooLong('file name', name.length, DELIVERABLE_LIMITS.fileName);
  const mime = mimeOfName(name);
  if (!mime) throw new StoreError('dlv_unsupported_type', `"${name}" is not a PDF, photo, Word or Excel file`, { name });
  if (input.file.size === 0) throw new StoreError('dlv_empty_file', `"${name}" is empty`);
  if (input.file.size > DELIVERABLE_LIMITS.fileBytes) {
    throw new StoreError('dlv_file_too_large', `"${name}" is ${input.file.size} bytes`, { max: DELIVERABLE_LIMITS.fileBytes / MB });
  }
  const bytes = new Uint8Array(await input.file.arrayBuffer());
  if (sniffDeliverable(bytes) !== mime) throw new StoreError('dlv_not_that_file', `"${name}" is not a ${mime}`, { detail: name.slice(name.lastIndexOf('.') + 1).toUpperCase() });
  const sha256 = await sha256Hex(bytes);
  const now = options.now ?? (() => new Date());
  // Stored with the type its bytes are, so reading it back and the office's download say the same.
  const blob = input.file.type === mime ? input.file : new Blob([bytes], { type: mime });
  const file: DeliverableFileRow = { sha256, blob, mime, size: bytes.length, createdAt: now().toISOString() };
  return write(db, input, { state: 'attached', name, mime, sha256, size: bytes.length }, file, bytes.length, now);
}

/** 「（如有）」 and the like: nothing to hand in this window, and why. */
export async function markNotApplicable(db: XunjianDb, input: NotApplicableInput, options: RegisterOptions = {}): Promise<DeliverableRow> {
  checkTarget(input);
  const reason = input.reason.trim();
  if (!reason) throw new StoreError('too_long', 'not applicable needs a reason', { max: DELIVERABLE_LIMITS.reason });
  if (reason.length > DELIVERABLE_LIMITS.reason) tooLong('reason', reason.length, DELIVERABLE_LIMITS.reason);
  return write(db, input, { state: 'not_applicable', reason }, undefined, 0, options.now ?? (() => new Date()));
}

/** Takes a mark back: the deliverable counts as missing again; what it said stays in the history. */
export async function withdrawDeliverable(db: XunjianDb, input: { entryId: string; by: string }, options: RegisterOptions = {}): Promise<DeliverableRow> {
  const by = input.by.trim();
  if (!by) throw new StoreError('too_long', 'a change needs the name of who made it', { max: BY_MAX });
  if (by.length > BY_MAX) tooLong('name', by.length, BY_MAX);
  const at = (options.now ?? (() => new Date()))().toISOString();
  try {
    return await db.transaction('rw', [db.deliverables, db.outbox], async () => {
      const entry = await db.deliverables.get(input.entryId);
      if (!entry) throw new StoreError('dlv_not_found', `no register entry ${input.entryId}`);
      const base = { id: entry.id, hospitalId: entry.hospitalId, contractId: entry.contractId, deliverableId: entry.deliverableId, windowStart: entry.windowStart, windowEnd: entry.windowEnd };
      const next = revise(entry, base, { state: 'withdrawn' }, by, at);
      if (!next) throw new StoreError('dlv_unchanged', `entry ${input.entryId} is already withdrawn`);
      await db.deliverables.put(next);
      await queueDeliverable(db, entry.id, 0, at);
      return next;
    });
  } catch (error) {
    throw asStoreError(error);
  }
}

/**
 * The bytes of an entry's attached file: its current revision's, or the given earlier revision's.
 * A produced report's PDF is read through `report.read` with its locator, not here.
 */
export async function readDeliverableFile(db: XunjianDb, entryId: string, revision?: number): Promise<Blob> {
  const entry = await db.deliverables.get(entryId);
  if (!entry) throw new StoreError('dlv_not_found', `no register entry ${entryId}`);
  const chosen = revision === undefined ? entry.current : [...entry.history, entry.current].find((r) => r.revision === revision);
  if (chosen?.value.state !== 'attached') throw new StoreError('dlv_no_file', `entry ${entryId} revision ${revision ?? entry.current.revision} holds no attached file`);
  const file = await db.deliverableFiles.get(chosen.value.sha256);
  // An entry another device attached arrives from the office without its bytes.
  if (!file) throw new StoreError('dlv_no_file', `the file of ${entryId} is not on this device`);
  return file.blob;
}

/** The same functions over one database, for createRepositories. */
export function deliverableRepository(db: XunjianDb, options: RegisterOptions = {}) {
  return {
    list: (contractId: string) => listDeliverables(db, contractId),
    get: (entryId: string) => getDeliverable(db, entryId),
    markProduced: (input: ProducedInput) => markProduced(db, input, options),
    attach: (input: AttachInput) => attachDeliverable(db, input, options),
    markNotApplicable: (input: NotApplicableInput) => markNotApplicable(db, input, options),
    withdraw: (input: { entryId: string; by: string }) => withdrawDeliverable(db, input, options),
    readFile: (entryId: string, revision?: number) => readDeliverableFile(db, entryId, revision),
  };
}
export type DeliverableRepository = ReturnType<typeof deliverableRepository>;
