/**
 * Hand-built period figures of any size for the periodic report's tests and benchmark: a
 * deterministic year (or window) of inspections and service records summarised the way
 * src-shared/period/figures.ts and annex-004.ts summarise them, with a trace row behind every
 * counted number, so the report shows the figures it is given and can be checked against them.
 * Built by hand (not by the computations) so the report's tests do not depend on them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HospitalFile, type Asset, type Contract, type Hospital, type PromiseStep } from '../../src-shared/catalog/reference';
import type { Annex004Result, ContractPlan, PeriodFigures, PeriodWindow, PlanCell, TraceRow } from '../../src-shared/period/types';

export interface CatalogContract {
  hospital: Hospital;
  contract: Contract;
  assets: Asset[];
}

export function catalogContract(file: string): CatalogContract {
  const parsed = HospitalFile.parse(JSON.parse(readFileSync(path.resolve('assets/catalog/hospitals', file), 'utf8')));
  return { hospital: parsed.hospital, contract: parsed.contracts[0]!, assets: parsed.assets };
}

const MINUTE = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

export interface Size {
  inspections: number;
  services: number;
}

/** Figures for `window` with `size` records spread evenly across it. */
export function handFigures(contract: Contract, window: PeriodWindow, size: Size, asOf: string): PeriodFigures {
  const trace: TraceRow[] = [];
  const start = Date.parse(`${window.start}T01:00:00Z`);
  const span = Date.parse(`${window.end}T09:00:00Z`) - start;
  const systems = contract.systems.map((s) => s.id);
  const faultLevels = contract.faultLevels.filter((l) => l.kinds.includes('fault')).map((l) => l.id);
  const findings = new Map<string, number>();
  for (let i = 0; i < size.inspections; i++) {
    const at = iso(start + Math.floor((span * i) / Math.max(1, size.inspections)));
    const systemId = systems[i % systems.length]!;
    trace.push({ figure: 'inspections_done', kind: 'inspection', id: `insp-${i}`, reference: `XJ-${window.start.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`, at, systemId, counted: true });
    if (i % 3 === 0) {
      findings.set(systemId, (findings.get(systemId) ?? 0) + 1);
      trace.push({ figure: 'findings', kind: 'inspection', id: `insp-${i}`, reference: `XJ-${window.start.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`, at, systemId, counted: true });
    }
  }
  const byLevel = new Map<string, number>();
  const steps: Record<PromiseStep, { met: number; missed: number; open: number }> = {
    respond: { met: 0, missed: 0, open: 0 },
    setOut: { met: 0, missed: 0, open: 0 },
    onSite: { met: 0, missed: 0, open: 0 },
    propose: { met: 0, missed: 0, open: 0 },
    resolve: { met: 0, missed: 0, open: 0 },
  };
  const follow = { excellent: 0, good: 0, poor: 0, missing: 0 };
  for (let i = 0; i < size.services; i++) {
    const t0 = start + Math.floor((span * i) / Math.max(1, size.services));
    const levelId = faultLevels[i % faultLevels.length]!;
    const reference = `SR-${String(i + 1).padStart(5, '0')}`;
    const systemId = systems[i % systems.length]!;
    byLevel.set(levelId, (byLevel.get(levelId) ?? 0) + 1);
    trace.push({ figure: 'faults', kind: 'service', id: `rec-${i}`, reference, at: iso(t0), systemId, levelId, counted: true });
    for (const step of ['respond', 'resolve'] as const) {
      const minutes = step === 'respond' ? 10 + (i % 7) * 9 : 90 + (i % 11) * 40;
      const missed = step === 'respond' ? i % 13 === 0 : i % 9 === 0;
      steps[step][missed ? 'missed' : 'met']++;
      trace.push({ figure: missed ? 'sla_missed' : 'sla_met', kind: 'service', id: `rec-${i}`, reference, at: iso(t0 + minutes * MINUTE), systemId, levelId, step, minutes, counted: true });
    }
    if (contract.followUpCalls) {
      const value = i % 10 === 0 ? 'poor' : i % 3 === 0 ? 'good' : 'excellent';
      follow[value]++;
      trace.push({ figure: 'follow_ups', kind: 'service', id: `rec-${i}`, reference, at: iso(t0 + 2 * 24 * 60 * MINUTE), value, counted: true });
    }
  }
  const byStep = (['respond', 'resolve'] as const).map((step) => ({ step, ...steps[step] }));
  const met = byStep.reduce((s, r) => s + r.met, 0);
  const missed = byStep.reduce((s, r) => s + r.missed, 0);
  return {
    contractId: contract.id,
    window: { start: window.start, end: window.end },
    asOf,
    empty: size.inspections === 0 && size.services === 0,
    // As figures.ts counts them: `due` is every target whose window has opened, done or late.
    plan: size.inspections === 0 ? { done: 0, due: systems.length, late: systems.length, inProgress: 0, upcoming: 0 } : { done: Math.min(size.inspections, systems.length * 4), due: Math.min(size.inspections, systems.length * 4), late: 0, inProgress: 0, upcoming: 0 },
    findingsBySystem: [...findings].map(([key, count]) => ({ key, count })),
    faultsByLevel: [...byLevel].map(([key, count]) => ({ key, count })),
    recordsByKind: size.services === 0 ? [] : [{ key: 'fault', count: size.services }],
    sla: { byStep: size.services === 0 ? [] : byStep, compliancePercent: met + missed === 0 ? null : Math.round((met / (met + missed)) * 1000) / 10 },
    followUps: follow,
    // The sign-off's 优/良/差 are not part of these hand-built figures (tests of them use the computations).
    signOffRatings: { excellent: 0, good: 0, poor: 0 },
    trace,
  };
}

