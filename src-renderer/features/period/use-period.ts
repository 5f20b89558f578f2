/**
 * Everything a contract's period screens compute from: the contract, its hospital, units and
 * calendar, its inspections and service records over the whole contract period (read bounded by
 * the period, db/repositories/period-inputs.ts) and its deliverables register. Live: a mark in the
 * register or a new inspection shows at once.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { WindowUnit } from '../../../src-shared/catalog/period-schema';
import type { Contract, Hospital } from '../../../src-shared/catalog/reference';
import type { LocalizedText } from '../../../src-shared/catalog/schema';
import type { DeliverableEntry } from '../../../src-shared/period/deliverable';
import type { PeriodInspection } from '../../../src-shared/period/types';
import type { ServiceRecord } from '../../../src-shared/service/record';
import type { CalendarData } from '../../../src-shared/sla/types';
import { repositories } from '../../db';
import type { AssetRow } from '../../db/rows';

export interface PeriodData {
  contract: Contract;
  hospital: Hospital;
  assets: AssetRow[];
  calendar: CalendarData | undefined;
  /** Hardware templates' names, for the plan's hardware groups. */
  templateNames: Map<string, LocalizedText>;
  inspections: PeriodInspection[];
  services: ServiceRecord[];
  deliverables: DeliverableEntry[];
}

export type PeriodLoad = { state: 'loading' } | { state: 'missing' } | ({ state: 'ready' } & PeriodData);

export async function loadPeriodData(hospitalId: string, contractId: string): Promise<PeriodLoad> {
  const repos = repositories();
  const contract = await repos.reference.getContract(contractId);
  const hospital = await repos.reference.getHospital(hospitalId);
  if (!contract || !hospital || contract.hospitalId !== hospitalId) return { state: 'missing' };
  const [assets, templates, calendar, inputs, deliverables] = await Promise.all([
    repos.reference.listAssets(contract.id),
    repos.reference.latestTemplates(contract.hardwareTemplateIds),
    repos.reference.calendar(contract.calendar),
    repos.periodInputs.read(contract, contract.period),
    repos.deliverables.list(contract.id),
  ]);
  const templateNames = new Map([...templates].map(([id, t]) => [id, t.name]));
  return { state: 'ready', contract, hospital, assets, templateNames, calendar, ...inputs, deliverables };
}

export function usePeriodData(hospitalId: string, contractId: string): PeriodLoad {
  return useLiveQuery(() => loadPeriodData(hospitalId, contractId), [hospitalId, contractId]) ?? { state: 'loading' };
}

/** The window units this contract uses (its cadence, its deliverables, its evaluation), in size order. */
export function unitsOf(contract: Contract): WindowUnit[] {
  const used = new Set<WindowUnit>();
  if (contract.inspection.cadence) used.add(contract.inspection.cadence.every);
  for (const d of contract.deliverables) used.add(d.every);
  if (contract.evaluation.annex004) used.add(contract.evaluation.annex004.every);
  used.add('year');
  const order: WindowUnit[] = ['month', 'quarter', 'half_year', 'year'];
  return order.filter((u) => used.has(u));
}
