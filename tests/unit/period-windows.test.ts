/**
 * Due windows (issue 12): counted from the contract period's first day (服务期每三个月), not
 * calendar quarters; China dates; the last window clipped at the period's end; month ends and
 * leap days handled as a contract would write them.
 */
import { describe, expect, it } from 'vitest';
import { cadenceWindows, chinaDate, contractWindows, windowOf } from '../../src-shared/period/windows';
import { contractOf } from './period-fixtures';

const spans = (ws: { start: string; end: string }[]): string[] => ws.map((w) => `${w.start}..${w.end}`);

describe('contract windows', () => {
  it('004 (2026-03-01 … 2027-02-28): quarters run from March, not from January', () => {
    const c = contractOf('004');
    expect(spans(contractWindows(c, 'quarter'))).toEqual(['2026-03-01..2026-05-31', '2026-06-01..2026-08-31', '2026-09-01..2026-11-30', '2026-12-01..2027-02-28']);
    expect(spans(contractWindows(c, 'half_year'))).toEqual(['2026-03-01..2026-08-31', '2026-09-01..2027-02-28']);
    expect(contractWindows(c, 'quarter').map((w) => w.index)).toEqual([0, 1, 2, 3]);
  });

  it('002 monthly: twelve calendar months of 2026, February with 28 days', () => {
    const ws = contractWindows(contractOf('002'), 'month');
    expect(ws).toHaveLength(12);
    expect(spans([ws[0]!, ws[1]!, ws[11]!])).toEqual(['2026-01-01..2026-01-31', '2026-02-01..2026-02-28', '2026-12-01..2026-12-31']);
  });

  it('a period starting on the 31st: a month without a 31st ends the window at its last day', () => {
    const ws = contractWindows({ period: { start: '2026-01-31', end: '2027-01-30' } }, 'month');
    expect(ws).toHaveLength(12);
    expect(spans(ws.slice(0, 4))).toEqual(['2026-01-31..2026-02-28', '2026-03-01..2026-03-30', '2026-03-31..2026-04-30', '2026-05-01..2026-05-30']);
    expect(spans(ws.slice(-1))).toEqual(['2026-12-31..2027-01-30']);
  });

  it('a period starting on a leap day: four quarters, the last ending on 28 February', () => {
    const ws = contractWindows({ period: { start: '2028-02-29', end: '2029-02-28' } }, 'quarter');
    expect(spans(ws)).toEqual(['2028-02-29..2028-05-28', '2028-05-29..2028-08-28', '2028-08-29..2028-11-28', '2028-11-29..2029-02-28']);
  });

  it('a period that is not a whole number of windows: the last one is clipped at its end', () => {
    const ws = contractWindows({ period: { start: '2026-01-01', end: '2026-02-15' } }, 'month');
    expect(spans(ws)).toEqual(['2026-01-01..2026-01-31', '2026-02-01..2026-02-15']);
  });

  it('windowOf finds the window by China date, ends inclusive', () => {
    const ws = contractWindows(contractOf('004'), 'quarter');
    expect(windowOf(ws, '2026-05-31')?.index).toBe(0);
    expect(windowOf(ws, '2026-06-01')?.index).toBe(1);
    expect(windowOf(ws, '2026-02-28')).toBeUndefined();
    expect(windowOf(ws, '2027-03-01')).toBeUndefined();
  });

  it('chinaDate reads an instant on China time: 16:30 UTC is the next day in Beijing', () => {
    expect(chinaDate('2026-05-31T15:59:59Z')).toBe('2026-05-31');
    expect(chinaDate('2026-05-31T16:00:00Z')).toBe('2026-06-01');
    expect(chinaDate('2026-06-01T00:30:00+08:00')).toBe('2026-06-01');
  });

  it('cadenceWindows follows the contract’s own cadence, and refuses a contract without one', () => {
    expect(cadenceWindows(contractOf('004')).map((w) => w.unit)).toEqual(['half_year', 'half_year']);
    expect(cadenceWindows(contractOf('002'))).toHaveLength(12);
    const c = contractOf('001');
    const none = { ...c, inspection: { perYear: c.inspection.perYear, description: c.inspection.description } };
    expect(() => cadenceWindows(none)).toThrow(expect.objectContaining({ name: 'PeriodError', code: 'no_cadence' }));
  });
});
