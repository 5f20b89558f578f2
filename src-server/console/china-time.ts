/**
 * Instants as the people who read the office's public pages read them: wall-clock time in China
 * (Asia/Shanghai, UTC+8 all year). The JSON answers keep ISO 8601; only the pages use this.
 */
const ZONE = 'Asia/Shanghai';

const parts = (at: Date, options: Intl.DateTimeFormatOptions): Record<string, string> =>
  Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, hourCycle: 'h23', ...options }).formatToParts(at).map((p) => [p.type, p.value]));

/** 08:56 — the clock in China at that instant. */
export function chinaClock(at: Date): string {
  const p = parts(at, { hour: '2-digit', minute: '2-digit' });
  return `${p.hour}:${p.minute}`;
}

/** 2026-12-02 08:56 — the day and clock in China; text that is not a time is returned as it is. */
export function chinaDateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const p = parts(at, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day} ${chinaClock(at)}`;
}
