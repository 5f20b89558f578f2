/**
 * File names for the PDFs an engineer saves: `<hospital>_<what>_<date>[_<report number>].pdf`, so a
 * folder of copies for the IT office sorts and reads by hospital and date. The hospital's name is
 * free text from the catalog or the office, so every part is made safe for Windows (the strictest
 * file system the app runs on) and the whole name kept short enough for every file system.
 * Pure: the renderer (blank sheets) and the main process (saved copies) both call it.
 */
import { z } from 'zod';
import { translate, type Locale } from '../i18n/translate';

/** Short enough for Explorer and zip tools; the budget the brief of issue 9 set. */
export const MAX_FILE_NAME_CHARS = 150;
/** ext4 and most Unix file systems cap a name at 255 bytes; a Chinese character takes 3. */
export const MAX_FILE_NAME_BYTES = 240;

/**
 * What Windows refuses in a name (`\ / : * ? " < > |`), every control character (C0, DEL, C1),
 * format characters (bidi overrides that could show `fdp.exe` as `exe.pdf`, zero-width joiners,
 * BOM) and lone surrogates, which no file system can encode.
 */
const FORBIDDEN = /[\\/:*?"<>|]|\p{Cc}|\p{Cf}|\p{Cs}/gu;
/** CON, PRN, AUX, NUL, COM0-9, LPT0-9 (and the superscript digits Windows also reserves), with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * One part of a name: forbidden characters become "-", control characters a space, format
 * characters nothing; runs of spaces one space; no dots, spaces, "-" or "_" at either end (a
 * leading dot hides a file on Unix, a trailing one is dropped by Windows).
 */
function cleanPart(text: string): string {
  return text
    .replace(FORBIDDEN, (c) => (/\p{Cc}/u.test(c) ? ' ' : /\p{Cf}|\p{Cs}/u.test(c) ? '' : '-'))
    .replace(/\s+/gu, ' ')
    .replace(/-{2,}/g, '-')
    .replace(/^[\s._-]+|[\s._-]+$/gu, '');
}

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/** The longest prefix of `text` (whole code points) that keeps `fits` true. */
function truncate(text: string, fits: (candidate: string) => boolean): string {
  const points = [...text];
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(points.slice(0, mid).join(''))) low = mid;
    else high = mid - 1;
  }
  return points.slice(0, low).join('').replace(/[\s.-]+$/u, '');
}

export interface FileNameParts {
  /** Free text: the first to be shortened when the name is too long. */
  hospital: string;
  /** What the document is, in the UI's language: 巡检报告, 巡检记录表. */
  kind: string;
  /** yyyy-mm-dd. */
  date: string;
  /** Kept whole: it is what makes two reports of one day different files. */
  reportNumber?: string;
}

/**
 * `<hospital>_<kind>_<date>[_<reportNumber>]<ext>`, safe on Windows and short enough everywhere.
 * Only the hospital's name is shortened; the kind, date, report number and extension are kept.
 */
export function documentFileName(parts: FileNameParts, ext = '.pdf'): string {
  const tail = [parts.kind, parts.date, parts.reportNumber ?? ''].map(cleanPart).filter(Boolean);
  const extension = cleanPart(ext) ? `.${cleanPart(ext)}` : '';
  const compose = (hospital: string): string => [hospital, ...tail].filter(Boolean).join('_') + extension;
  const fits = (hospital: string): boolean => {
    const name = compose(hospital);
    return name.length <= MAX_FILE_NAME_CHARS && utf8Length(name) <= MAX_FILE_NAME_BYTES;
  };
  const hospital = truncate(cleanPart(parts.hospital), fits);
  let name = compose(hospital);
  // Windows treats "NUL.txt_巡检报告.pdf" as the device NUL: what comes before the first dot decides.
  if (RESERVED.test(name.split('.')[0]!.trimEnd())) name = `_${name}`;
  return name;
}

/** yyyy-mm-dd of an instant on the calendar of `timeZone` (the device's when absent). */
export function calendarDate(at: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A signed report's copy: 郁南县人民医院_巡检报告_2026-12-01_XJ-20261201-3F9A1C.pdf. */
export function reportFileName(locale: Locale, parts: { hospital: string; date: string; reportNumber: string }): string {
  return documentFileName({ ...parts, kind: translate(locale, 'file.kind.report') });
}

/** A blank sheet for wet-ink sign-off: 郁南县人民医院_巡检记录表_2026-12-01.pdf (the day it is printed). */
export function blankSheetFileName(locale: Locale, parts: { hospital: string; date: string }): string {
  return documentFileName({ ...parts, kind: translate(locale, 'file.kind.blankSheet') });
}

/**
 * What "save a copy" needs besides the report's locator to name the file; the main process
 * builds the name from these itself rather than trusting a name it is given.
 */
export const CopyNameParts = z
  .object({
    locale: z.enum(['zh-CN', 'en']),
    /** Any name the catalog or the office gives; bounded only against absurd payloads, the name function shortens it. */
    hospital: z.string().max(10_000),
    /** The inspection's completion; the file is named by its date on the device's calendar. */
    completedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type CopyNameParts = z.infer<typeof CopyNameParts>;
