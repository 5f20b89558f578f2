/** The report's words and dates in its own language (not the UI's: a report may be printed in either). */
import { translate, type MessageKey, type MessageParams } from '../../src-shared/i18n/translate';
import type { ReportLocale } from '../../src-shared/report/model';

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function labelsFor(locale: ReportLocale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** "2025-03-14 09:30" in the given time zone (the device's by default). */
export function formatDateTime(iso: string, timeZone?: string): string {
  const parts = dateParts(iso, timeZone);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** "2025-03": the folder a report of that date is filed under. */
export function monthOf(iso: string, timeZone?: string): string {
  const parts = dateParts(iso, timeZone);
  return `${parts.year}-${parts.month}`;
}

function dateParts(iso: string, timeZone?: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const out = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const part of format.formatToParts(new Date(iso))) {
    if (part.type in out) out[part.type as keyof typeof out] = part.value;
  }
  return out;
}
