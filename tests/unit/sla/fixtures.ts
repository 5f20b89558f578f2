/**
 * Shared pieces of the SLA clock tests: the shipped contracts and calendar, a record's folded
 * state built from step times, and times written as they are on a Chinese wall clock.
 */
import path from 'node:path';
import { loadCatalog } from '../../../src-main/catalog/load-catalog';
import type { Contract } from '../../../src-shared/catalog/reference';
import type { Pause, ServiceState, StepState } from '../../../src-shared/service/fold';
import type { Step } from '../../../src-shared/service/record';
import type { CalendarData, ClockSchedule, ScheduledClock } from '../../../src-shared/sla/types';

const catalog = await loadCatalog(path.resolve('assets/catalog'));
export const CALENDAR: CalendarData = catalog.calendars.find((c) => c.id === 'cn-mainland')!;
export const CONTRACTS: Contract[] = catalog.hospitals.flatMap((h) => h.contracts);

export function contractOf(seed: string): Contract {
  const found = CONTRACTS.find((c) => c.seed.startsWith(seed));
  if (!found) throw new Error(`no contract from seed ${seed}`);
  return found;
}

/** "2026-02-13 16:00" on China time (UTC+8) → ISO instant. */
export function cn(local: string): string {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
}

/** An ISO instant → "2026-02-13 16:00" on China time. */
export function local(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function state(levelId: string, steps: Partial<Record<Step, string>>, pauses: Pause[] = []): ServiceState {
  const folded: Partial<Record<Step, StepState>> = {};
  for (const [step, at] of Object.entries(steps) as [Step, string][]) folded[step] = { at: cn(at), eventId: `e-${step}`, history: [] };
  return {
    kind: 'fault',
    levelId,
    firstLevelId: levelId,
    texts: { title: '', description: '', cause: '', workaround: '', resolution: '' },
    spotChecks: {},
    steps: folded,
    pauses: pauses.map((p) => ({ ...p, from: cn(p.from), ...(p.to === undefined ? {} : { to: cn(p.to) }) })),
    followUps: [],
    documents: [],
    status: 'open',
    skewed: [],
  };
}

/** The schedule's due times by step, on China time, with the promise that applied. */
export function dues(schedule: ClockSchedule): Record<string, string> {
  return Object.fromEntries(schedule.clocks.map((c: ScheduledClock) => [c.step, `${local(c.due)}${c.basis === 'outside_hours' ? ' (outside)' : ''}`]));
}
