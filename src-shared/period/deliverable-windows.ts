/**
 * The windows a deliverable is due in: the contract's own windows (windows.ts contractWindows,
 * counted from the period's first day, China calendar days, end inclusive, the last clipped at the
 * period's end). The device's register and the office both take an entry only for one of these
 * windows: an entry keyed by any other day would never show against its deliverable.
 */
import type { WindowUnit } from '../catalog/period-schema';
import { contractWindows } from './windows';

export interface RegisterWindow {
  index: number;
  start: string;
  end: string;
}

export function registerWindows(period: { start: string; end: string }, unit: WindowUnit): RegisterWindow[] {
  return contractWindows({ period }, unit).map(({ index, start, end }) => ({ index, start, end }));
}

/** The deliverable's window that is exactly `window`, if there is one. */
export function isRegisterWindow(period: { start: string; end: string }, unit: WindowUnit, window: { start: string; end: string }): boolean {
  return registerWindows(period, unit).some((w) => w.start === window.start && w.end === window.end);
}
