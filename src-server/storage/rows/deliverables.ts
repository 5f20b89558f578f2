/**
 * The deliverables register's row as both stores read it (PostgreSQL's columns mirror SQLite's),
 * its mapping to the port's type, and an entry's columns as both write them.
 */
import type { DeliverableEntry } from '../../../src-shared/period/deliverable';
import type { Receipt } from '../../../src-shared/sync/receipt';
import type { StoredDeliverable } from '../port';

export interface DeliverableDbRow {
  id: string;
  hospital_id: string;
  contract_id: string;
  deliverable_id: string;
  window_start: string;
  window_end: string;
  revision: number;
  state: string;
  hash: string;
  entry: string;
  engineer_id: string;
  device_id: string;
  received_at: string;
  receipt: string;
}

export function toDeliverable(r: DeliverableDbRow): StoredDeliverable {
  return {
    id: r.id,
    hospitalId: r.hospital_id,
    contractId: r.contract_id,
    deliverableId: r.deliverable_id,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    revision: r.revision,
    state: r.state as StoredDeliverable['state'],
    hash: r.hash,
    entry: JSON.parse(r.entry) as DeliverableEntry,
    engineerId: r.engineer_id,
    deviceId: r.device_id,
    receivedAt: r.received_at,
    receipt: JSON.parse(r.receipt) as Receipt,
  };
}

/** An entry's columns, id first, in the order of the row above. */
export const deliverableValues = (d: StoredDeliverable): unknown[] => [
  d.id,
  d.hospitalId,
  d.contractId,
  d.deliverableId,
  d.windowStart,
  d.windowEnd,
  d.revision,
  d.state,
  d.hash,
  JSON.stringify(d.entry),
  d.engineerId,
  d.deviceId,
  d.receivedAt,
  JSON.stringify(d.receipt),
];
