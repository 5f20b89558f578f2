/**
 * Seed 004's 附件1 (售后维保服务评价报告), computed per quarter window from the records:
 * - 服务效果抽查合格率 per evaluator (使用科室, 信息中心): passed / checked over the pass/fail
 *   verdicts that evaluator gave signing the window's inspection sheets and the `spot_check`
 *   events on the window's service records; nothing checked gives no rate and a named gap.
 * - 恶性事件: records whose latest `assess` says adverseEvent → the period is 不合格, even at 100 %.
 * - Responses and handlings over one hour (fault records): each counts once, −1 % of the contract
 *   sum; counted on the SLA clock with the hour as its promise, so pauses do not count.
 * - Failures from the vendor not giving notice: by level, the level's percent of the subsystem's fee.
 */
import type { Grade } from '../catalog/period-schema';
import type { Contract, FaultLevel } from '../catalog/reference';
import type { Evaluator } from '../service/record';
import { clockStatus, scheduleClocks } from '../sla/clock';
import type { CalendarData } from '../sla/types';
import { completionDay } from './plan';
import { assertInsidePeriod, PeriodError } from './problems';
import { servicesIn, serviceTraceBase, type ServiceFacts } from './service-facts';
import type { Annex004Result, Annex004Section, EvaluationGap, PeriodInspection, PeriodServiceRecord, PeriodWindow, TraceRow } from './types';

export interface Annex004Input {
  contract: Contract;
  inspections: readonly PeriodInspection[];
  services: readonly PeriodServiceRecord[];
  calendar: CalendarData | undefined;
  window: PeriodWindow;
  /** ISO instant: a response still missing is judged late once the hour has passed by then. */
  asOf: string;
}

const GRADE_ORDER: readonly Grade[] = ['excellent', 'good', 'pass', 'fail'];

export function worseGrade(a: Grade, b: Grade): Grade {
  return GRADE_ORDER.indexOf(a) >= GRADE_ORDER.indexOf(b) ? a : b;
}

/** The grade of a pass rate by the contract's thresholds (inclusive): compared in integers, so 9/10 is exactly 90 %. */
export function gradeOf(passed: number, checked: number, grades: NonNullable<Contract['evaluation']['annex004']>['grades']): Grade | null {
  if (checked === 0) return null;
  const found = grades.find((g) => passed * 100 >= g.minPercent * checked);
  return found ? found.grade : 'fail';
}

function spotChecks(input: Annex004Input, services: readonly ServiceFacts[], evaluator: Evaluator, trace: TraceRow[]): { checked: number; passed: number } {
  const { window } = input;
  let checked = 0;
  let passed = 0;
  for (const i of input.inspections) {
    const day = i.contractId === input.contract.id ? completionDay(i) : undefined;
    if (day === undefined || day < window.start || day > window.end) continue;
    for (const v of i.verdicts) {
      if (v.role !== evaluator || v.scale !== 'pass_fail') continue;
      checked++;
      if (v.value === 'pass') passed++;
      trace.push({ figure: 'spot_checks', kind: 'inspection', id: i.id, reference: i.reportNumber ?? i.id, at: i.signedAt ?? i.completedAt ?? i.startedAt, value: v.value, role: evaluator, counted: true });
    }
  }
  for (const f of services) {
    const check = f.state.spotChecks[evaluator];
    if (!check) continue;
    checked++;
    if (check.result === 'pass') passed++;
    trace.push({ figure: 'spot_checks', ...serviceTraceBase(f), at: check.recordedAt, value: check.result, role: evaluator, counted: true });
  }
  return { checked, passed };
}

// One synthetic contract per level and limit, so a year of records does not copy the contract a thousand times.
const hourContracts = new WeakMap<FaultLevel, { minutes: number; contract: Contract }>();

/** The record's level with the hour as its only promises, on clock time: the SLA clock then says what was over it. */
function hourContract(contract: Contract, level: FaultLevel, minutes: number): Contract {
  const hit = hourContracts.get(level);
  if (hit && hit.minutes === minutes && hit.contract.id === contract.id) return hit.contract;
  const made = makeHourContract(contract, level, minutes);
  hourContracts.set(level, { minutes, contract: made });
  return made;
}

function makeHourContract(contract: Contract, level: FaultLevel, minutes: number): Contract {
  const hour = { amount: minutes, unit: 'minute' as const };
  const { setOut: _s, onSite: _o, propose: _p, outsideHours: _h, ...rest } = level;
  void _s;
  void _o;
  void _p;
  void _h;
  return { ...contract, serviceHours: { ...contract.serviceHours, faultResponse24x7: true }, faultLevels: [{ ...rest, respond: hour, resolve: hour }] };
}

