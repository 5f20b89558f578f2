/**
 * Numbers typed by an engineer: parsed leniently (full-width digits, a decimal comma, spaces)
 * but never guessed at. A reading outside the item's sane bounds is a typing mistake and is
 * refused; one outside the normal range is a finding: saved, flagged, never refused.
 */
import type { NumberItem } from '../catalog/schema';

export type ReadingResult =
  | { ok: true; value: number; inRange: boolean }
  | { ok: false; reason: 'empty' | 'not_a_number' | 'out_of_bounds' | 'too_many_decimals' | 'not_whole' };

/** Full-width digits and signs, and the points a Chinese IME types: "．" and "。" (and "，" as a decimal comma). */
const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0C\uFF0D\uFF0B\u3002\uFF61]/g;

function toAscii(text: string): string {
  return text.replace(FULL_WIDTH, (ch) => {
    const code = ch.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) return String(code - 0xff10);
    return { '\uFF0E': '.', '\u3002': '.', '\uFF61': '.', '\uFF0C': ',', '\uFF0D': '-', '\uFF0B': '+' }[ch] ?? ch;
  });
}

export function parseReading(text: string, item: Pick<NumberItem, 'bounds' | 'normal' | 'decimals'>): ReadingResult {
  const cleaned = toAscii(text).trim().replace(/\s+/g, '');
  if (cleaned === '') return { ok: false, reason: 'empty' };
  // One decimal separator at most; a comma is taken as the decimal point ("3,5"), never as thousands.
  const normalized = cleaned.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalized)) return { ok: false, reason: 'not_a_number' };
  // "65.0" and "3.50" say no more than "65" and "3.5": trailing zeros are not extra precision.
  const decimals = normalized.includes('.') ? normalized.split('.')[1]!.replace(/0+$/, '').length : 0;
  if (decimals > item.decimals) return { ok: false, reason: item.decimals === 0 ? 'not_whole' : 'too_many_decimals' };
  const value = Number(normalized);
  if (!Number.isFinite(value)) return { ok: false, reason: 'not_a_number' };
  if (value < item.bounds.min || value > item.bounds.max) return { ok: false, reason: 'out_of_bounds' };
  return { ok: true, value, inRange: isInRange(value, item.normal) };
}

export function isInRange(value: number, normal: { min?: number | undefined; max?: number | undefined }): boolean {
  return (normal.min === undefined || value >= normal.min) && (normal.max === undefined || value <= normal.max);
}

/** "20–80 %", "≤ 80 %", "≥ 10 GB" — for the screen and the report. */
export function formatRange(normal: { min?: number | undefined; max?: number | undefined }, unit: string): string {
  if (normal.min !== undefined && normal.max !== undefined) return `${normal.min}–${normal.max} ${unit}`;
  if (normal.max !== undefined) return `≤ ${normal.max} ${unit}`;
  if (normal.min !== undefined) return `≥ ${normal.min} ${unit}`;
  return '';
}
