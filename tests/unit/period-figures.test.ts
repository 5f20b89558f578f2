/**
 * The period summary (issue 12 point 4), worked by hand: seed 000's 一级 fault (响应 30 分钟, 到场
 * 6 小时, 解决 6 小时, 7×24) for SLA compliance; seed 002's 电话回访 (优/良/差) for follow-ups; an
 * empty month that says so, with zeros where zero is true and null where nothing can be computed.
 */
import { describe, expect, it } from 'vitest';
import { periodFigures, type FiguresInput } from '../../src-shared/period/figures';
import type { PeriodFinding } from '../../src-shared/period/types';
import { CALENDAR, cn, contractOf, inspection, serviceRecord } from './period-fixtures';

const c000 = contractOf('000');
const c002 = contractOf('002');
const JAN = { start: '2026-01-01', end: '2026-01-31' };
const figures = (p: Partial<FiguresInput> & Pick<FiguresInput, 'contract'>) =>
  periodFigures({ assets: [], inspections: [], services: [], calendar: CALENDAR, window: JAN, asOf: cn('2026-01-31 21:00'), ...p });

const finding = (systemId: string, serviceQuality = false): PeriodFinding => ({
  subject: `system:${systemId}`,
  systemId,
  templateId: 't',
  itemId: serviceQuality ? 'satisfaction' : 'disk',
  label: { zh: '项', en: 'item' },
  serviceQuality,
  ...(serviceQuality ? {} : { faultLevelId: 'level-3' }),
});

