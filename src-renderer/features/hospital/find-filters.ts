/**
 * The hospitals screen's search and the hospital page's filters (per hospital), kept in memory
 * while the app runs: opening an inspection and coming back finds the list as it was left. Not
 * stored: a new day starts clean.
 */
import { create } from 'zustand';
import type { InspectionFilter } from '../../db/repositories/history';
import type { AssetRow, InspectionStatus } from '../../db/rows';
import { assetSubject } from '../../db/subjects';

export const PAGE = 50;

export interface Filters {
  status: InspectionStatus | '';
  /** A `system:` or `type:` subject key, or '' for all. */
  subject: string;
  /** The asset tag as typed or scanned. */
  tag: string;
  /** yyyy-mm-dd from the date inputs, local days, both inclusive. */
  from: string;
  to: string;
  /** How many rows are shown: grows by a page with "show more", back to one page on any change. */
  limit: number;
}

export const NO_FILTERS: Filters = { status: '', subject: '', tag: '', from: '', to: '', limit: PAGE };

interface FilterState {
  /** The hospitals screen's search text. */
  hospitalQuery: string;
  setHospitalQuery(query: string): void;
  byHospital: Record<string, Filters>;
  update(hospitalId: string, patch: Partial<Omit<Filters, 'limit'>>): void;
  more(hospitalId: string): void;
  clear(hospitalId: string): void;
}

export const useFilters = create<FilterState>((set) => ({
  hospitalQuery: '',
  setHospitalQuery: (hospitalQuery) => set({ hospitalQuery }),
  byHospital: {},
  update: (hospitalId, patch) =>
    set((s) => ({ byHospital: { ...s.byHospital, [hospitalId]: { ...(s.byHospital[hospitalId] ?? NO_FILTERS), ...patch, limit: PAGE } } })),
  more: (hospitalId) =>
    set((s) => {
      const current = s.byHospital[hospitalId] ?? NO_FILTERS;
      return { byHospital: { ...s.byHospital, [hospitalId]: { ...current, limit: current.limit + PAGE } } };
    }),
  clear: (hospitalId) => set((s) => ({ byHospital: { ...s.byHospital, [hospitalId]: NO_FILTERS } })),
}));

export const hasFilters = (f: Filters): boolean => f.status !== '' || f.subject !== '' || f.tag.trim() !== '' || f.from !== '' || f.to !== '';

/**
 * A tag as the store keeps it: scanners in a Chinese input mode can send full-width letters and
 * digits, and people type lower case.
 */
export function normalizeTag(text: string): string {
  return text
    .trim()
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
}

export const findByTag = (assets: readonly AssetRow[], text: string): AssetRow | undefined => {
  const tag = normalizeTag(text);
  return tag === '' ? undefined : assets.find((a) => a.assetTag === tag);
};

/** Local midnight of a yyyy-mm-dd day, `days` later, as the ISO instant the store compares. */
function localDay(day: string, days = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days).toISOString();
}

export const badRange = (f: Filters): boolean => f.from !== '' && f.to !== '' && f.to < f.from;

/**
 * The store's query for the filters. A tag that names no unit of this hospital matches nothing
 * (null), rather than being ignored: the list must not look as if it were filtered by it.
 */
export function toQuery(f: Filters, assets: readonly AssetRow[]): InspectionFilter | null {
  const query: InspectionFilter = {};
  const subjects: string[] = [];
  if (f.status) query.status = f.status;
  if (f.subject) subjects.push(f.subject);
  if (f.tag.trim() !== '') {
    const unit = findByTag(assets, f.tag);
    if (!unit) return null;
    subjects.push(assetSubject(unit.id));
  }
  if (subjects.length > 0) query.subjects = subjects;
  if (f.from) query.startedFrom = localDay(f.from);
  if (f.to) query.startedBefore = localDay(f.to, 1);
  return badRange(f) ? null : query;
}
