import type { OfficeStore } from '../port';
import type { PostgresPool } from './pool';
import { pending } from './pending';

export function codeFormsRepo(_db: PostgresPool): Pick<OfficeStore, 'openCodeForm' | 'claimCodeForm' | 'releaseCodeForm' | 'recordCodeForm' | 'hitRateLimit'> {
  return pending(['openCodeForm', 'claimCodeForm', 'releaseCodeForm', 'recordCodeForm', 'hitRateLimit']);
}
