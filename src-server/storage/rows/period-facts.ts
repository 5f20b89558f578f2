/**
 * The dashboard's rows as both stores read them (PostgreSQL's columns mirror SQLite's), and their
 * mapping to the port's types.
 */
import type { PeriodInspection } from '../../../src-shared/period/types';
import type { PeriodInspectionFact, PeriodServiceFact } from '../port';

export interface InspectionFactDbRow {
  report_id: string;
  record_hash: string;
  hospital_id: string;
  contract_id: string;
  engineer: string;
  day: string;
  derived_with: number;
  data: string;
}

export const toInspectionFact = (r: InspectionFactDbRow): PeriodInspectionFact => ({
  reportId: r.report_id,
  recordHash: r.record_hash,
  hospitalId: r.hospital_id,
  contractId: r.contract_id,
  engineer: r.engineer,
  day: r.day,
  derivedWith: r.derived_with,
  inspection: JSON.parse(r.data) as PeriodInspection,
});

/** A row of `period_services` joined with its version's body. */
export interface ServiceFactDbRow {
  record_id: string;
  version: number;
  hospital_id: string;
  contract_id: string;
  engineer: string;
  day: string;
  derived_with: number;
  body: string;
}

export const toServiceFact = (r: ServiceFactDbRow): PeriodServiceFact & { body: Record<string, unknown> } => ({
  recordId: r.record_id,
  version: r.version,
  hospitalId: r.hospital_id,
  contractId: r.contract_id,
  engineer: r.engineer,
  day: r.day,
  derivedWith: r.derived_with,
  body: JSON.parse(r.body) as Record<string, unknown>,
});
