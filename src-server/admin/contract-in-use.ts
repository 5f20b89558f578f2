/**
 * What already uses a stored contract, and which of it an edit may not drop: hardware templates and
 * campuses its units use, systems its reports and service records name. Pure; the route reads the
 * use before a save, contractFromFields (contract-form.ts) refuses with these problems.
 */
import type { Asset, Contract } from '../../src-shared/catalog/reference';
import type { FormProblem } from './form-fields';

/** What already uses a stored contract, read by the route before a save. */
export interface ContractUse {
  /** Units (assets) whose contractId is this contract's. */
  units: Asset[];
  /** By system id: the reports and service records naming it (a few, by number or title) and how many. */
  systemRecords: ReadonlyMap<string, { count: number; names: string[] }>;
  /** How the page names a campus, hardware template or system of the stored contract; its id if absent. */
  nameOf?: (kind: 'campus' | 'hw' | 'system', id: string) => string;
}

/** Names the page shows for a list of units or records: the first ten, then "…" if there are more. */
const firstTen = (names: string[]): string => names.slice(0, 10).join('、') + (names.length > 10 ? '…' : '');

/**
 * Hardware templates and campuses the stored contract covers and the form drops while units of this
 * contract still use them (they would vanish from the inspection plan, and their next edit be refused),
 * and systems dropped (or renamed) while reports or service records name them.
 */
export function removedInUse(stored: Contract, next: Pick<Contract, 'campusIds' | 'hardwareTemplateIds'> & { systems: { id: string }[] }, use: ContractUse): FormProblem[] {
  const problems: FormProblem[] = [];
  const nameOf = use.nameOf ?? ((_kind: string, id: string) => id);
  const units = (list: Asset[]) => ({ count: String(list.length), tags: firstTen(list.map((a) => a.assetTag)) });
  for (const t of stored.hardwareTemplateIds) {
    const using = use.units.filter((a) => a.templateId === t);
    if (!next.hardwareTemplateIds.includes(t) && using.length) problems.push({ field: 'hwTemplates', code: 'hwInUse', params: { what: nameOf('hw', t), ...units(using) } });
  }
  for (const c of stored.campusIds) {
    const using = use.units.filter((a) => a.campusId === c);
    if (!next.campusIds.includes(c) && using.length) problems.push({ field: 'campuses', code: 'campusInUse', params: { what: nameOf('campus', c), ...units(using) } });
  }
  for (const s of stored.systems) {
    const records = use.systemRecords.get(s.id);
    if (next.systems.some((n) => n.id === s.id) || !records?.count) continue;
    problems.push({ field: 'systems', code: 'systemInUse', params: { what: nameOf('system', s.id), count: String(records.count), names: firstTen(records.names) } });
  }
  return problems;
}
