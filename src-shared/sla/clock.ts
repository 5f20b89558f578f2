/**
 * The SLA clock (issue 11). `scheduleClocks` works out every promised step's due time for a record
 * from its contract and level, on the contract's calendar; `clockStatus` reads them against now.
 * The first is the costly one (run once per version of a record); the second is a few comparisons
 * per clock, so the board can redraw 10,000 records in a frame.
 *
 * How a promise is counted (docs/architecture.md, "SLA clock", says the same for readers):
 * - minute / hour / day: clock time, 24 hours a day, where the contract answers faults 7×24
 *   (`serviceHours.faultResponse24x7`). Where it does not (seed 002: "工作时间随时接听用户部门报修"),
 *   a notice outside working time is not received until the line is staffed, so its hours count
 *   inside the service hours only: a Friday-evening call is answered on Monday morning.
 * - working_hour: time inside the contract's service hours (serviceHours.days: the calendar's
 *   working days incl. 调休 make-up days, or a weekday list).
 * - working_day: N working days are N service days of working time from the start: reported
 *   Tuesday 10:00 with "1个工作日", due Wednesday 10:00; reported on Saturday or after hours, due at
 *   the close of the next working day. That is how a hospital reads "1个工作日内完成修复" (the same
 *   hour the next working day, never less than one whole working day), and it never lets a
 *   holiday or a 调休 Sunday be counted as one.
 * - amount 0 (立即响应): see IMMEDIATE_MS.
 * - Outside-hours promises (seed 001's 非工作期间) apply when the clock starts outside the service
 *   hours; a step the outside promise does not name keeps the in-hours one.
 * - Pauses (waiting for the hospital) add the paused time, counted in the clock's own time: a
 *   pause overnight adds nothing to a working-hours clock. An open pause freezes what is left.
 */
import type { Contract, Duration, FaultLevel, PromiseStep } from '../catalog/reference';
import type { Pause, ServiceState } from '../service/fold';
import type { Step } from '../service/record';
import { workCalendar, type WorkCalendar } from './calendar';
import { HOUR_MS, MINUTE_MS, DAY_MS } from './china-time';
import type { CalendarData, ClockReading, ClockSchedule, ScheduledClock } from './types';
import { CLOCK_TIME, serviceTime, workingDayTime, type TimeMeasure } from './working-time';

/**
 * "立即响应" (seed 003's disaster, seed 004's 特殊服务) is counted as 15 minutes of clock time: a
 * response is never recorded at the very instant of the report, and 15 minutes is half the
 * tightest timed promise in any seed (000's 30 minutes), so "immediately" stays the strictest.
 */
export const IMMEDIATE_MS = 15 * MINUTE_MS;

export const PROMISE_ORDER: readonly PromiseStep[] = ['respond', 'setOut', 'onSite', 'propose', 'resolve'];

/**
 * Which recorded steps meet a promise. A later step implies the earlier ones (an engineer who
 * arrived has responded and set out); a resolution (or closing the record) ends every clock, since
 * a fault fixed remotely needs no visit.
 */
function meetingSteps(step: PromiseStep, level: FaultLevel): Step[] {
  const end: Step[] = ['resolved', 'closed'];
  switch (step) {
    case 'respond':
      return ['responded', 'set_out', 'arrived', 'remote_started', 'workaround', 'solution_proposed', ...end];
    case 'setOut':
      return ['set_out', 'arrived', ...end];
    case 'onSite':
      return level.onSiteBy === 'arrival_or_remote' ? ['arrived', 'remote_started', ...end] : ['arrived', ...end];
    case 'propose':
      return ['solution_proposed', ...end];
    case 'resolve':
      return end;
  }
}

/** How a promise's amount is counted, and how much of that time it allows. */
function budgetOf(target: Duration, contract: Contract, calendar: WorkCalendar): { measure: TimeMeasure; amount: number } {
  if (target.amount === 0) return { measure: CLOCK_TIME, amount: IMMEDIATE_MS };
  const hours = contract.serviceHours;
  switch (target.unit) {
    case 'minute':
    case 'hour': {
      const amount = target.amount * (target.unit === 'minute' ? MINUTE_MS : HOUR_MS);
      return { measure: hours.faultResponse24x7 ? CLOCK_TIME : serviceTime(hours, calendar), amount };
    }
    case 'day':
      return { measure: CLOCK_TIME, amount: target.amount * DAY_MS };
    case 'working_hour':
      return { measure: serviceTime(hours, calendar), amount: target.amount * HOUR_MS };
    case 'working_day': {
      const measure = workingDayTime(hours, calendar);
      return { measure, amount: target.amount * measure.dayLength };
    }
  }
}

interface PauseSpan {
  from: number;
  to: number | undefined;
}

/**
 * The due time with pauses counted in: each pause before the due time pushes it by its length in
 * the clock's own time (`pausedMs`: a night's pause moves a working-hours clock by nothing).
 */
function dueWithPauses(start: number, amount: number, measure: TimeMeasure, pauses: readonly PauseSpan[]): { due: number; pausedMs: number } {
  let t = start;
  let left = amount;
  let pausedMs = 0;
  for (const p of pauses) {
    if (p.to !== undefined && p.to <= t) continue;
    const from = Math.max(p.from, t);
    const due = measure.advance(t, left);
    if (due <= from) return { due, pausedMs };
    // Open pause: frozen here; `due` is when it would fall if work resumed at the pause (the screen shows what was left).
    if (p.to === undefined) return { due, pausedMs };
    left -= measure.between(t, from);
    pausedMs += measure.between(from, p.to);
    t = p.to;
  }
  return { due: measure.advance(t, left), pausedMs };
}

