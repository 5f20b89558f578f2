import type { OfficeStore } from '../port';
import type { PostgresPool } from './pool';
import { pending } from './pending';

export function deliverablesRepo(_db: PostgresPool): Pick<OfficeStore, 'getDeliverable' | 'putDeliverable' | 'listDeliverables'> {
  return pending(['getDeliverable', 'putDeliverable', 'listDeliverables']);
}
