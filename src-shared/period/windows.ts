/**
 * The windows a contract period is cut into (issue 12): counted from the period's first day
 * (服务期每三个月), not from calendar quarters, in China calendar dates, `end` inclusive, the last
 * one clipped at the period's end. A window starting on a day its month lacks (the 31st, 29
 * February) starts on that month's last day instead; each start is counted from the period's
 * first day, never from the previous window, so a short month does not shift the windows after it.
 */
import type { Contract } from '../catalog/reference';
import { WINDOW_MONTHS, type WindowUnit } from '../catalog/period-schema';
import { chinaDay, dayKey } from '../sla/china-time';
import type { PeriodWindow } from './types';

/** The China calendar date (YYYY-MM-DD) of an ISO instant, whatever its offset. */
export function chinaDate(instant: string): string {
  return dayKey(chinaDay(Date.parse(instant)));
}

/** `asOf` as a China date: an ISO instant is converted, a plain date is taken as it is. */
export function dayOf(asOf: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : chinaDate(asOf);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `start` plus `months` calendar months, the day clamped to the month's last day. */
function addMonths(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const total = m - 1 + months;
  const year = y + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const day = Math.min(d, daysInMonth(year, month));
  return new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
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

export function windowOf(windows: readonly PeriodWindow[], day: string): PeriodWindow | undefined {
  return windows.find((w) => w.start <= day && day <= w.end);
}

/** Whether two date spans share at least one day. */
export function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start <= b.end && b.start <= a.end;
}
