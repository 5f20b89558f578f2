import type { OfficeStore } from '../port';
import type { PostgresPool } from './pool';
import { pending } from './pending';

export function serviceRecordsRepo(_db: PostgresPool): Pick<OfficeStore, 'getServiceRecord' | 'listServiceRecords'> {
  return pending(['getServiceRecord', 'listServiceRecords']);
}
