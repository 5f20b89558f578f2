/**
 * The period summary of any contract (issue 12 point 4): inspections done vs due, findings by
 * system, faults by level, SLA compliance and follow-up satisfaction over a window, each figure
 * with the records behind it (TraceRow). Times come from the SLA clock (sla/clock.ts) and the
 * service fold, never recomputed here. A window with no records says `empty` and keeps its zeros;
 * a percentage with nothing to divide is null, never an invented 100 %.
 */
import type { Asset, Contract, PromiseStep } from '../catalog/reference';
import { clockStatus, PROMISE_ORDER, scheduleClocks } from '../sla/clock';
import type { CalendarData } from '../sla/types';
import { completionDay, planContract, targetKey } from './plan';
import { assertInsidePeriod } from './problems';
import { servicesIn, serviceTraceBase, type ServiceFacts } from './service-facts';
import type { CountBy, PeriodFigures, PeriodInspection, PeriodServiceRecord, PlanCell, TraceRow } from './types';
import { dayOf, overlaps } from './windows';

export interface FiguresInput {
  contract: Contract;
  assets: readonly Pick<Asset, 'id' | 'contractId' | 'templateId'>[];
  inspections: readonly PeriodInspection[];
  services: readonly PeriodServiceRecord[];
  calendar: CalendarData | undefined;
  window: { start: string; end: string };
  /** ISO instant: open clocks and due windows are judged at it. */
  asOf: string;
}

const MINUTE = 60_000;

