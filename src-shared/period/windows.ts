/**
 * The windows a contract period is cut into (issue 12): counted from the period's first day
 * (服务期每三个月), not from calendar quarters, in China calendar dates, `end` inclusive, the last
 * one clipped at the period's end. Window k starts on the same day of the month k units after the
 * period's first day; where that month lacks the day (the 31st, 29 February) it starts on the 1st
 * of the month after, so the window before it runs to its month's last day. A contract from
 * 2028-02-29 then has its fourth quarter end on 2029-02-28, as the contract would write it, and
 * each start is counted from the first day, so a short month never shifts the windows after it.
 */
import type { Contract } from '../catalog/reference';
import { PeriodError } from './problems';
import { WINDOW_MONTHS, type WindowUnit } from '../catalog/period-schema';
import { chinaDay, dayKey } from '../sla/china-time';
import type { PeriodWindow } from './types';

// A year of records falls on a few hundred days: each day's text is made once, not once per record.
const dayText = new Map<number, string>();

/** The China calendar date (YYYY-MM-DD) of an ISO instant, whatever its offset. */
export function chinaDate(instant: string): string {
  const day = chinaDay(Date.parse(instant));
  let text = dayText.get(day);
  if (text === undefined) {
    text = dayKey(day);
    dayText.set(day, text);
  }
  return text;
}

/** `asOf` as a China date: an ISO instant is converted, a plain date is taken as it is. */
export function dayOf(asOf: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : chinaDate(asOf);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `start` plus `months` calendar months; a day the month lacks becomes the 1st of the month after. */
function addMonths(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const total = m - 1 + months;
  const year = y + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  if (d > daysInMonth(year, month)) return new Date(Date.UTC(year, month + 1, 1)).toISOString().slice(0, 10);
  return new Date(Date.UTC(year, month, d)).toISOString().slice(0, 10);
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export function contractWindows(contract: Pick<Contract, 'period'>, unit: WindowUnit): PeriodWindow[] {
  const { start, end } = contract.period;
  const windows: PeriodWindow[] = [];
  for (let index = 0; ; index++) {
    const from = addMonths(start, index * WINDOW_MONTHS[unit]);
    if (from > end) break;
    const next = addMonths(start, (index + 1) * WINDOW_MONTHS[unit]);
    const last = dayBefore(next);
    windows.push({ unit, index, start: from, end: last < end ? last : end });
  }
  return windows;
}

/** The windows of the contract's own inspection cadence; a contract that sets none is refused with `no_cadence`. */
export function cadenceWindows(contract: Pick<Contract, 'id' | 'period' | 'inspection'>): PeriodWindow[] {
  const cadence = contract.inspection.cadence;
  if (!cadence) throw new PeriodError('no_cadence', `contract ${contract.id} sets no inspection cadence`);
  return contractWindows(contract, cadence.every);
}

export function windowOf(windows: readonly PeriodWindow[], day: string): PeriodWindow | undefined {
  return windows.find((w) => w.start <= day && day <= w.end);
}

/** Whether two date spans share at least one day. */
export function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start <= b.end && b.start <= a.end;
}
