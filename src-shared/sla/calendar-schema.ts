/**
 * The calendar file's schema (assets/calendars/<id>.json, and the same object in the office's
 * reference data). Checked wherever a calendar arrives, so the clock never reads a broken one.
 */
import { z } from 'zod';
import { Slug } from '../catalog/schema';
import type { CalendarData as CalendarDataShape } from './types';

const IsoDate = z.iso.date();

export const CalendarYearSchema = z
  .object({
    /** Days off (放假), weekends inside a holiday block included. */
    holidays: z.array(IsoDate),
    /** Weekend days worked instead (调休上班). */
    workdays: z.array(IsoDate),
  })
  .strict();

export const CalendarDataSchema = z
  .object({
    id: Slug,
    name: z.object({ zh: z.string().min(1).max(100), en: z.string().min(1).max(100) }).strict(),
    source: z.string().min(1).max(4000),
    generatedAt: z.iso.datetime({ offset: true }),
    years: z.record(z.string().regex(/^\d{4}$/, 'expected a four-digit year'), CalendarYearSchema),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const [year, data] of Object.entries(c.years)) {
      for (const list of ['holidays', 'workdays'] as const) {
        data[list].forEach((day, i) => {
          if (!day.startsWith(`${year}-`)) ctx.addIssue({ code: 'custom', path: ['years', year, list, i], message: `${day} is not in ${year}` });
        });
      }
      const off = new Set(data.holidays);
      data.workdays.forEach((day, i) => {
        if (off.has(day)) ctx.addIssue({ code: 'custom', path: ['years', year, 'workdays', i], message: `${day} is both a holiday and a workday` });
      });
    }
  });

// The schema and the shared interface must stay one shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.output<typeof CalendarDataSchema>, CalendarDataShape> = true;
void sameShape;
