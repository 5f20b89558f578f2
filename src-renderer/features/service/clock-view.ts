/**
 * How the screens read a record's clocks. Scheduling (due times on the contract's calendar) is
 * the costly part and runs once per version of a record; reading the schedule against "now" is a
 * comparison, done on every tick. Pure apart from the cache, so the board stays cheap at 10,000 rows.
 */
import type { Contract } from '../../../src-shared/catalog/reference';
import { foldRecord, type ServiceState } from '../../../src-shared/service/fold';
import { clockStatus, scheduleClocks } from '../../../src-shared/sla/clock';
import type { CalendarData, ClockReading, ClockSchedule } from '../../../src-shared/sla/types';
import type { ServiceRecordRow } from '../../db/rows';

export interface ScheduledRecord {
  row: ServiceRecordRow;
  state: ServiceState;
  schedule: ClockSchedule;
}

const cache = new Map<string, ScheduledRecord>();
/** Enough for the largest board measured (bench/sla: 10,000 open records) with room for edits. */
const CACHE_MAX = 25_000;

/** A record's version as far as its clocks are concerned: its events, contract and calendar. */
function versionKey(row: ServiceRecordRow, calendar: CalendarData | undefined): string {
  const last = row.record.events.at(-1)?.id ?? '';
  return `${row.id}|${row.record.events.length}|${last}|${row.updatedAt}|${row.contractId}|${calendar?.generatedAt ?? 'none'}`;
}

export function scheduled(row: ServiceRecordRow, contract: Contract, calendar: CalendarData | undefined): ScheduledRecord {
  const key = versionKey(row, calendar);
  const hit = cache.get(key);
  if (hit && hit.row.record === row.record) return hit;
  if (hit) return { ...hit, row };
  if (cache.size >= CACHE_MAX) cache.clear();
  const state = foldRecord(row.record);
  const entry = { row, state, schedule: scheduleClocks(state, contract, calendar) };
  cache.set(key, entry);
  return entry;
}

export type Tone = 'ok' | 'amber' | 'red' | 'paused' | 'done' | 'late';

/** Green while more than a quarter of the promised span is left, amber under it, red once breached. */
export function toneOf(reading: ClockReading): Tone {
  switch (reading.status) {
    case 'met':
      return 'done';
    case 'met_late':
      return 'late';
    case 'breached':
      return 'red';
    case 'paused':
      return 'paused';
    case 'running': {
      const span = Date.parse(reading.due) - Date.parse(reading.start);
      return span > 0 && reading.remainingMs / span < 0.25 ? 'amber' : 'ok';
    }
  }
}

/** The clocks still counting (running, paused or breached): what the board sorts and warns by. */
export const pending = (readings: readonly ClockReading[]): ClockReading[] => readings.filter((r) => r.doneAt === undefined);

/** What runs out first: the smallest time left on a clock still counting; Infinity when none is. */
export function urgency(readings: readonly ClockReading[]): number {
  return pending(readings).reduce((min, r) => Math.min(min, r.remainingMs), Number.POSITIVE_INFINITY);
}

export const read = (entry: ScheduledRecord, now: Date): ClockReading[] => clockStatus(entry.schedule, now);

/**
 * "1:05" for a span under a day, otherwise whole days and the rest ("1 天 0:00", "3 天 4:10"):
 * "24:00" would read as a time of day.
 */
export function span(ms: number): { days: number; hm: string } {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const rest = minutes - days * 1440;
  return { days, hm: `${Math.floor(rest / 60)}:${String(rest % 60).padStart(2, '0')}` };
}
