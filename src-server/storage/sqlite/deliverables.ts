/**
 * The deliverables register at the office (schema 5): one row per entry, the newest revision any
 * device pushed, replaced in one transaction with its audit entry when a newer one is accepted.
 */
import type { Database } from 'better-sqlite3';
import type { DeliverableFilter, OfficeStore, StoredDeliverable } from '../port';
import { deliverableValues, toDeliverable, type DeliverableDbRow } from '../rows/deliverables';
import { writeAudit } from './audit';

export function deliverablesRepo(db: Database): Pick<OfficeStore, 'getDeliverable' | 'putDeliverable' | 'listDeliverables'> {
  const get = (id: string): StoredDeliverable | undefined => {
    const row = db.prepare('SELECT * FROM deliverables WHERE id = ?').get(id) as DeliverableDbRow | undefined;
    return row && toDeliverable(row);
  };
  const put = db.transaction((d: StoredDeliverable, replaces: string | null, audit: Parameters<OfficeStore['putDeliverable']>[2]) => {
    const existing = get(d.id);
    if ((existing?.hash ?? null) !== replaces) return { inserted: false as const, existing };
    db.prepare(
      `INSERT INTO deliverables (id, hospital_id, contract_id, deliverable_id, window_start, window_end, revision, state, hash, entry, engineer_id, device_id, received_at, receipt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET hospital_id = excluded.hospital_id, contract_id = excluded.contract_id, deliverable_id = excluded.deliverable_id,
         window_start = excluded.window_start, window_end = excluded.window_end, revision = excluded.revision, state = excluded.state, hash = excluded.hash,
         entry = excluded.entry, engineer_id = excluded.engineer_id, device_id = excluded.device_id, received_at = excluded.received_at, receipt = excluded.receipt`,
    ).run(...deliverableValues(d));
    writeAudit(db, audit, d.receivedAt);
    return { inserted: true as const };
  });
  return {
    async getDeliverable(id) {
      return get(id);
    },
    async putDeliverable(entry, replaces, audit) {
      return put(entry, replaces, audit);
    },
    async listDeliverables(f: DeliverableFilter) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (f.scope) {
        where.push('hospital_id IN (SELECT value FROM json_each(?))');
        args.push(JSON.stringify(f.scope));
      }
      if (f.hospitalId) {
        where.push('hospital_id = ?');
        args.push(f.hospitalId);
      }
      if (f.contractId) {
        where.push('contract_id = ?');
        args.push(f.contractId);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const rows = db.prepare(`SELECT * FROM deliverables ${clause} ORDER BY hospital_id, contract_id, window_start, deliverable_id`).all(...args) as DeliverableDbRow[];
      return rows.map(toDeliverable);
    },
  };
}
