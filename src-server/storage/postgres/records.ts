import type { OfficeStore } from '../port';
import type { PostgresPool } from './pool';
import { pending } from './pending';

type RecordMethods = 'getReport' | 'getReportRecord' | 'findReportByNumber' | 'insertReport' | 'addReportScans' | 'listReports' | 'getFaultVersion' | 'getCurrentFault' | 'insertFaultVersion' | 'listFaultVersions';

export function recordsRepo(_db: PostgresPool): Pick<OfficeStore, RecordMethods> {
  return pending(['getReport', 'getReportRecord', 'findReportByNumber', 'insertReport', 'addReportScans', 'listReports', 'getFaultVersion', 'getCurrentFault', 'insertFaultVersion', 'listFaultVersions']);
}
