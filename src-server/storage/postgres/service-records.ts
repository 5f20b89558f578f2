/**
 * Service records' listing rows and clock due times, one row per record for its current version;
 * replaced with each version in the same transaction as the version (records.ts insertFaultVersion,
 * which holds the record's lock, so two instances never interleave these writes).
 */
import type { OfficeStore, ServiceListing, ServiceRecordFilter, StoredServiceRecord } from '../port';
import { listingValues, toServiceRecord, type ClockCell, type ServiceDbRow } from '../rows/service-records';
import type { PostgresPool, Sql } from './pool';

/** The listing row with its engineers and clocks (json columns: pg parses them). */
interface ServiceJsonDbRow extends ServiceDbRow {
  engineers: string[];
  clocks: ClockCell[];
}

/**
 * Engineers from the version rows, clocks from their table: one row per record, no second query.
 * Clocks by step, engineers by id: the order SQLite gives (its primary-key index, its DISTINCT).
 */
const SELECT = `SELECT r.*,
  (SELECT COALESCE(json_agg(DISTINCT v.engineer_id ORDER BY v.engineer_id), '[]') FROM fault_versions v WHERE v.id = r.id) AS engineers,
  (SELECT COALESCE(json_agg(json_build_object('step', c.step, 'due', c.due, 'doneAt', c.done_at) ORDER BY c.step), '[]') FROM service_clocks c WHERE c.record_id = r.id) AS clocks
  FROM service_records r`;

const recordOf = (r: ServiceJsonDbRow): StoredServiceRecord => toServiceRecord(r, r.engineers, r.clocks);

/** Inside the version's transaction: the listing row and clocks now say what this version says. */
export async function writeServiceListing(sql: Sql, id: string, version: number, listing: ServiceListing, at: string): Promise<void> {
  await sql.query(
    `INSERT INTO service_records (id, version, hospital_id, contract_id, kind, level_id, status, reported_at, reported_day, paused_since, title, subject, schedule, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (id) DO UPDATE SET version = excluded.version, hospital_id = excluded.hospital_id, contract_id = excluded.contract_id,
       kind = excluded.kind, level_id = excluded.level_id, status = excluded.status, reported_at = excluded.reported_at,
       reported_day = excluded.reported_day, paused_since = excluded.paused_since, title = excluded.title, subject = excluded.subject,
       schedule = excluded.schedule, updated_at = excluded.updated_at`,
    listingValues(id, version, listing, at),
  );
  await sql.query('DELETE FROM service_clocks WHERE record_id = $1', [id]);
  if (!listing.clocks.length) return;
  await sql.query(
    'INSERT INTO service_clocks (record_id, step, due, done_at) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])',
    [id, listing.clocks.map((c) => c.step), listing.clocks.map((c) => c.due), listing.clocks.map((c) => c.doneAt ?? null)],
  );
}

export function serviceRecordsRepo(db: PostgresPool): Pick<OfficeStore, 'getServiceRecord' | 'listServiceRecords'> {
  return {
    async getServiceRecord(id) {
      const [row] = await db.query<ServiceJsonDbRow>(`${SELECT} WHERE r.id = $1`, [id]);
      return row && recordOf(row);
    },
    async listServiceRecords(f: ServiceRecordFilter) {
      const where: string[] = [];
      const args: unknown[] = [];
      /** Adds a clause whose `$` marks the parameter's place (one value, used as often as the clause needs it). */
      const add = (clause: (n: string) => string, value: unknown): void => {
        args.push(value);
        where.push(clause(`$${args.length}`));
      };
      if (f.scope) add((n) => `r.hospital_id = ANY(${n}::text[])`, f.scope);
      if (f.hospitalId) add((n) => `r.hospital_id = ${n}`, f.hospitalId);
      if (f.status) add((n) => `r.status = ${n}`, f.status);
      if (f.levelId) add((n) => `r.level_id = ${n}`, f.levelId);
      if (f.from) add((n) => `r.reported_day >= ${n}`, f.from);
      if (f.to) add((n) => `r.reported_day <= ${n}`, f.to);
      if (f.engineerId) add((n) => `EXISTS (SELECT 1 FROM fault_versions v WHERE v.id = r.id AND v.engineer_id = ${n})`, f.engineerId);
      // clockStatus's "breached": not met and past due; a clock paused before its due time is not.
      if (f.breachedAt) {
        add((n) => `EXISTS (SELECT 1 FROM service_clocks c WHERE c.record_id = r.id AND c.done_at IS NULL AND c.due < LEAST(${n}::text, COALESCE(r.paused_since, ${n}::text)))`, f.breachedAt);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const [count] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM service_records r ${clause}`, args);
      const found = await db.query<ServiceJsonDbRow>(
        `${SELECT} ${clause} ORDER BY r.reported_at DESC, r.id LIMIT $${args.length + 1} OFFSET $${args.length + 2}`,
        [...args, f.limit, f.offset],
      );
      return { total: count?.n ?? 0, records: found.map(recordOf) };
    },
  };
}
