/**
 * Version 7: service records (issue 11) and calendars. `serviceRecords` keeps one row per fault or
 * service request with its whole event list; the indexes answer the open-work board (`status`),
 * a hospital's records by report time (`[hospitalId+reportedAt]`) and the follow-up list
 * (`followUpDue`, 1 while a resolved record of a contract that asks for a call has none).
 * `serviceAttachments` holds photos and document files by record. `calendars` holds the Chinese
 * calendar by id, from the catalog and the office's reference data. New tables only: nothing to migrate.
 */
export const V7_STORES = {
  serviceRecords: 'id, status, [hospitalId+reportedAt], followUpDue, originAnswerId',
  serviceAttachments: 'id, recordId, sha256',
  calendars: 'id',
};
