/**
 * What the period screens compute from (db/repositories/period-inputs.ts), read from the store
 * (fake-indexeddb) as the app leaves it: a contract's inspections of a span with their findings,
 * verdicts, mode and report numbers, its drafts whenever they started, and its service records,
 * never another contract's nor anything from before the read's margin.
 */
import { describe, expect, it } from 'vitest';
import { planContract } from '../../../src-shared/period/plan';
import { LOOKBACK_DAYS, readBounds } from '../../../src-renderer/db/repositories/period-inputs';
import { subjectsOf } from '../../../src-renderer/db/subjects';
import { inspectionOf, serviceOf, type SeedInspection } from '../../e2e/helpers/period-seed';
import { WH, wuhanYear, ZJ } from '../../e2e/helpers/period-year';
import { seeded } from './store-fixtures';

async function store(inspections: SeedInspection[], services: ReturnType<typeof wuhanYear>['services']) {
  const { db, repos } = await seeded();
  const built = inspections.map(inspectionOf);
  await db.inspections.bulkPut(built.map(({ row, answers }) => ({ ...row, findingCount: answers.length, subjects: subjectsOf(row.targets) })));
  await db.answers.bulkPut(built.flatMap((b) => b.answers));
  await db.serviceRecords.bulkPut(services.map(serviceOf));
  return repos;
}

const drg = [{ kind: 'system' as const, systemId: `${WH.id}/wh-drg`, templateId: 'drg', templateVersion: 1 }];
const h = { hospitalId: 'wuhan-central', contractId: WH.id };

describe('period inputs', () => {
  it('reads a span with a margin before it: China days, end inclusive', () => {
    expect(readBounds({ start: '2026-09-01', end: '2026-11-30' })).toEqual({
      from: new Date(Date.parse('2026-09-01T00:00:00+08:00') - LOOKBACK_DAYS * 86_400_000).toISOString(),
      before: '2026-11-30T16:00:00.000Z',
    });
  });

  it('turns the rows into what the computations read: systems by their contract id, findings with levels, verdicts, mode, numbers', async () => {
    const year = wuhanYear();
    const repos = await store(year.inspections, year.services);
    const { inspections, services } = await repos.periodInputs.read(WH, { start: '2026-09-01', end: '2026-11-30' });
    const byId = new Map(inspections.map((i) => [i.id, i]));
    // wh-h1 completed in April is outside the quarter and its margin.
    expect([...byId.keys()].sort()).toEqual(['wh-q3a', 'wh-q3b']);
    const b = byId.get('wh-q3b')!;
    expect(b).toMatchObject({ state: 'signed', systems: ['wh-drg'], mode: 'on_site', reportNumber: 'XJ-wh-q3b' });
    expect(b.verdicts).toEqual([
      { role: 'department', scale: 'pass_fail', value: 'fail' },
      { role: 'it_office', scale: 'pass_fail', value: 'pass' },
    ]);
    expect(b.findings).toEqual([
      expect.objectContaining({ systemId: 'wh-drg', itemId: 'db-backup', faultLevelId: 'fatal', serviceQuality: false, label: expect.objectContaining({ zh: expect.any(String) }) }),
    ]);
    expect(b.findings[0]!.label.zh).not.toBe('db-backup');
    // Faults from 09-10 to 11-12; the December one is after the span.
    expect(services.map((s) => s.id).sort()).toEqual(['wh-f1', 'wh-f2', 'wh-f3']);
  });

  it('keeps to the contract, takes drafts whenever they started, and leaves out what was completed before the span', async () => {
    const repos = await store(
      [
        { ...h, id: 'old-draft', completed: '2025-01-10 10:00', targets: drg, draft: true },
        { ...h, id: 'too-early', completed: '2026-05-01 10:00', targets: drg },
        { ...h, id: 'just-before', completed: '2026-08-31 23:00', targets: drg },
        { ...h, id: 'first-day', completed: '2026-09-01 08:00', targets: drg },
        { hospitalId: 'zhanjiang-central', contractId: ZJ.id, id: 'other', completed: '2026-10-01 10:00', targets: drg },
      ],
      [],
    );
    const { inspections } = await repos.periodInputs.read(WH, { start: '2026-09-01', end: '2026-11-30' });
    expect(inspections.map((i) => [i.id, i.state])).toEqual([
      ['old-draft', 'draft'],
      ['first-day', 'signed'],
    ]);
  });

  it('counts an inspection where it was completed, however long before it was started', async () => {
    const { db, repos } = await seeded();
    const { row, answers } = inspectionOf({ ...h, id: 'long-open', completed: '2026-10-20 10:00', targets: drg });
    // Started in March, left open, completed in October.
    await db.inspections.put({ ...row, createdAt: '2026-03-02T01:00:00.000Z', findingCount: answers.length, subjects: subjectsOf(row.targets) });
    const { inspections } = await repos.periodInputs.read(WH, { start: '2026-09-01', end: '2026-11-30' });
    expect(inspections.map((i) => i.id)).toEqual(['long-open']);
    const earlier = await repos.periodInputs.read(WH, { start: '2026-03-01', end: '2026-05-31' });
    expect(earlier.inspections).toEqual([]);
  });

  it('gives the plan what it needs: both half-years of 004 done from the seeded year', async () => {
    const year = wuhanYear();
    const repos = await store(year.inspections, year.services);
    const { inspections } = await repos.periodInputs.read(WH, WH.period);
    const plan = planContract({ contract: WH, assets: [], inspections, asOf: '2026-12-02T02:00:00Z' });
    expect(plan.cells.map((c) => [c.window.start, c.state])).toEqual([
      ['2026-03-01', 'done'],
      ['2026-09-01', 'done'],
    ]);
    expect(plan.cells[0]!.inspections).toEqual([{ id: 'wh-h1', mode: 'on_site', reportNumber: 'XJ-wh-h1' }]);
  });
});
