import type { OfficeStore } from '../port';
import type { PostgresPool } from './pool';
import { pending } from './pending';

type ReferenceMethods = 'writeReference' | 'listReferenceVersions' | 'upsertReference' | 'deleteReference' | 'pullReference' | 'listReference' | 'getReference' | 'countReference';

export function referenceRepo(_db: PostgresPool, _now: () => string): Pick<OfficeStore, ReferenceMethods> {
  return pending(['writeReference', 'listReferenceVersions', 'upsertReference', 'deleteReference', 'pullReference', 'listReference', 'getReference', 'countReference']);
}
