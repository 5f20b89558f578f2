/**
 * The dashboard's rows (schema 6): per accepted report, its PeriodInspection as JSON; per service
 * record, the window day and engineer of its current version. Written after each accepted push and
 * by the fill at start (dashboard/facts.ts); read by window and contract, never by blob.
 */
import type { Database } from 'better-sqlite3';
import type { OfficeStore, PeriodFactFilter, PeriodInspectionFact, PeriodServiceFact } from '../port';
import { toInspectionFact, toServiceFact, type InspectionFactDbRow, type ServiceFactDbRow } from '../rows/period-facts';

type PeriodFactsRepo = Pick<
  OfficeStore,
  'putPeriodFacts' | 'periodFactsToDerive' | 'listPeriodInspections' | 'listPeriodServices' | 'listPeriodEngineers'
>;

/** `contract_id IN (?, ?, …) AND day BETWEEN ? AND ? [AND engineer = ?]` with its parameters. */
function where(alias: string, filter: PeriodFactFilter): { sql: string; params: string[] } {
  const marks = filter.contractIds.map(() => '?').join(', ');
  const sql = `${alias}.contract_id IN (${marks}) AND ${alias}.day BETWEEN ? AND ?${filter.engineer !== undefined ? ` AND ${alias}.engineer = ?` : ''}`;
  return { sql, params: [...filter.contractIds, filter.from, filter.to, ...(filter.engineer !== undefined ? [filter.engineer] : [])] };
}

export function periodFactsRepo(db: Database): PeriodFactsRepo {
  const putInspection = db.prepare(`INSERT INTO period_inspections (report_id, record_hash, hospital_id, contract_id, engineer, day, derived_with, data)
    VALUES (@reportId, @recordHash, @hospitalId, @contractId, @engineer, @day, @derivedWith, @data)
    ON CONFLICT (report_id) DO UPDATE SET record_hash = excluded.record_hash, hospital_id = excluded.hospital_id, contract_id = excluded.contract_id,
      engineer = excluded.engineer, day = excluded.day, derived_with = excluded.derived_with, data = excluded.data`);
  // A slower writer must not put back an older version's row over a newer one.
  const putService = db.prepare(`INSERT INTO period_services (record_id, version, hospital_id, contract_id, engineer, day, derived_with)
    VALUES (@recordId, @version, @hospitalId, @contractId, @engineer, @day, @derivedWith)
    ON CONFLICT (record_id) DO UPDATE SET version = excluded.version, hospital_id = excluded.hospital_id, contract_id = excluded.contract_id,
      engineer = excluded.engineer, day = excluded.day, derived_with = excluded.derived_with
    WHERE excluded.version > period_services.version OR (excluded.version = period_services.version AND excluded.derived_with >= period_services.derived_with)`);
  const reportsToDerive = db.prepare(`SELECT r.id, r.hash FROM reports r LEFT JOIN period_inspections p ON p.report_id = r.id
    WHERE p.report_id IS NULL OR p.record_hash <> r.hash OR p.derived_with < ? LIMIT ?`);
  const servicesToDerive = db.prepare(`SELECT s.id, s.version FROM service_records s LEFT JOIN period_services p ON p.record_id = s.id
    WHERE p.record_id IS NULL OR p.version < s.version OR p.derived_with < ? LIMIT ?`);
  const write = db.transaction((facts: { inspections: PeriodInspectionFact[]; services: PeriodServiceFact[] }) => {
    for (const f of facts.inspections) {
      const { inspection, ...row } = f;
      putInspection.run({ ...row, data: JSON.stringify(inspection) });
    }
    for (const f of facts.services) putService.run(f);
  });
  const engineers = db.prepare(`SELECT engineer FROM period_inspections UNION SELECT engineer FROM period_services ORDER BY engineer`);
  const scopedEngineers = db.prepare(`SELECT engineer FROM period_inspections WHERE hospital_id IN (SELECT value FROM json_each(?))
    UNION SELECT engineer FROM period_services WHERE hospital_id IN (SELECT value FROM json_each(?)) ORDER BY engineer`);

  return {
    async putPeriodFacts(facts) {
      write(facts);
    },
    async periodFactsToDerive(derivedWith, limit) {
      return {
        reports: reportsToDerive.all(derivedWith, limit) as { id: string; hash: string }[],
        services: servicesToDerive.all(derivedWith, limit) as { id: string; version: number }[],
      };
    },
    async listPeriodInspections(filter) {
      if (!filter.contractIds.length) return [];
      const w = where('p', filter);
      const rows = db.prepare(`SELECT p.* FROM period_inspections p WHERE ${w.sql} ORDER BY p.day, p.report_id`).all(...w.params) as InspectionFactDbRow[];
      return rows.map(toInspectionFact);
    },
    async listPeriodServices(filter) {
      if (!filter.contractIds.length) return [];
      const w = where('p', filter);
      // Joined on the version: a row behind its record's current version is left out until the fill catches it up.
      const rows = db
        .prepare(`SELECT p.*, v.body FROM period_services p JOIN service_records s ON s.id = p.record_id AND s.version = p.version
          JOIN fault_versions v ON v.id = p.record_id AND v.version = p.version WHERE ${w.sql} ORDER BY p.day, p.record_id`)
        .all(...w.params) as ServiceFactDbRow[];
      return rows.map(toServiceFact);
    },
    async listPeriodEngineers(scope) {
      const rows = scope ? scopedEngineers.all(JSON.stringify(scope), JSON.stringify(scope)) : engineers.all();
      return (rows as { engineer: string }[]).map((r) => r.engineer);
    },
  };
}
