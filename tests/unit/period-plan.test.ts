/**
 * The inspection plan (issue 12 point 1), worked by hand from the seeds' cadences: 004 inspects
 * twice a year in half-years from 1 March, 003 four times a year from 1 January with its hardware
 * inspected unit by unit. An inspection counts by its completion day; a draft is in progress.
 */
import { describe, expect, it } from 'vitest';
import type { Contract } from '../../src-shared/catalog/reference';
import { planContract } from '../../src-shared/period/plan';
import type { PlanCell } from '../../src-shared/period/types';
import { contractOf, inspection } from './period-fixtures';

const c004 = contractOf('004');
const c003 = contractOf('003');
const cell = (cells: PlanCell[], index: number, key: string): PlanCell => {
  const found = cells.find((c) => c.window.index === index && (c.target.kind === 'system' ? c.target.id : c.target.templateId) === key);
  if (!found) throw new Error(`no cell ${index}/${key}`);
  return found;
};

describe('plan of 004 (half-years from 2026-03-01)', () => {
  const plan = (asOf: string, inspections = [] as ReturnType<typeof inspection>[]) => planContract({ contract: c004, assets: [], inspections, asOf });

  it('on the window’s last day it is still due; the next day it is late', () => {
    expect(cell(plan('2026-08-31').cells, 0, 'wh-drg').state).toBe('due');
    expect(cell(plan('2026-09-01').cells, 0, 'wh-drg').state).toBe('late');
    // The same boundary read from an instant: 2026-08-31 23:30 in Beijing is 15:30 UTC.
    expect(cell(plan('2026-08-31T15:30:00Z').cells, 0, 'wh-drg').state).toBe('due');
    expect(cell(plan('2026-08-31T16:00:00Z').cells, 0, 'wh-drg').state).toBe('late');
  });

  it('the window not yet started is upcoming; counts add up over all cells', () => {
    const p = plan('2026-04-10');
    expect(cell(p.cells, 1, 'wh-drg').state).toBe('upcoming');
    expect(p.current?.index).toBe(0);
    expect(p.counts).toEqual({ done: 0, in_progress: 0, due: 1, late: 0, upcoming: 1 });
    expect(p.problem).toBeUndefined();
  });

  it('a completed inspection counts for the window of its completion day, with its mode and report number', () => {
    const done = inspection('i1', c004, { completed: '2026-08-31 17:00', state: 'signed', reportNumber: 'XJ-1', mode: 'remote' });
    const p = plan('2026-09-05', [done]);
    const first = cell(p.cells, 0, 'wh-drg');
    expect(first.state).toBe('done');
    expect(first.inspections).toEqual([{ id: 'i1', mode: 'remote', reportNumber: 'XJ-1' }]);
    expect(cell(p.cells, 1, 'wh-drg').state).toBe('due');
    // Completed the next morning: it counts for the second half-year, and the first is late.
    const nextDay = plan('2026-09-05', [inspection('i2', c004, { started: '2026-08-31 16:00', completed: '2026-09-01 09:00' })]);
    expect(cell(nextDay.cells, 0, 'wh-drg').state).toBe('late');
    expect(cell(nextDay.cells, 1, 'wh-drg').state).toBe('done');
  });

  it('a draft is in progress while its window is open, and does not count as done', () => {
    const draft = inspection('d1', c004, { started: '2026-04-02 10:00' });
    expect(cell(plan('2026-04-10', [draft]).cells, 0, 'wh-drg').state).toBe('in_progress');
    expect(cell(plan('2026-09-01', [draft]).cells, 0, 'wh-drg').state).toBe('late');
  });

  it('the next visit lists the open target, marked late when an earlier window was missed', () => {
    const p = plan('2026-10-01');
    expect(p.nextVisit).toHaveLength(1);
    expect(p.nextVisit[0]).toMatchObject({ state: 'late', window: { index: 1 }, target: { kind: 'system', id: 'wh-drg' } });
    const caughtUp = plan('2026-10-01', [inspection('i3', c004, { completed: '2026-09-20 11:00' })]);
    expect(caughtUp.nextVisit).toEqual([]);
  });

  it('asOf outside the period: the plan is drawn and says why there is no current window', () => {
    const p = plan('2027-03-01');
    expect(p.problem).toEqual({ code: 'outside_period', asOf: '2027-03-01', start: '2026-03-01', end: '2027-02-28' });
    expect(p.current).toBeUndefined();
    expect(p.counts.late).toBe(2);
  });

  it('a contract without a cadence: no windows, the problem named', () => {
    const noCadence: Contract = { ...c004, inspection: { perYear: c004.inspection.perYear, description: c004.inspection.description } };
    const p = planContract({ contract: noCadence, assets: [], inspections: [], asOf: '2026-04-01' });
    expect(p.problem).toEqual({ code: 'no_cadence' });
    expect(p.windows).toEqual([]);
    expect(p.cells).toEqual([]);
  });
});

