/**
 * The SLA clock (issue 11). `scheduleClocks` works out every promised step's due time for a record
 * from its contract and level; `clockStatus` reads them against now.
 *
 * PROVISIONAL (lead, for the helpers to build against): counts every unit as clock time and knows no
 * calendar. The sla helper replaces the arithmetic with the contract's service hours and working days
 * on the Chinese calendar; the two functions' signatures stay.
 */
import type { Contract, Duration, FaultLevel, PromiseStep } from '../catalog/reference';
import type { ServiceState } from '../service/fold';
import type { Step } from '../service/record';
import type { CalendarData, ClockReading, ClockSchedule, ScheduledClock } from './types';

const STEPS_MEETING: Record<PromiseStep, (level: FaultLevel) => Step[]> = {
  respond: () => ['responded'],
  setOut: () => ['set_out'],
  onSite: (level) => (level.onSiteBy === 'arrival_or_remote' ? ['arrived', 'remote_started'] : ['arrived']),
  propose: () => ['solution_proposed'],
  resolve: () => ['resolved'],
};

function ms(d: Duration): number {
  const hour = 3_600_000;
  return d.amount * (d.unit === 'minute' ? 60_000 : d.unit === 'hour' || d.unit === 'working_hour' ? hour : 24 * hour);
}

export function scheduleClocks(state: ServiceState, contract: Contract, calendar: CalendarData | undefined): ClockSchedule {
  void calendar;
  const level = contract.faultLevels.find((l) => l.id === state.levelId);
  const start = (contract.clockStart === 'written_report' ? state.steps.written_report : undefined)?.at ?? state.steps.reported?.at;
  if (!level || !start) return { clocks: [], fallbackYears: [] };
  const clocks: ScheduledClock[] = [];
  for (const step of ['respond', 'setOut', 'onSite', 'propose', 'resolve'] as const) {
    const target = level[step];
    if (!target) continue;
    const done = STEPS_MEETING[step](level)
      .map((s) => state.steps[s]?.at)
      .filter((at): at is string => at !== undefined)
      .sort()[0];
    clocks.push({ step, target, basis: 'in_hours', start, due: new Date(Date.parse(start) + ms(target)).toISOString(), doneAt: done, pausedMs: 0 });
  }
  return { clocks, fallbackYears: [] };
}

export function clockStatus(schedule: ClockSchedule, now: Date): ClockReading[] {
  const t = now.getTime();
  return schedule.clocks.map((c) => {
    const due = Date.parse(c.due);
    if (c.doneAt !== undefined) return { ...c, status: Date.parse(c.doneAt) <= due ? 'met' : 'met_late', remainingMs: due - Date.parse(c.doneAt) };
    return { ...c, status: t > due ? 'breached' : 'running', remainingMs: due - t };
  });
}
