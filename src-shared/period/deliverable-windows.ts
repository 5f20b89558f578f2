/**
 * The windows a deliverable is due in, counted from the contract period's first day in whole
 * months (服务期每三个月: not calendar quarters), China calendar days with the end inclusive, the
 * last one clipped at the period's end. The same rule as src-shared/period/windows.ts
 * (contractWindows, p-compute's part of issue 12); kept here so the register does not wait on it.
 * The device's register and the office both take an entry only for one of these windows: an entry
 * keyed by any other day would never show against its deliverable.
 */
import { WINDOW_MONTHS, type WindowUnit } from '../catalog/period-schema';

export interface RegisterWindow {
  index: number;
  start: string;
  end: string;
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The day `months` after `start` (yyyy-mm-dd), the day of month kept or clipped to the month's last day. */
function addMonths(start: string, months: number): Date {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last)));
}

export function registerWindows(period: { start: string; end: string }, unit: WindowUnit): RegisterWindow[] {
  const windows: RegisterWindow[] = [];
  const step = WINDOW_MONTHS[unit];
  for (let index = 0; index < 1000; index++) {
    const start = day(addMonths(period.start, index * step));
    if (start > period.end) break;
    const next = addMonths(period.start, (index + 1) * step);
    const end = day(new Date(next.getTime() - 86_400_000));
    windows.push({ index, start, end: end > period.end ? period.end : end });
  }
  return windows;
}

/** The deliverable's window that is exactly `window`, if there is one. */
export function isRegisterWindow(period: { start: string; end: string }, unit: WindowUnit, window: { start: string; end: string }): boolean {
  return registerWindows(period, unit).some((w) => w.start === window.start && w.end === window.end);
}
