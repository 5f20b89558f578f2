/**
 * Calendars on the device: the shipped one stored at start-up, the office's one taken from a
 * reference pull (how a new year's holidays arrive), read by id for the SLA clock.
 */
import { describe, expect, it } from 'vitest';
import type { ReferenceItem } from '../../../src-shared/sync/protocol';
import type { CalendarData } from '../../../src-shared/sla/types';
import { catalog, seeded } from './store-fixtures';

const shipped = (): CalendarData => catalog.calendars.find((c) => c.id === 'cn-mainland')!;
const item = (data: unknown, deleted = false): ReferenceItem => ({ kind: 'calendar', key: 'cn-mainland', hospitalId: null, deleted, hash: 'd'.repeat(64), data: deleted ? null : data });
const page = (items: ReferenceItem[]) => ({ items, cursor: 'c1', more: false, reset: false, hospitalIds: [] });

/** The office's newer calendar: 2027 added (as if its notice were published), generated later. */
function newer(): CalendarData {
  const c = shipped();
  return { ...c, generatedAt: new Date(Date.parse(c.generatedAt) + 86_400_000).toISOString(), years: { ...c.years, '2027': { holidays: ['2027-01-01'], workdays: [] } } };
}

describe('calendars on the device', () => {
  it('stores the shipped calendar with the catalog and reads it by id', async () => {
    const { db, repos } = await seeded();
    expect(await repos.reference.calendar('cn-mainland')).toEqual(shipped());
    expect(await repos.reference.calendar('nowhere')).toBeUndefined();
    expect(await db.calendars.count()).toBe(1);
  });

  it('takes the office’s calendar from a reference pull, and a restart does not put the older shipped one back', async () => {
    const { repos } = await seeded();
    const result = await repos.syncState.applyPage(page([item(newer())]));
    expect(result).toEqual({ applied: 1, problems: [] });
    expect(Object.keys((await repos.reference.calendar('cn-mainland'))!.years)).toContain('2027');
    await repos.reference.applyCatalog(catalog);
    expect(Object.keys((await repos.reference.calendar('cn-mainland'))!.years)).toContain('2027');
  });

  it('refuses a broken calendar from the office by name and keeps the stored one', async () => {
    const { repos } = await seeded();
    const broken = { ...shipped(), years: { '2026': { holidays: ['26-01-01'], workdays: [] } } };
    const result = await repos.syncState.applyPage(page([item(broken), { ...item(shipped()), key: 'other-id' }]));
    expect(result.applied).toBe(0);
    expect(result.problems).toEqual([expect.stringMatching(/^calendar cn-mainland: /), 'calendar other-id: key does not match the calendar']);
    expect(await repos.reference.calendar('cn-mainland')).toEqual(shipped());
  });

  it('removes a calendar the office deleted', async () => {
    const { repos } = await seeded();
    await repos.syncState.applyPage(page([item(null, true)]));
    expect(await repos.reference.calendar('cn-mainland')).toBeUndefined();
  });
});
