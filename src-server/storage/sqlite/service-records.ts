/**
 * Service records' listing rows and clock due times (schema 4), one row per record for its current
 * version; replaced with each version in the same transaction as the version (records.ts).
 */
import type { Database } from 'better-sqlite3';
import type { OfficeStore, ServiceListing, ServiceRecordFilter, StoredServiceRecord } from '../port';
import { listingValues, toServiceRecord, type ClockCell, type ServiceDbRow } from '../rows/service-records';

/** The listing row with its engineers and clocks as JSON text. */
interface ServiceJsonDbRow extends ServiceDbRow {
  engineers: string;
  clocks: string;
}

/** Engineers from the version rows, clocks from their table: one row per record, no second query. */
const SELECT = `SELECT r.*,
  (SELECT json_group_array(engineer_id) FROM (SELECT DISTINCT engineer_id FROM fault_versions v WHERE v.id = r.id ORDER BY engineer_id)) AS engineers,
  (SELECT json_group_array(json_object('step', step, 'due', due, 'doneAt', done_at)) FROM service_clocks c WHERE c.record_id = r.id) AS clocks
  FROM service_records r`;

const recordOf = (r: ServiceJsonDbRow): StoredServiceRecord => toServiceRecord(r, JSON.parse(r.engineers) as string[], JSON.parse(r.clocks) as ClockCell[]);

/** Inside the version's transaction: the listing row and clocks now say what this version says. */
export function writeServiceListing(db: Database, id: string, version: number, listing: ServiceListing, at: string): void {
  db.prepare(
    `INSERT INTO service_records (id, version, hospital_id, contract_id, kind, level_id, status, reported_at, reported_day, paused_since, title, subject, schedule, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET version = excluded.version, hospital_id = excluded.hospital_id, contract_id = excluded.contract_id,
       kind = excluded.kind, level_id = excluded.level_id, status = excluded.status, reported_at = excluded.reported_at,
       reported_day = excluded.reported_day, paused_since = excluded.paused_since, title = excluded.title, subject = excluded.subject,
       schedule = excluded.schedule, updated_at = excluded.updated_at`,
  ).run(...listingValues(id, version, listing, at));
  db.prepare('DELETE FROM service_clocks WHERE record_id = ?').run(id);
  const clock = db.prepare('INSERT INTO service_clocks (record_id, step, due, done_at) VALUES (?, ?, ?, ?)');
  for (const c of listing.clocks) clock.run(id, c.step, c.due, c.doneAt ?? null);
}

export function serviceRecordsRepo(db: Database): Pick<OfficeStore, 'getServiceRecord' | 'listServiceRecords'> {
  return {
    async getServiceRecord(id) {
      const row = db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as ServiceJsonDbRow | undefined;
      return row && recordOf(row);
    },
    async listServiceRecords(f: ServiceRecordFilter) {
      const where: string[] = [];
      const args: unknown[] = [];
      const add = (clause: string, ...values: unknown[]) => {
        where.push(clause);
        args.push(...values);
      };
      if (f.scope) add('r.hospital_id IN (SELECT value FROM json_each(?))', JSON.stringify(f.scope));
      if (f.hospitalId) add('r.hospital_id = ?', f.hospitalId);
      if (f.status) add('r.status = ?', f.status);
      if (f.levelId) add('r.level_id = ?', f.levelId);
      if (f.from) add('r.reported_day >= ?', f.from);
      if (f.to) add('r.reported_day <= ?', f.to);
      if (f.engineerId) add('EXISTS (SELECT 1 FROM fault_versions v WHERE v.id = r.id AND v.engineer_id = ?)', f.engineerId);
      // clockStatus's "breached": not met and past due; a clock paused before its due time is not.
      if (f.breachedAt) {
        add('EXISTS (SELECT 1 FROM service_clocks c WHERE c.record_id = r.id AND c.done_at IS NULL AND c.due < MIN(?, COALESCE(r.paused_since, ?)))', f.breachedAt, f.breachedAt);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM service_records r ${clause}`).get(...args) as { n: number }).n;
      const rows = db.prepare(`${SELECT} ${clause} ORDER BY r.reported_at DESC, r.id LIMIT ? OFFSET ?`).all(...args, f.limit, f.offset) as ServiceJsonDbRow[];
      return { total, records: rows.map(recordOf) };
    },
  };
}
