/**
 * Version 5: answers keep no secondary index. Their id (`${inspectionId}|${subject}#${itemId}`)
 * already orders them by inspection and subject, so a key range reads what the `inspectionId`
 * and `[inspectionId+subject]` indexes did, and a save writes the row alone: with a million
 * answers, the index entries were a third of what each save added to the store's compaction
 * work. Dropping an index rewrites no row, so there is nothing to migrate.
 */
export const V5_STORES = {
  answers: 'id',
};
