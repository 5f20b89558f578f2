/** Why the store refused a write. The UI turns the code into a sentence in the user's language. */
export type StoreErrorCode =
  | 'not_found'
  | 'not_draft'
  | 'quota'
  | 'invalid'
  /** Signed inspections are locked: any change would break the signatures. */
  | 'signed'
  | 'not_completed'
  | 'signature_missing'
  | 'signature_empty'
  /** The record changed between showing its hash to the signers and storing their signatures. */
  | 'content_changed'
  /** The verdicts do not fit the contract's scheme (evaluation.signOff): one missing, on another scale, from a role that gives none. */
  | 'verdicts_invalid'
  /** A text longer than its field holds (domain/limits.ts); params: max. */
  | 'too_long'
  /** More photos than an item or an inspection holds; params: max. */
  | 'too_many_photos'
  /** The rest of the inspection's photo limit is kept for photo items not yet taken; params: max, reserved. */
  | 'photos_reserved'
  | 'too_many_scans'
  /** An inspection with more items or units than one report holds; params: steps, subjects. */
  | 'too_large'
  /** A system or unit chosen for an inspection is not under its contract at its hospital. */
  | 'not_in_contract'
  /** An inspection mode (on site / remote) the contract's cadence does not allow (issue 12). */
  | 'mode_not_allowed'
  /** Service records (issue 11; repositories/service-records.ts). The contract's rules refused an event: see ServiceRuleError.problems. */
  | 'svc_rule'
  | 'svc_not_found'
  /** An event or record the shared schema refuses (a caller's mistake); params: detail. */
  | 'svc_invalid'
  /** A service record holds at most so many events / photos (SERVICE_LIMITS); params: max. */
  | 'svc_too_many_events'
  | 'svc_too_many_photos'
  /** The record would be heavier than the office takes in one push (service-writes.ts MAX_RECORD_BYTES); params: max (MB). */
  | 'svc_too_heavy'
  /** A service record is made only from a failed item (a finding). */
  | 'svc_not_finding'
  /** A finding of a service-quality item (issue 12) is judged, not filed: it has no fault level and makes no fault record. */
  | 'svc_service_quality'
  /** A file whose bytes are not the kind its type says (a text file named .pdf); params: detail (the type). */
  | 'svc_not_that_file'
  /** The deliverables register (issue 12; repositories/deliverables.ts). The contract lists no such deliverable; params: deliverable. */
  | 'dlv_unknown'
  /** A window that is not inside the contract's period; params: start, end. */
  | 'dlv_outside_period'
  /** A file of a kind the register does not take (by its name); params: name. */
  | 'dlv_unsupported_type'
  /** A file whose bytes are not what its name says; params: detail (the type claimed). */
  | 'dlv_not_that_file'
  | 'dlv_empty_file'
  /** params: max (MB). */
  | 'dlv_file_too_large'
  | 'dlv_not_found'
  /** The entry holds no file of this device's (not attached, or attached on another device). */
  | 'dlv_no_file'
  /** An entry keeps at most DELIVERABLE_LIMITS.history earlier revisions; params: max. */
  | 'dlv_too_many_revisions'
  /** A change that is no change (withdrawing what is already withdrawn). */
  | 'dlv_unchanged';

/** Values the message for a code is filled with, e.g. the limit that was passed. */
export type StoreErrorParams = Record<string, string | number>;

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly params: StoreErrorParams = {},
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** IndexedDB reports a full disk as QuotaExceededError; make it one of ours so it can be shown. */
export function asStoreError(error: unknown): unknown {
  const name = (error as { name?: string; inner?: { name?: string } }).name;
  const inner = (error as { inner?: { name?: string } }).inner?.name;
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') return new StoreError('quota', 'storage is full');
  return error;
}
