/**
 * Rows of accepted reports and fault record versions as both stores read them (PostgreSQL's
 * columns mirror SQLite's), their mapping to the port's types, and their columns as both write them.
 */
import type { Receipt } from '../../../src-shared/sync/receipt';
import type { NewReport, StoredFault, StoredReport } from '../port';

/** Every column of `reports` but the record, which only getReportRecord reads: it can be megabytes. */
export interface ReportDbRow {
  id: string;
  hash: string;
  report_number: string;
  hospital_id: string;
  contract_id: string;
  engineer_id: string;
  device_id: string;
  completed_at: string;
  signed_at: string;
  received_at: string;
  signatures: string;
  pdf_sha256: string;
  pdf_size: number;
  signer: string;
  receipt: string;
}

/**
 * Subjects and blobs live in their own tables; each store reads them its own way (SQLite per
 * report, PostgreSQL in the report's own statement, so in one snapshot).
 */
export function toReport(r: ReportDbRow, subjects: StoredReport['subjects'], blobs: StoredReport['blobs']): StoredReport {
  return {
    id: r.id,
    hash: r.hash,
    reportNumber: r.report_number,
    hospitalId: r.hospital_id,
    contractId: r.contract_id,
    engineerId: r.engineer_id,
    deviceId: r.device_id,
    completedAt: r.completed_at,
    signedAt: r.signed_at,
    receivedAt: r.received_at,
    subjects,
    signatures: JSON.parse(r.signatures) as StoredReport['signatures'],
    pdf: { sha256: r.pdf_sha256, size: r.pdf_size },
    blobs,
    signer: JSON.parse(r.signer) as StoredReport['signer'],
    receipt: JSON.parse(r.receipt) as Receipt,
  };
}

/** A new report's columns in the order both stores insert them: the row above, with the record after received_at. */
export const reportValues = (r: NewReport): unknown[] => [
  r.id,
  r.hash,
  r.reportNumber,
  r.hospitalId,
  r.contractId,
  r.engineerId,
  r.deviceId,
  r.completedAt,
  r.signedAt,
  r.receivedAt,
  r.recordJson,
  JSON.stringify(r.signatures),
  r.pdf.sha256,
  r.pdf.size,
  JSON.stringify(r.signer),
  JSON.stringify(r.receipt),
];

export interface FaultDbRow {
  id: string;
  version: number;
  hospital_id: string;
  hash: string;
  body: string;
  engineer_id: string;
  device_id: string;
  received_at: string;
  receipt: string;
}

export function toFault(r: FaultDbRow): StoredFault {
  return {
    id: r.id,
    version: r.version,
    hospitalId: r.hospital_id,
    hash: r.hash,
    body: JSON.parse(r.body) as Record<string, unknown>,
    engineerId: r.engineer_id,
    deviceId: r.device_id,
    receivedAt: r.received_at,
    receipt: JSON.parse(r.receipt) as Receipt,
  };
}

/** A fault record version's columns in the order of the row above. */
export const faultValues = (f: StoredFault): unknown[] => [
  f.id,
  f.version,
  f.hospitalId,
  f.hash,
  JSON.stringify(f.body),
  f.engineerId,
  f.deviceId,
  f.receivedAt,
  JSON.stringify(f.receipt),
];
