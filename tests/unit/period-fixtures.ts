/**
 * Shared pieces of the period tests: the shipped contracts and calendar (from the SLA fixtures),
 * inspections as the computations read them, and service records built from their events with
 * times written on a Chinese wall clock ("2026-03-02 09:00").
 */
import type { Contract, ServiceKind } from '../../src-shared/catalog/reference';
import type { PeriodInspection, SignOffVerdictValue } from '../../src-shared/period/types';
import type { ServiceEvent, ServiceRecord } from '../../src-shared/service/record';
import { cn } from './sla/fixtures';

export { CALENDAR, cn, contractOf } from './sla/fixtures';

export function inspection(id: string, contract: Contract, p: Partial<PeriodInspection> & { completed?: string; started?: string }): PeriodInspection {
  const started = cn(p.started ?? p.completed ?? '2026-03-02 09:00');
  const out: PeriodInspection = {
    id,
    hospitalId: contract.hospitalId,
    contractId: contract.id,
    engineer: 'eng-1',
    state: p.state ?? (p.completed ? 'completed' : 'draft'),
    startedAt: started,
    systems: p.systems ?? contract.systems.map((s) => s.id),
    assets: p.assets ?? [],
    findings: p.findings ?? [],
    verdicts: p.verdicts ?? [],
  };
  if (p.completed) out.completedAt = cn(p.completed);
  if (p.signedAt) out.signedAt = p.signedAt;
  if (p.reportNumber) out.reportNumber = p.reportNumber;
  if (p.mode) out.mode = p.mode;
  return out;
}

export const pf = (role: 'department' | 'it_office', value: 'pass' | 'fail'): SignOffVerdictValue => ({ role, scale: 'pass_fail', value });

export interface RecordSpec {
  levelId: string;
  kind?: ServiceKind;
  reported: string;
  written?: string;
  responded?: string;
  resolved?: string;
  closed?: string;
  pauses?: { from: string; to?: string }[];
  followUps?: { at: string; rating: 'excellent' | 'good' | 'poor' }[];
  spotChecks?: { evaluator: 'department' | 'it_office'; result: 'pass' | 'fail'; at: string }[];
  assess?: { adverseEvent: boolean; noticeFailure: boolean; at: string }[];
  systemId?: string;
  title?: string;
}

/** A service record with the events the spec names, each written at the time it happened. */
export function serviceRecord(id: string, contract: Contract, spec: RecordSpec): ServiceRecord {
  let n = 0;
  const base = (at: string) => ({ id: `${id}-${++n}`, recordedAt: cn(at), by: 'eng-1' });
  const step = (s: Extract<ServiceEvent, { type: 'step' }>['step'], at: string): ServiceEvent => ({ ...base(at), type: 'step', step: s, at: cn(at) });
  const events: ServiceEvent[] = [
    { ...base(spec.reported), type: 'classify', kind: spec.kind ?? 'fault', levelId: spec.levelId },
    { ...base(spec.reported), type: 'text', field: 'title', value: spec.title ?? `record ${id}` },
    step('reported', spec.reported),
  ];
  if (spec.written) events.push(step('written_report', spec.written));
  if (spec.responded) events.push(step('responded', spec.responded));
  for (const p of spec.pauses ?? []) {
    events.push({ ...base(p.from), type: 'pause', at: cn(p.from), reason: 'waiting for the hospital' });
    if (p.to) events.push({ ...base(p.to), type: 'resume', at: cn(p.to) });
  }
  if (spec.resolved) events.push(step('resolved', spec.resolved));
  if (spec.closed) events.push(step('closed', spec.closed));
  for (const f of spec.followUps ?? []) events.push({ ...base(f.at), type: 'follow_up', at: cn(f.at), contact: '王科长', rating: f.rating, comment: '' });
  for (const s of spec.spotChecks ?? []) events.push({ ...base(s.at), type: 'spot_check', evaluator: s.evaluator, result: s.result, note: '' });
  for (const a of spec.assess ?? []) events.push({ ...base(a.at), type: 'assess', adverseEvent: a.adverseEvent, noticeFailure: a.noticeFailure, reason: '科室反映' });
  return {
    id,
    hospitalId: contract.hospitalId,
    contractId: contract.id,
    subject: spec.systemId ? { kind: 'system', systemId: spec.systemId } : { kind: 'system', systemId: contract.systems[0]!.id },
    channel: 'phone',
    reporter: { name: '王科长' },
    createdAt: cn(spec.reported),
    createdBy: 'dev-1',
    photos: [],
    events,
  };
}
