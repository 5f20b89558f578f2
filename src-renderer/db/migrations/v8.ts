/**
 * Version 8: the deliverables register (issue 12 point 2). `deliverables` keeps one row per
 * contract, deliverable and window (src-shared/period/deliverable.ts DeliverableEntry, with its
 * revisions), written on every mark, attach or withdrawal; `[contractId+windowStart]` lists a
 * contract's register in window order. `deliverableFiles` holds attached files' bytes by their
 * SHA-256 (one copy however many entries or revisions name it; never deleted, since a replaced
 * file stays in the entry's history). New tables only: nothing to migrate.
 */
export const V8_STORES = {
  deliverables: 'id, [contractId+windowStart], hospitalId',
  deliverableFiles: 'sha256',
};
