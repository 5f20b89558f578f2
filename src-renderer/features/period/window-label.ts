/** How a window is named on screen: "第2季度（2026-06-01 至 2026-08-31）", from its unit, index and dates. */
import type { PeriodWindow } from '../../../src-shared/period/types';
import type { Translator } from '../../i18n/i18n';

export function windowLabel({ t }: Pick<Translator, 't'>, w: PeriodWindow): string {
  return t(`period.window.${w.unit}`, { n: w.index + 1, start: w.start.slice(5), end: w.end.slice(5) });
}

/** "第2季度" alone, for a table's column head (the dates go beneath it). */
export function windowShortLabel({ t }: Pick<Translator, 't'>, w: PeriodWindow): string {
  return t(`period.window.short.${w.unit}`, { n: w.index + 1 });
}

/** "2026-12-02 10:00": an instant as the wall clock in China shows it (UTC+8 all year), whatever the device's zone. */
export function chinaDateTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function windowLongLabel({ t }: Pick<Translator, 't'>, w: PeriodWindow): string {
  return t('period.window.long', { name: windowLabel({ t }, w), start: w.start, end: w.end });
}
