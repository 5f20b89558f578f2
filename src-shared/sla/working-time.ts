/**
 * Working-time arithmetic: how far `amount` milliseconds of a clock's own kind of time reach from
 * an instant, and how much of it lies between two instants. Clock time counts every millisecond;
 * service hours and working days count only inside their daily windows (on China time).
 */
import type { Contract } from '../catalog/reference';
import type { WorkCalendar } from './calendar';
import { chinaDay, chinaDayStart, clockMinutes, DAY_MS, isoWeekday, MINUTE_MS } from './china-time';

export interface TimeMeasure {
  /** The instant at which `amount` ms of this time have passed since `from`. */
  advance(from: number, amount: number): number;
  /** How many ms of this time lie in [from, to). */
  between(from: number, to: number): number;
  /** Whether this time is running at the instant. */
  inside(at: number): boolean;
}

/** Every millisecond counts: minutes, hours and days of clock time. */
export const CLOCK_TIME: TimeMeasure = {
  advance: (from, amount) => from + amount,
  between: (from, to) => Math.max(0, to - from),
  inside: () => true,
};

/**
 * No contract's window is shut for years: if it is, the data is broken (a calendar that makes every
 * day a holiday), and the clock stops with an error instead of looping.
 */
const MAX_DAYS = 3 * 366;

type ServiceHours = Contract['serviceHours'];

/** Time inside daily windows `start`–`end` on the days `counts` accepts. */
function windowMeasure(hours: Pick<ServiceHours, 'start' | 'end'>, counts: (day: number) => boolean): TimeMeasure & { dayLength: number } {
  const open = clockMinutes(hours.start) * MINUTE_MS;
  let close = clockMinutes(hours.end, true) * MINUTE_MS;
  // Hours past midnight (22:00–06:00) belong to the day they start on.
  if (close <= open) close += DAY_MS;
  const window = (day: number): [number, number] | undefined => (counts(day) ? [chinaDayStart(day) + open, chinaDayStart(day) + close] : undefined);
  return {
    dayLength: close - open,
    advance(from, amount) {
      let left = amount;
      // Start a day early: an overnight window that opened yesterday may still be open.
      for (let day = chinaDay(from) - 1, n = 0; n < MAX_DAYS; day++, n++) {
        const w = window(day);
        if (!w || w[1] <= from) continue;
        const s = Math.max(from, w[0]);
        if (left <= w[1] - s) return s + left;
        left -= w[1] - s;
      }
      throw new Error(`no working time within ${MAX_DAYS} days of ${new Date(from).toISOString()}: check the calendar and service hours`);
    },
    between(from, to) {
      let total = 0;
      for (let day = chinaDay(from) - 1; day <= chinaDay(to); day++) {
        const w = window(day);
        if (w) total += Math.max(0, Math.min(to, w[1]) - Math.max(from, w[0]));
      }
      return total;
    },
    inside(at) {
      const day = chinaDay(at);
      return [day - 1, day].some((d) => {
        const w = window(d);
        return w !== undefined && at >= w[0] && at < w[1];
      });
    },
  };
}

/** The contract's service hours: on the listed weekdays, or on the calendar's working days (incl. 调休). */
export function serviceTime(hours: ServiceHours, calendar: WorkCalendar): TimeMeasure {
  const { days } = hours;
  return windowMeasure(hours, days === 'workdays' ? (day) => calendar.isWorkday(day) : (day) => days.includes(isoWeekday(day)));
}

/**
 * Working days (工作日): the calendar's working days, whatever weekdays the service hours list
 * (工作日 is the state's word: seed 000 serves every day but still counts working days on the
 * calendar), each as long as the contract's service day. See clock.ts for why N working days
 * are N such days of working time.
 */
export function workingDayTime(hours: ServiceHours, calendar: WorkCalendar): TimeMeasure & { dayLength: number } {
  return windowMeasure(hours, (day) => calendar.isWorkday(day));
}