/** A plan of quarters (or the contract's windows) in `window`: every system done but the last window's last system, late. */
export function handPlan(contract: Contract, windows: PeriodWindow[]): ContractPlan {
  const cells: PlanCell[] = windows.flatMap((w, wi) =>
    contract.systems.map((s, si): PlanCell => ({
      window: w,
      target: { kind: 'system', id: s.id, name: s.name },
      state: wi === windows.length - 1 && si === contract.systems.length - 1 ? 'late' : 'done',
      inspections: [],
    })),
  );
  const counts = { done: 0, in_progress: 0, due: 0, late: 0, upcoming: 0 };
  for (const c of cells) counts[c.state]++;
  return { contractId: contract.id, windows, cells, nextVisit: [], counts };
}

/** 004's annex for a quarter: 19 of 20 spot checks passed (95 %, 良好) for the department, 9 of 9 for the IT centre. */
export function handAnnex(contract: Contract, window: PeriodWindow, asOf: string, { adverse = false, lateResponses = 2, lateResolutions = 1 } = {}): Annex004Result {
  const at = `${window.start}T02:00:00.000Z`;
  const trace: TraceRow[] = [];
  for (let i = 0; i < 20; i++) trace.push({ figure: 'spot_checks', kind: 'inspection', id: `insp-d-${i}`, reference: `XJ-WH-${String(i + 1).padStart(3, '0')}`, at, value: i === 7 ? 'fail' : 'pass', counted: true });
  for (let i = 0; i < lateResponses; i++) trace.push({ figure: 'late_responses', kind: 'service', id: `rec-l-${i}`, reference: `SR-L-${i + 1}`, at, minutes: 75 + i, step: 'respond', counted: true });
  for (let i = 0; i < lateResolutions; i++) trace.push({ figure: 'late_resolutions', kind: 'service', id: `rec-r-${i}`, reference: `SR-R-${i + 1}`, at, minutes: 130 + i, step: 'resolve', counted: true });
  if (adverse) trace.push({ figure: 'adverse_events', kind: 'service', id: 'rec-adv', reference: 'SR-ADV-1', at, counted: true });
  trace.push({ figure: 'notice_failures', kind: 'service', id: 'rec-n-1', reference: 'SR-N-1', at, levelId: 'serious', systemId: 'wh-drg', counted: true });
  const adverseGrade = adverse ? 'fail' : 'excellent';
  return {
    contractId: contract.id,
    window,
    asOf,
    sections: [
      { evaluator: 'department', checked: 20, passed: 19, percent: 95, rateGrade: 'good', adverseGrade },
      { evaluator: 'it_office', checked: 9, passed: 9, percent: 100, rateGrade: 'excellent', adverseGrade },
    ],
    adverseEvents: adverse ? 1 : 0,
    late: { responses: lateResponses, resolutions: lateResolutions, deductionPercent: lateResponses + lateResolutions },
    noticeFailures: [{ levelId: 'serious', systemId: 'wh-drg', count: 1, percent: 3 }],
    grade: adverse ? 'fail' : 'good',
    gaps: [{ code: 'no_fee' }, { code: 'no_written_report', recordId: 'rec-x', reference: 'SR-X-9' }],
    trace,
  };
}
