/**
 * Calendar lookup for the clock: is a China-time day a working day? Holidays (放假) are off,
 * make-up days (调休上班) are on even on a weekend, other days follow Monday–Friday. A year the
 * calendar has no data for is counted Monday–Friday and remembered, so the screen can say so.
 */
import { dayKey, dayYear, isoWeekday } from './china-time';
import type { CalendarData } from './types';

interface Indexed {
  holidays: Set<string>;
  workdays: Set<string>;
  years: Set<number>;
}

// Indexing a calendar is done once per calendar object, not once per record.
const indexCache = new WeakMap<CalendarData, Indexed>();

function indexed(calendar: CalendarData): Indexed {
  let found = indexCache.get(calendar);
  if (!found) {
    const years = Object.entries(calendar.years);
    found = {
      holidays: new Set(years.flatMap(([, y]) => y.holidays)),
      workdays: new Set(years.flatMap(([, y]) => y.workdays)),
      years: new Set(years.map(([y]) => Number(y))),
    };
    indexCache.set(calendar, found);
  }
  return found;
}

export interface WorkCalendar {
  isWorkday(day: number): boolean;
  /** Years asked about that the calendar had no data for, in order. */
  fallbackYears(): number[];
}

/** A lookup over `calendar` (absent: every year falls back) that records the years it had to guess. */
export function workCalendar(calendar: CalendarData | undefined): WorkCalendar {
  const data = calendar ? indexed(calendar) : undefined;
  const missing = new Set<number>();
  return {
    isWorkday(day) {
      const weekday = isoWeekday(day) <= 5;
      const year = dayYear(day);
      if (!data?.years.has(year)) {
        missing.add(year);
        return weekday;
      }
      const key = dayKey(day);
      if (data.holidays.has(key)) return false;
      if (data.workdays.has(key)) return true;
      return weekday;
    },
    fallbackYears: () => [...missing].sort((a, b) => a - b),
  };
}
