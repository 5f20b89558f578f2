/**
 * The dashboard's rows: per accepted report, its PeriodInspection as JSON; per service record, the
 * window day and engineer of its current version. Written after each accepted push and by the fill
 * at start (dashboard/facts.ts), by any instance; read by window and contract, never by blob.
 */
import type { OfficeStore, PeriodFactFilter, PeriodServiceFact } from '../port';
import { toInspectionFact, toServiceFact, type InspectionFactDbRow, type ServiceFactDbRow } from '../rows/period-facts';
import type { PostgresPool } from './pool';

type PeriodFactsRepo = Pick<OfficeStore, 'putPeriodFacts' | 'periodFactsToDerive' | 'listPeriodInspections' | 'listPeriodServices' | 'listPeriodEngineers'>;

/** `contract_id = ANY($1) AND day BETWEEN $2 AND $3 [AND engineer = $4]` with its parameters. */
function where(alias: string, filter: PeriodFactFilter): { sql: string; params: unknown[] } {
  const sql = `${alias}.contract_id = ANY($1::text[]) AND ${alias}.day BETWEEN $2 AND $3${filter.engineer !== undefined ? ` AND ${alias}.engineer = $4` : ''}`;
  return { sql, params: [filter.contractIds, filter.from, filter.to, ...(filter.engineer !== undefined ? [filter.engineer] : [])] };
}

/** Whether `next` would replace `stored` (as the upsert's WHERE decides): a newer version, or the same one derived at least as recently. */
const supersedes = (next: PeriodServiceFact, stored: PeriodServiceFact): boolean =>
  next.version > stored.version || (next.version === stored.version && next.derivedWith >= stored.derivedWith);

/**
 * One row per key, as applying the list in order would leave it (one multi-row upsert may not touch
 * a row twice), sorted by key so two writers lock shared rows in the same order and never deadlock.
 */
function lastPerKey<T>(list: T[], key: (item: T) => string, replaces: (next: T, stored: T) => boolean): T[] {
  const kept = new Map<string, T>();
  for (const item of list) {
    const stored = kept.get(key(item));
    if (!stored || replaces(item, stored)) kept.set(key(item), item);
  }
  return [...kept.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
}

export function periodFactsRepo(db: PostgresPool): PeriodFactsRepo {
  return {
    async putPeriodFacts(facts) {
      const inspections = lastPerKey(facts.inspections, (f) => f.reportId, () => true);
      const services = lastPerKey(facts.services, (f) => f.recordId, supersedes);
      if (inspections.length === 0 && services.length === 0) return;
      await db.transaction(async (sql) => {
        if (inspections.length > 0) {
          await sql.query(
            `INSERT INTO period_inspections (report_id, record_hash, hospital_id, contract_id, engineer, day, derived_with, data)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[])
             ON CONFLICT (report_id) DO UPDATE SET record_hash = excluded.record_hash, hospital_id = excluded.hospital_id, contract_id = excluded.contract_id,
               engineer = excluded.engineer, day = excluded.day, derived_with = excluded.derived_with, data = excluded.data`,
            [
              inspections.map((f) => f.reportId),
              inspections.map((f) => f.recordHash),
              inspections.map((f) => f.hospitalId),
              inspections.map((f) => f.contractId),
              inspections.map((f) => f.engineer),
              inspections.map((f) => f.day),
              inspections.map((f) => f.derivedWith),
              inspections.map((f) => JSON.stringify(f.inspection)),
            ],
          );
        }
        if (services.length > 0) {
          // A slower writer must not put back an older version's row over a newer one: the WHERE is
          // checked against the stored row, the newest committed one if another writer got there first.
          await sql.query(
            `INSERT INTO period_services (record_id, version, hospital_id, contract_id, engineer, day, derived_with)
             SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
             ON CONFLICT (record_id) DO UPDATE SET version = excluded.version, hospital_id = excluded.hospital_id, contract_id = excluded.contract_id,
               engineer = excluded.engineer, day = excluded.day, derived_with = excluded.derived_with
             WHERE excluded.version > period_services.version OR (excluded.version = period_services.version AND excluded.derived_with >= period_services.derived_with)`,
            [
              services.map((f) => f.recordId),
              services.map((f) => f.version),
              services.map((f) => f.hospitalId),
              services.map((f) => f.contractId),
              services.map((f) => f.engineer),
              services.map((f) => f.day),
              services.map((f) => f.derivedWith),
            ],
          );
        }
      });
    },
    async periodFactsToDerive(derivedWith, limit) {
      const reports = await db.query<{ id: string; hash: string }>(
        `SELECT r.id, r.hash FROM reports r LEFT JOIN period_inspections p ON p.report_id = r.id
         WHERE p.report_id IS NULL OR p.record_hash <> r.hash OR p.derived_with < $1 LIMIT $2`,
        [derivedWith, limit],
      );
      const services = await db.query<{ id: string; version: number }>(
        `SELECT s.id, s.version FROM service_records s LEFT JOIN period_services p ON p.record_id = s.id
         WHERE p.record_id IS NULL OR p.version < s.version OR p.derived_with < $1 LIMIT $2`,
        [derivedWith, limit],
      );
      return { reports, services };
    },
    async listPeriodInspections(filter) {
      if (!filter.contractIds.length) return [];
      const w = where('p', filter);
      const found = await db.query<InspectionFactDbRow>(`SELECT p.* FROM period_inspections p WHERE ${w.sql} ORDER BY p.day, p.report_id`, w.params);
      return found.map(toInspectionFact);
    },
    async listPeriodServices(filter) {
      if (!filter.contractIds.length) return [];
      const w = where('p', filter);
      // Joined on the version: a row behind its record's current version is left out until the fill catches it up.
      const found = await db.query<ServiceFactDbRow>(
        `SELECT p.*, v.body FROM period_services p JOIN service_records s ON s.id = p.record_id AND s.version = p.version
         JOIN fault_versions v ON v.id = p.record_id AND v.version = p.version WHERE ${w.sql} ORDER BY p.day, p.record_id`,
        w.params,
      );
      return found.map(toServiceFact);
    },
    async listPeriodEngineers(scope) {
      const found = scope
        ? await db.query<{ engineer: string }>(
            `SELECT engineer FROM period_inspections WHERE hospital_id = ANY($1::text[])
             UNION SELECT engineer FROM period_services WHERE hospital_id = ANY($1::text[]) ORDER BY engineer`,
            [scope],
          )
        : await db.query<{ engineer: string }>('SELECT engineer FROM period_inspections UNION SELECT engineer FROM period_services ORDER BY engineer');
      return found.map((r) => r.engineer);
    },
  };
}
