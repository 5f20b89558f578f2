/**
 * A service record's listing row as both stores read it (PostgreSQL's columns mirror SQLite's),
 * its mapping to the port's type, and a listing's columns as both write them.
 */
import type { ServiceListing, StoredServiceRecord } from '../port';

/** The columns of `service_records`; each store adds its engineers and clocks (JSON it aggregates). */
export interface ServiceDbRow {
  id: string;
  version: number;
  hospital_id: string;
  contract_id: string;
  kind: string;
  level_id: string;
  status: string;
  reported_at: string;
  reported_day: string;
  paused_since: string | null;
  title: string;
  subject: string;
  schedule: string;
  updated_at: string;
}

/** One of `service_clocks`' rows as both stores aggregate it into JSON. */
export interface ClockCell {
  step: ServiceListing['clocks'][number]['step'];
  due: string;
  doneAt: string | null;
}

/** Engineers and clocks come parsed: SQLite's driver hands JSON over as text, pg parses it itself. */
export function toServiceRecord(r: ServiceDbRow, engineerIds: string[], clocks: ClockCell[]): StoredServiceRecord {
  return {
    id: r.id,
    version: r.version,
    hospitalId: r.hospital_id,
    contractId: r.contract_id,
    kind: r.kind as ServiceListing['kind'],
    levelId: r.level_id,
    status: r.status as ServiceListing['status'],
    reportedAt: r.reported_at,
    reportedDay: r.reported_day,
    ...(r.paused_since ? { pausedSince: r.paused_since } : {}),
    title: r.title,
    subject: JSON.parse(r.subject) as ServiceListing['subject'],
    schedule: JSON.parse(r.schedule) as ServiceListing['schedule'],
    clocks: clocks.map((c) => ({ step: c.step, due: c.due, ...(c.doneAt ? { doneAt: c.doneAt } : {}) })),
    updatedAt: r.updated_at,
    engineerIds,
  };
}

/** A listing's columns, in the order of the row above: the version it is of, and when it was written. */
export const listingValues = (id: string, version: number, listing: ServiceListing, at: string): unknown[] => [
  id,
  version,
  listing.hospitalId,
  listing.contractId,
  listing.kind,
  listing.levelId,
  listing.status,
  listing.reportedAt,
  listing.reportedDay,
  listing.pausedSince ?? null,
  listing.title,
  JSON.stringify(listing.subject),
  JSON.stringify(listing.schedule),
  at,
];
