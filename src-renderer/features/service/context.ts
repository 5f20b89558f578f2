/**
 * The reference data a list of service records is shown with: their contracts, hospitals,
 * calendars and the names of the systems and units they are about. Read through repositories.
 */
import type { Asset, Contract, FaultLevel, Hospital } from '../../../src-shared/catalog/reference';
import type { ServiceRecord } from '../../../src-shared/service/record';
import type { CalendarData } from '../../../src-shared/sla/types';
import { repositories } from '../../db';
import type { ServiceRecordRow } from '../../db/rows';

export interface RecordContext {
  contracts: Map<string, Contract>;
  hospitals: Map<string, Hospital>;
  calendars: Map<string, CalendarData>;
  assets: Map<string, Asset>;
}

export async function loadContext(rows: readonly ServiceRecordRow[]): Promise<RecordContext> {
  const repos = repositories();
  const contractIds = [...new Set(rows.map((r) => r.contractId))];
  const [contractRows, hospitalRows] = await Promise.all([Promise.all(contractIds.map((id) => repos.reference.getContract(id))), repos.reference.listHospitals()]);
  const contracts = new Map(contractRows.filter((c) => c !== undefined).map((c) => [c.id, c]));
  const calendarIds = [...new Set([...contracts.values()].map((c) => c.calendar))];
  const calendarRows = await Promise.all(calendarIds.map((id) => repos.reference.calendar(id)));
  const assetIds = [...new Set(rows.flatMap((r) => (r.record.subject.kind === 'asset' ? [r.record.subject.assetId] : [])))];
  const assets = await repos.reference.getAssets(assetIds);
  return {
    contracts,
    hospitals: new Map(hospitalRows.map((h) => [h.id, h])),
    calendars: new Map(calendarRows.filter((c) => c !== undefined).map((c) => [c.id, c])),
    assets: new Map(assets.map((a) => [a.id, a])),
  };
}

export const levelOf = (contract: Contract | undefined, levelId: string): FaultLevel | undefined => contract?.faultLevels.find((l) => l.id === levelId);

/** The system or unit a record is about, by name; the contract's own name when it is about the whole contract. */
export function subjectName(record: ServiceRecord, ctx: RecordContext, l: (text: { zh: string; en: string }) => string): string {
  const contract = ctx.contracts.get(record.contractId);
  const subject = record.subject;
  if (subject.kind === 'system') {
    const system = contract?.systems.find((s) => s.id === subject.systemId);
    return system ? l(system.name) : subject.systemId;
  }
  if (subject.kind === 'asset') {
    const asset = ctx.assets.get(subject.assetId);
    return asset ? `${l(asset.name)} ${asset.assetTag}` : subject.assetId;
  }
  return contract ? l(contract.name) : record.contractId;
}