function startOf(state: ServiceState, contract: Contract): string | undefined {
  // 004 counts "自甲方向乙方发出书面报告错误之时"; until the written report is recorded the report
  // itself starts the clock, which can only make the vendor's due times earlier, never later.
  const written = contract.clockStart === 'written_report' ? state.steps.written_report?.at : undefined;
  return written ?? state.steps.reported?.at;
}

const parsed = new WeakMap<ScheduledClock, { due: number; done: number | undefined }>();
const pausedAt = new WeakMap<ClockSchedule, number>();

function remember(clock: ScheduledClock, due: number, done: number | undefined): ScheduledClock {
  parsed.set(clock, { due, done });
  return clock;
}

/**
 * Where a clock that runs "after the response" (002's solution) starts: at the response once it is
 * recorded; before that, at the latest time the response was promised, since the contract gives the
 * vendor that long to answer (and at the report when it promises no response time).
 */
function responseStart(clocks: readonly ScheduledClock[], start: number): number {
  const respond = clocks.find((c) => c.step === 'respond');
  if (!respond) return start;
  const times = parsed.get(respond);
  return times?.done ?? times?.due ?? start;
}

export function scheduleClocks(state: ServiceState, contract: Contract, calendar: CalendarData | undefined): ClockSchedule {
  const level = contract.faultLevels.find((l) => l.id === state.levelId);
  const startIso = startOf(state, contract);
  if (!level || !startIso) return { clocks: [], fallbackYears: [] };
  const start = Date.parse(startIso);
  const work = workCalendar(calendar);
  const outside = level.outsideHours !== undefined && !serviceTime(contract.serviceHours, work).inside(start);
  const pauses: PauseSpan[] = state.pauses
    .map((p: Pause) => ({ from: Date.parse(p.from), to: p.to === undefined ? undefined : Date.parse(p.to) }))
    .sort((a, b) => a.from - b.from);
  const open = pauses.find((p) => p.to === undefined);
  const clocks: ScheduledClock[] = [];
  for (const step of PROMISE_ORDER) {
    const outsideTarget = outside ? level.outsideHours?.[step] : undefined;
    const target = outsideTarget ?? level[step];
    if (!target) continue;
    const doneIso = meetingSteps(step, level)
      .map((s) => state.steps[s]?.at)
      .filter((at): at is string => at !== undefined)
      .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    const done = doneIso === undefined ? undefined : Date.parse(doneIso);
    // A pause begun after the step was done belongs to later steps, and one still running when the
    // step was done ends there: resuming later (after a resolution) must not push a met clock back.
    const counted = done === undefined ? pauses : pauses.filter((p) => p.from < done).map((p) => ({ from: p.from, to: p.to === undefined ? done : Math.min(p.to, done) }));
    const { measure, amount } = budgetOf(target, contract, work);
    const from = step === 'propose' && level.proposeFrom === 'response' ? responseStart(clocks, start) : start;
    const { due, pausedMs } = dueWithPauses(from, amount, measure, counted.filter((p) => p.to === undefined || p.to > from));
    const clock: ScheduledClock = { step, target, basis: outsideTarget ? 'outside_hours' : 'in_hours', start: new Date(from).toISOString(), due: new Date(due).toISOString(), pausedMs };
    if (doneIso !== undefined) clock.doneAt = doneIso;
    clocks.push(remember(clock, due, done));
  }
  const schedule: ClockSchedule = { clocks, fallbackYears: work.fallbackYears() };
  if (open) {
    schedule.pausedSince = new Date(open.from).toISOString();
    pausedAt.set(schedule, open.from);
  }
  return schedule;
}

/**
 * One reading, written out field by field: an object spread here costs several times more (V8
 * copies an object of unknown shape slowly), and this runs for every clock on every frame.
 */
function reading(c: ScheduledClock, status: ClockReading['status'], remainingMs: number): ClockReading {
  return { step: c.step, target: c.target, basis: c.basis, start: c.start, due: c.due, doneAt: c.doneAt, pausedMs: c.pausedMs, status, remainingMs };
}

/** Reads a schedule against now: cheap (the instants were parsed when scheduled), so it can run every frame. */
export function clockStatus(schedule: ClockSchedule, now: Date): ClockReading[] {
  const t = now.getTime();
  let paused = schedule.pausedSince === undefined ? undefined : pausedAt.get(schedule);
  if (paused === undefined && schedule.pausedSince !== undefined) {
    // A schedule that came through storage or a structured clone: parse once, then remember.
    paused = Date.parse(schedule.pausedSince);
    pausedAt.set(schedule, paused);
  }
  const clocks = schedule.clocks;
  const out: ClockReading[] = [];
  for (let i = 0; i < clocks.length; i++) {
    const c = clocks[i]!;
    let times = parsed.get(c);
    if (!times) {
      times = { due: Date.parse(c.due), done: c.doneAt === undefined ? undefined : Date.parse(c.doneAt) };
      parsed.set(c, times);
    }
    const { due, done } = times;
    if (done !== undefined) out.push(reading(c, done <= due ? 'met' : 'met_late', due - done));
    else if (paused !== undefined && paused < due) out.push(reading(c, 'paused', due - paused));
    else out.push(reading(c, t > due ? 'breached' : 'running', due - t));
  }
  return out;
}