function lateCounts(input: Annex004Input, faults: readonly ServiceFacts[], minutes: number, gaps: EvaluationGap[], trace: TraceRow[]): { responses: number; resolutions: number } {
  const now = new Date(input.asOf);
  let responses = 0;
  let resolutions = 0;
  for (const f of faults) {
    if (f.noWrittenReport) {
      gaps.push({ code: 'no_written_report', recordId: f.record.id, reference: f.reference });
      trace.push({ figure: 'late_responses', ...serviceTraceBase(f), levelId: f.state.levelId, value: 'no_written_report', counted: false });
      continue;
    }
    const level = input.contract.faultLevels.find((l) => l.id === f.state.levelId);
    if (!level) {
      gaps.push({ code: 'unclassified', recordId: f.record.id, reference: f.reference });
      continue;
    }
    const schedule = scheduleClocks(f.state, hourContract(input.contract, level, minutes), input.calendar);
    for (const r of clockStatus(schedule, now)) {
      // met_late: done after the hour; breached: not done and the hour is past, so it can only be late.
      const late = r.status === 'met_late' || r.status === 'breached';
      if (late && r.step === 'respond') responses++;
      if (late && r.step === 'resolve') resolutions++;
      const until = r.doneAt !== undefined ? Date.parse(r.doneAt) : now.getTime();
      trace.push({
        figure: r.step === 'respond' ? 'late_responses' : 'late_resolutions',
        ...serviceTraceBase(f),
        levelId: f.state.levelId,
        step: r.step,
        minutes: Math.max(0, Math.round((until - Date.parse(r.start) - r.pausedMs) / 60_000)),
        value: r.status,
        counted: late,
      });
    }
  }
  return { responses, resolutions };
}

function noticeFailures(contract: Contract, services: readonly ServiceFacts[], gaps: EvaluationGap[], trace: TraceRow[]): Annex004Result['noticeFailures'] {
  const penalties = contract.evaluation.annex004?.noticeFailurePenalty ?? [];
  const groups = new Map<string, Annex004Result['noticeFailures'][number]>();
  for (const f of services) {
    if (!f.state.assessment?.noticeFailure) continue;
    const penalty = penalties.find((p) => p.levelId === f.state.levelId);
    trace.push({ figure: 'notice_failures', ...serviceTraceBase(f), levelId: f.state.levelId, value: penalty ? String(penalty.percent) : 'no_penalty_level', counted: penalty !== undefined });
    if (!penalty) {
      // A level 附件1 sets no percentage for (only 致命/严重/一般 have one): named, not guessed.
      gaps.push({ code: 'unclassified', recordId: f.record.id, reference: f.reference });
      continue;
    }
    const key = `${penalty.levelId}|${f.systemId ?? ''}`;
    const g = groups.get(key) ?? { levelId: penalty.levelId, ...(f.systemId ? { systemId: f.systemId } : {}), count: 0, percent: 0 };
    g.count++;
    g.percent = g.count * penalty.percent;
    groups.set(key, g);
  }
  const out = [...groups.values()];
  for (const g of out) {
    const fee = g.systemId === undefined ? undefined : contract.fees?.systems[g.systemId];
    if (fee !== undefined) g.amount = Math.round(fee * g.percent) / 100;
    else if (!gaps.some((x) => x.code === 'no_fee' && x.systemId === g.systemId)) gaps.push({ code: 'no_fee', ...(g.systemId ? { systemId: g.systemId } : {}) });
  }
  return out;
}

export function evaluateAnnex004(input: Annex004Input): Annex004Result {
  const { contract, window } = input;
  const annex = contract.evaluation.annex004;
  if (!annex) throw new PeriodError('no_annex', `contract ${contract.id} has no 附件1 evaluation`);
  assertInsidePeriod(contract.period, window);
  const trace: TraceRow[] = [];
  const gaps: EvaluationGap[] = [];
  const services = servicesIn(input.services, contract, window);

  const adverse = services.filter((f) => f.state.assessment?.adverseEvent === true);
  for (const f of services) {
    if (f.state.assessment) trace.push({ figure: 'adverse_events', ...serviceTraceBase(f), at: f.state.assessment.recordedAt, value: String(f.state.assessment.adverseEvent), counted: f.state.assessment.adverseEvent });
  }
  const adverseGrade: Grade = adverse.length > 0 && annex.adverseEventFails ? 'fail' : 'excellent';

  const sections: Annex004Section[] = annex.evaluators.map((evaluator) => {
    const { checked, passed } = spotChecks(input, services, evaluator, trace);
    if (checked === 0) gaps.push({ code: 'no_spot_checks', evaluator });
    return { evaluator, checked, passed, percent: checked === 0 ? null : (passed * 100) / checked, rateGrade: gradeOf(passed, checked, annex.grades), adverseGrade };
  });

  const faults = services.filter((f) => f.state.kind === 'fault');
  const { responses, resolutions } = lateCounts(input, faults, annex.lateAfterMinutes, gaps, trace);
  const deductionPercent = (responses + resolutions) * annex.latePenaltyPercent;
  const late: Annex004Result['late'] = { responses, resolutions, deductionPercent };
  if (contract.fees?.total !== undefined) late.deductionAmount = Math.round(contract.fees.total * deductionPercent) / 100;

  let grade: Grade | null;
  if (adverseGrade === 'fail') grade = 'fail';
  else if (sections.some((s) => s.rateGrade === null)) grade = null;
  else grade = sections.reduce<Grade>((g, s) => worseGrade(g, worseGrade(s.rateGrade ?? 'fail', s.adverseGrade)), 'excellent');

  return {
    contractId: contract.id,
    window,
    asOf: input.asOf,
    sections,
    adverseEvents: adverse.length,
    late,
    noticeFailures: noticeFailures(contract, services, gaps, trace),
    grade,
    gaps,
    trace,
  };
}
