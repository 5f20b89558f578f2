/**
 * Time on the Chinese mainland: UTC+8 all year (no daylight saving since 1991), so a day and a time
 * of day are plain arithmetic on the instant, whatever the device's own time zone is.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
const OFFSET_MS = 8 * HOUR_MS;

/** Days since 1970-01-01 in China time: the index of the local day an instant falls on. */
export function chinaDay(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS);
}

/** The instant a China-time day starts (00:00 UTC+8). */
export function chinaDayStart(day: number): number {
  return day * DAY_MS - OFFSET_MS;
}

/** ISO weekday of a China-time day: 1 Monday … 7 Sunday (day 0, 1970-01-01, was a Thursday). */
export function isoWeekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7 + 1;
}

/** "2026-02-14" for a China-time day. */
export function dayKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dayYear(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** "08:30" → minutes after midnight. The schema's clock cannot write 24:00, so "23:59" as an end means midnight. */
export function clockMinutes(hhmm: string, isEnd = false): number {
  const minutes = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return isEnd && minutes === 23 * 60 + 59 ? 24 * 60 : minutes;
}