describe('SLA compliance (000, 一级: respond 30 min, on site 6 h, resolve 6 h, clock time)', () => {
  const inTime = serviceRecord('a', c000, { levelId: 'level-1', reported: '2026-01-05 10:00', responded: '2026-01-05 10:20', resolved: '2026-01-05 15:00' });
  const late = serviceRecord('b', c000, { levelId: 'level-1', reported: '2026-01-06 10:00', responded: '2026-01-06 10:45', resolved: '2026-01-06 17:30' });
  const open = serviceRecord('c', c000, { levelId: 'level-1', reported: '2026-01-31 20:00' });

  it('met / missed / open per step, and met ÷ (met + missed)', () => {
    const f = figures({ contract: c000, services: [inTime, late, open] });
    // a: all three met (a resolution meets the on-site promise too). b: 45 min, 7.5 h, 7.5 h, all late.
    // c at 21:00: the 30-minute response is breached; on site and resolution still have time.
    expect(f.sla.byStep).toEqual([
      { step: 'respond', met: 1, missed: 2, open: 0 },
      { step: 'onSite', met: 1, missed: 1, open: 1 },
      { step: 'resolve', met: 1, missed: 1, open: 1 },
    ]);
    expect(f.sla.compliancePercent).toBeCloseTo((3 * 100) / 7, 10);
    const missed = f.trace.filter((t) => t.figure === 'sla_missed');
    expect(missed.map((t) => `${t.id}/${t.step}/${t.value}/${t.minutes}`)).toEqual(['b/respond/met_late/45', 'b/onSite/met_late/450', 'b/resolve/met_late/450', 'c/respond/breached/60']);
    expect(f.trace.filter((t) => t.figure === 'sla_met' && !t.counted).map((t) => `${t.id}/${t.step}`)).toEqual(['c/onSite', 'c/resolve']);
  });

  it('faults by level and records by kind; another contract’s record is not counted', () => {
    const consult = serviceRecord('d', c000, { levelId: 'level-4', kind: 'consultation', reported: '2026-01-07 09:00' });
    const other = serviceRecord('e', c002, { levelId: 'general', reported: '2026-01-07 09:00' });
    const f = figures({ contract: c000, services: [inTime, late, consult, other] });
    expect(f.faultsByLevel).toEqual([{ key: 'level-1', count: 2 }]);
    expect(f.recordsByKind).toEqual([
      { key: 'fault', count: 2 },
      { key: 'consultation', count: 1 },
    ]);
    expect(f.trace.filter((t) => t.figure === 'faults').map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('a record reported on 1 February (China time) belongs to February, even at 16:30 UTC on 31 January', () => {
    const feb = serviceRecord('f', c000, { levelId: 'level-1', reported: '2026-02-01 00:30' });
    expect(figures({ contract: c000, services: [feb], asOf: cn('2026-02-01 01:00') }).recordsByKind).toEqual([]);
  });
});

describe('inspections and findings (000, quarterly: January is inside Q1)', () => {
  it('done vs due from the plan, findings by system without the service-quality items', () => {
    const done = inspection('i1', c000, { completed: '2026-01-20 16:00', state: 'signed', reportNumber: 'XJ-7', systems: ['yn-his', 'yn-emr-qc'], findings: [finding('yn-his'), finding('yn-his'), finding('yn-emr-qc'), finding('yn-his', true)] });
    const draft = inspection('i2', c000, { started: '2026-01-25 09:00', systems: ['yn-pacs'] });
    const f = figures({ contract: c000, inspections: [done, draft] });
    expect(f.plan).toEqual({ done: 2, due: 19, late: 0, inProgress: 1, upcoming: 0 });
    expect(f.findingsBySystem).toEqual([
      { key: 'yn-his', count: 2 },
      { key: 'yn-emr-qc', count: 1 },
    ]);
    const quality = f.trace.filter((t) => t.figure === 'findings' && !t.counted);
    expect(quality).toHaveLength(1);
    expect(quality[0]).toMatchObject({ id: 'i1', reference: 'XJ-7', value: 'service_quality' });
    expect(f.trace.filter((t) => t.figure === 'inspections_done').map((t) => [t.id, t.counted])).toEqual([
      ['i1', true],
      ['i2', false],
    ]);
    expect(f.empty).toBe(false);
  });

  it('after the quarter, what was not done is late', () => {
    const f = figures({ contract: c000, window: { start: '2026-01-01', end: '2026-03-31' }, asOf: cn('2026-04-01 09:00') });
    expect(f.plan).toMatchObject({ done: 0, due: 19, late: 19 });
    expect(f.trace.filter((t) => t.figure === 'inspections_late')).toHaveLength(19);
  });
});

describe('follow-up calls (002: 优/良/差 after every repair)', () => {
  const repaired = (id: string, calls: { at: string; rating: 'excellent' | 'good' | 'poor' }[]) =>
    serviceRecord(id, c002, { levelId: 'general', reported: '2026-01-12 09:00', responded: '2026-01-12 09:30', resolved: '2026-01-12 11:00', followUps: calls });

  it('the latest call per record counts; a repaired record without one is missing; an open one is not yet', () => {
    const f = figures({
      contract: c002,
      services: [
        repaired('a', [{ at: '2026-01-13 10:00', rating: 'excellent' }]),
        repaired('b', [
          { at: '2026-01-13 10:00', rating: 'poor' },
          { at: '2026-01-20 10:00', rating: 'good' },
        ]),
        repaired('c', []),
        serviceRecord('d', c002, { levelId: 'general', reported: '2026-01-30 09:00' }),
      ],
    });
    expect(f.followUps).toEqual({ excellent: 1, good: 1, poor: 0, missing: 1 });
    expect(f.trace.filter((t) => t.figure === 'follow_ups').map((t) => `${t.id}:${t.value}:${t.counted}`)).toEqual(['a:excellent:true', 'b:poor:false', 'b:good:true', 'c:missing:true']);
  });

  it('a contract that asks for no calls counts none missing (000)', () => {
    const r = serviceRecord('a', c000, { levelId: 'level-2', reported: '2026-01-12 09:00', resolved: '2026-01-12 11:00' });
    expect(figures({ contract: c000, services: [r] }).followUps).toEqual({ excellent: 0, good: 0, poor: 0, missing: 0 });
  });
});

describe('an empty window and bad requests', () => {
  it('an empty month says so: zeros where zero is true, null where nothing can be computed', () => {
    const f = figures({ contract: c002, window: { start: '2026-02-01', end: '2026-02-28' }, asOf: cn('2026-02-10 10:00') });
    expect(f.empty).toBe(true);
    expect(f.plan).toEqual({ done: 0, due: 1, late: 0, inProgress: 0, upcoming: 0 });
    expect(f.sla).toEqual({ byStep: [], compliancePercent: null });
    expect(f.followUps).toEqual({ excellent: 0, good: 0, poor: 0, missing: 0 });
    expect([f.findingsBySystem, f.faultsByLevel, f.recordsByKind]).toEqual([[], [], []]);
    expect(f.trace.map((t) => `${t.figure}:${t.value}`)).toEqual(['inspections_due:due']);
  });

  it('a window outside the contract period is refused with its code', () => {
    expect(() => figures({ contract: c002, window: { start: '2025-12-01', end: '2025-12-31' } })).toThrow(expect.objectContaining({ name: 'PeriodError', code: 'outside_period' }));
    expect(() => figures({ contract: c002, window: { start: '2026-03-31', end: '2026-03-01' } })).toThrow(expect.objectContaining({ code: 'outside_period' }));
  });

  it('a contract without a cadence: the plan figures are zero, the rest still computed', () => {
    const noCadence = { ...c000, inspection: { perYear: 4, description: c000.inspection.description } };
    const r = serviceRecord('a', c000, { levelId: 'level-2', reported: '2026-01-12 09:00', responded: '2026-01-12 09:20' });
    const f = figures({ contract: noCadence, services: [r] });
    expect(f.plan).toEqual({ done: 0, due: 0, late: 0, inProgress: 0, upcoming: 0 });
    expect(f.sla.byStep[0]).toEqual({ step: 'respond', met: 1, missed: 0, open: 0 });
  });
});
