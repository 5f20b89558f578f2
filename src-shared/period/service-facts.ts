/**
 * One service record as the period computations read it: folded once (service/fold.ts), with the
 * instant its clock started (the report, or for 004 the written report) and the China day that
 * puts it in a window. Folding is the costly part, so figures and 附件1 share one reading per
 * record object (a WeakMap: a changed record is a new object and is read afresh).
 */
import type { Contract } from '../catalog/reference';
import { foldRecord, type ServiceState } from '../service/fold';
import { chinaDate } from './windows';
import type { PeriodServiceRecord } from './types';

export interface ServiceFacts {
  record: PeriodServiceRecord;
  state: ServiceState;
  /** Where the contract's clock starts; absent only for a record with no report time. */
  clockStart?: string;
  /** China date of `clockStart`: the window the record belongs to. */
  day?: string;
  /** 004 starts its clock at the written report: true when that contract's record has none yet. */
  noWrittenReport: boolean;
  /** What a reader looks the record up by: its latest document's number, else its title, else its id. */
  reference: string;
  systemId?: string;
  assetId?: string;
}

const cache = new WeakMap<PeriodServiceRecord, { clockStart: Contract['clockStart']; facts: ServiceFacts }>();

export function serviceFacts(record: PeriodServiceRecord, contract: Pick<Contract, 'clockStart'>): ServiceFacts {
  const hit = cache.get(record);
  if (hit && hit.clockStart === contract.clockStart) return hit.facts;
  const state = foldRecord(record);
  const written = state.steps.written_report?.at;
  const noWrittenReport = contract.clockStart === 'written_report' && written === undefined;
  const clockStart = (contract.clockStart === 'written_report' ? written : undefined) ?? state.steps.reported?.at;
  const facts: ServiceFacts = {
    record,
    state,
    noWrittenReport,
    reference: state.documents.at(-1)?.number ?? (state.texts.title.trim() || record.id),
  };
  if (clockStart !== undefined) {
    facts.clockStart = clockStart;
    facts.day = chinaDate(clockStart);
  }
  if (record.subject.kind === 'system') facts.systemId = record.subject.systemId;
  if (record.subject.kind === 'asset') facts.assetId = record.subject.assetId;
  cache.set(record, { clockStart: contract.clockStart, facts });
  return facts;
}

/** The contract's records whose clock started inside the window, read once each. */
export function servicesIn(records: readonly PeriodServiceRecord[], contract: Pick<Contract, 'id' | 'clockStart'>, window: { start: string; end: string }): ServiceFacts[] {
  const out: ServiceFacts[] = [];
  for (const r of records) {
    if (r.contractId !== contract.id) continue;
    const f = serviceFacts(r, contract);
    if (f.day !== undefined && window.start <= f.day && f.day <= window.end) out.push(f);
  }
  return out;
}

/** The fields every service trace row shares. */
export function serviceTraceBase(f: ServiceFacts): { kind: 'service'; id: string; reference: string; at: string; systemId?: string; assetId?: string } {
  return {
    kind: 'service',
    id: f.record.id,
    reference: f.reference,
    at: f.clockStart ?? '',
    ...(f.systemId ? { systemId: f.systemId } : {}),
    ...(f.assetId ? { assetId: f.assetId } : {}),
  };
}
