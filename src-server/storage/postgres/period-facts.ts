import type { OfficeStore } from '../port';
import type { PostgresPool } from './pool';
import { pending } from './pending';

type PeriodMethods = 'putPeriodFacts' | 'periodFactsToDerive' | 'listPeriodInspections' | 'listPeriodServices' | 'listPeriodEngineers';

export function periodFactsRepo(_db: PostgresPool): Pick<OfficeStore, PeriodMethods> {
  return pending(['putPeriodFacts', 'periodFactsToDerive', 'listPeriodInspections', 'listPeriodServices', 'listPeriodEngineers']);
}