function countBy(keys: readonly string[]): CountBy[] {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

function inspectionRow(figure: TraceRow['figure'], i: PeriodInspection, counted: boolean, value?: string): TraceRow {
  const row: TraceRow = { figure, kind: 'inspection', id: i.id, reference: i.reportNumber ?? i.id, at: i.completedAt ?? i.signedAt ?? i.startedAt, counted };
  if (value !== undefined) row.value = value;
  return row;
}

/** The plan's cells for the window (cadence windows that overlap it), traced by target. */
function planFigures(input: FiguresInput, trace: TraceRow[]): PeriodFigures['plan'] {
  const plan = planContract({ contract: input.contract, assets: input.assets, inspections: input.inspections, asOf: input.asOf });
  const cells = plan.cells.filter((c) => overlaps(c.window, input.window));
  const count = (pred: (c: PlanCell) => boolean): number => cells.filter(pred).length;
  for (const c of cells) {
    // A target not inspected yet has no record to look up: its reference is "—", never the plan's internal key.
    const reference = c.inspections.map((i) => i.reportNumber ?? i.id).join(', ') || '—';
    const base = { kind: 'inspection' as const, id: `${c.window.start}/${targetKey(c.target)}`, reference, at: c.window.end, value: c.state };
    // A system prints by its id's name; a hardware group by its template's, the plan's name kept for a report not given it.
    const where = c.target.kind === 'system' ? { systemId: c.target.id } : { templateId: c.target.templateId, label: c.target.name };
    // Every cell is due; the ones not yet open are listed, not counted.
    trace.push({ figure: 'inspections_due', ...base, ...where, counted: c.state !== 'upcoming' });
    if (c.state === 'late') trace.push({ figure: 'inspections_late', ...base, ...where, counted: true });
  }
  return {
    done: count((c) => c.state === 'done'),
    due: count((c) => c.state !== 'upcoming'),
    late: count((c) => c.state === 'late'),
    inProgress: count((c) => c.state === 'in_progress'),
    upcoming: count((c) => c.state === 'upcoming'),
  };
}

function slaFigures(input: FiguresInput, services: readonly ServiceFacts[], trace: TraceRow[]): PeriodFigures['sla'] {
  const now = new Date(input.asOf);
  const tally = new Map<PromiseStep, { met: number; missed: number; open: number }>();
  for (const f of services) {
    const schedule = scheduleClocks(f.state, input.contract, input.calendar);
    for (const r of clockStatus(schedule, now)) {
      const t = tally.get(r.step) ?? { met: 0, missed: 0, open: 0 };
      tally.set(r.step, t);
      const open = r.status === 'running' || r.status === 'paused';
      const met = r.status === 'met';
      if (open) t.open++;
      else if (met) t.met++;
      else t.missed++;
      const row: TraceRow = { figure: met || open ? 'sla_met' : 'sla_missed', ...serviceTraceBase(f), levelId: f.state.levelId, step: r.step, value: r.status, counted: !open };
      // Minutes taken: to the step, or (open or breached) so far; pauses are in `pausedMs`, not taken off here.
      const until = r.doneAt !== undefined ? Date.parse(r.doneAt) : now.getTime();
      row.minutes = Math.max(0, Math.round((until - Date.parse(r.start)) / MINUTE));
      trace.push(row);
    }
  }
  const byStep = PROMISE_ORDER.filter((s) => tally.has(s)).map((step) => ({ step, ...tally.get(step)! }));
  const met = byStep.reduce((n, s) => n + s.met, 0);
  const missed = byStep.reduce((n, s) => n + s.missed, 0);
  return { byStep, compliancePercent: met + missed === 0 ? null : (met * 100) / (met + missed) };
}

function followUpFigures(contract: Contract, services: readonly ServiceFacts[], trace: TraceRow[]): PeriodFigures['followUps'] {
  const out = { excellent: 0, good: 0, poor: 0, missing: 0 };
  for (const f of services) {
    // Several calls on one record: the latest one is what the hospital says now; earlier ones are listed.
    const calls = [...f.state.followUps].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    calls.forEach((call, i) => {
      const latest = i === calls.length - 1;
      if (latest) out[call.rating]++;
      trace.push({ figure: 'follow_ups', ...serviceTraceBase(f), at: call.at, value: call.rating, counted: latest });
    });
    if (calls.length === 0 && contract.followUpCalls && f.state.status !== 'open') {
      out.missing++;
      trace.push({ figure: 'follow_ups', ...serviceTraceBase(f), value: 'missing', counted: true });
    }
  }
  return out;
}

/** The satisfaction verdicts given at the sign-off of the window's done inspections, one trace row each (with its signer). */
function signOffRatings(done: readonly PeriodInspection[], trace: TraceRow[]): PeriodFigures['signOffRatings'] {
  const out = { excellent: 0, good: 0, poor: 0 };
  for (const i of done) {
    for (const v of i.verdicts) {
      if (v.scale !== 'satisfaction' || (v.value !== 'excellent' && v.value !== 'good' && v.value !== 'poor')) continue;
      out[v.value]++;
      trace.push({ ...inspectionRow('sign_off_ratings', i, true, v.value), at: i.signedAt ?? i.completedAt ?? i.startedAt, role: v.role });
    }
  }
  return out;
}

export function periodFigures(input: FiguresInput): PeriodFigures {
  const { contract, window } = input;
  assertInsidePeriod(contract.period, window);
  const trace: TraceRow[] = [];
  const inWindow = (day: string | undefined): boolean => day !== undefined && window.start <= day && day <= window.end;
  const inspections = input.inspections.filter((i) => i.contractId === contract.id);
  const done = inspections.filter((i) => inWindow(completionDay(i)));
  const drafts = inspections.filter((i) => i.state === 'draft' && inWindow(dayOf(i.startedAt)));
  for (const i of done) trace.push(inspectionRow('inspections_done', i, true, i.state));
  for (const i of drafts) trace.push(inspectionRow('inspections_done', i, false, 'draft'));

  const findingKeys: string[] = [];
  for (const i of done) {
    for (const f of i.findings) {
      const row: TraceRow = { ...inspectionRow('findings', i, !f.serviceQuality, f.serviceQuality ? 'service_quality' : undefined), label: f.label, counted: !f.serviceQuality };
      if (f.systemId) row.systemId = f.systemId;
      if (f.assetId) row.assetId = f.assetId;
      if (f.faultLevelId) row.levelId = f.faultLevelId;
      trace.push(row);
      // Service-quality items judge the vendor, not a system: listed, never counted as a system's finding.
      if (!f.serviceQuality) findingKeys.push(f.systemId ?? `type:${f.templateId}`);
    }
  }

  const services = servicesIn(input.services, contract, window);
  const faults = services.filter((f) => f.state.kind === 'fault');
  for (const f of faults) trace.push({ figure: 'faults', ...serviceTraceBase(f), levelId: f.state.levelId, value: f.state.status, counted: true });

  const figures: PeriodFigures = {
    contractId: contract.id,
    window: { start: window.start, end: window.end },
    asOf: input.asOf,
    empty: done.length === 0 && drafts.length === 0 && services.length === 0,
    plan: contract.inspection.cadence ? planFigures(input, trace) : { done: 0, due: 0, late: 0, inProgress: 0, upcoming: 0 },
    findingsBySystem: countBy(findingKeys),
    faultsByLevel: countBy(faults.map((f) => f.state.levelId)),
    recordsByKind: countBy(services.map((f) => f.state.kind)),
    sla: slaFigures(input, services, trace),
    followUps: followUpFigures(contract, services, trace),
    signOffRatings: signOffRatings(done, trace),
    trace,
  };
  return figures;
}