describe('plan of 003 (quarterly, hardware unit by unit)', () => {
  const kiosks = ['k1', 'k2', 'k3', 'k4'].map((id) => ({ id, contractId: c003.id, templateId: 'queue-kiosk' }));
  const other = { id: 'x1', contractId: 'another-contract', templateId: 'queue-kiosk' };

  it('a hardware group with 3 of 4 units done is not done; all 4 make it done', () => {
    const three = inspection('h1', c003, { completed: '2026-02-10 15:00', systems: [], assets: ['k1', 'k2', 'k3'] });
    const p = planContract({ contract: c003, assets: [...kiosks, other], inspections: [three], asOf: '2026-03-01' });
    const group = cell(p.cells, 0, 'queue-kiosk');
    expect(group).toMatchObject({ state: 'due', unitsDone: 3, unitsTotal: 4 });
    expect(p.nextVisit.find((v) => v.target.kind === 'hardware_group' && v.target.templateId === 'queue-kiosk')?.missingAssetIds).toEqual(['k4']);
    const fourth = inspection('h2', c003, { completed: '2026-03-20 10:00', systems: [], assets: ['k4'] });
    const after = planContract({ contract: c003, assets: kiosks, inspections: [three, fourth], asOf: '2026-04-02' });
    expect(cell(after.cells, 0, 'queue-kiosk')).toMatchObject({ state: 'done', unitsDone: 4, unitsTotal: 4 });
  });

  it('units inspected in different windows do not add up: 3 in Q1 and 1 in Q2 leave Q1 late', () => {
    const three = inspection('h1', c003, { completed: '2026-02-10 15:00', systems: [], assets: ['k1', 'k2', 'k3'] });
    const one = inspection('h2', c003, { completed: '2026-04-02 10:00', systems: [], assets: ['k4'] });
    const p = planContract({ contract: c003, assets: kiosks, inspections: [three, one], asOf: '2026-04-05' });
    expect(cell(p.cells, 0, 'queue-kiosk')).toMatchObject({ state: 'late', unitsDone: 3 });
    expect(cell(p.cells, 1, 'queue-kiosk')).toMatchObject({ state: 'due', unitsDone: 1 });
  });

  it('the next visit: a window missed long ago and made up since is history; the one just missed makes it late', () => {
    const q2 = inspection('s2', c003, { completed: '2026-05-10 10:00', systems: ['mz-queue'] });
    // Q1 missed, Q2 done, now in Q3: the system is simply due.
    const inQ3 = planContract({ contract: c003, assets: [], inspections: [q2], asOf: '2026-08-01' });
    expect(cell(inQ3.cells, 0, 'mz-queue').state).toBe('late');
    expect(inQ3.nextVisit).toEqual([expect.objectContaining({ state: 'due', window: expect.objectContaining({ index: 2 }) })]);
    // After the period, with Q4 missed: the last window is what is owed.
    const after = planContract({ contract: c003, assets: [], inspections: [q2], asOf: '2027-01-05' });
    expect(after.nextVisit).toEqual([expect.objectContaining({ state: 'late', window: expect.objectContaining({ index: 3 }) })]);
    // Before the period starts nothing is owed yet.
    expect(planContract({ contract: c003, assets: [], inspections: [], asOf: '2025-12-20' }).nextVisit).toEqual([]);
  });

  it('a template the contract covers with no unit on record is not planned', () => {
    const p = planContract({ contract: c003, assets: kiosks, inspections: [], asOf: '2026-02-01' });
    const groups = new Set(p.cells.flatMap((c) => (c.target.kind === 'hardware_group' ? [c.target.templateId] : [])));
    expect([...groups]).toEqual(['queue-kiosk']);
    expect(p.cells.filter((c) => c.window.index === 0)).toHaveLength(2);
  });
});
