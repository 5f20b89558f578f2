/**
 * Seed 004's 附件1, worked by hand from its own rules: "达到100%为优秀，≥90%为良好，≥80%为合格，
 * ＜80%为不合格"; "因服务问题导致的不良事件发生…直接给予不合格评价"; "响应问题及处理问题时间大于1小时
 * 一次，则扣减1%合同款，按次数累计"; "一次致命故障扣罚子系统合同金额的5%，一次严重故障…3%，一次一般
 * 故障…1%". The clock starts at the written report (自甲方向乙方发出书面报告错误之时起计).
 */
import { describe, expect, it } from 'vitest';
import type { Contract } from '../../src-shared/catalog/reference';
import { evaluateAnnex004, gradeOf } from '../../src-shared/period/annex-004';
import { PeriodError } from '../../src-shared/period/problems';
import type { PeriodInspection } from '../../src-shared/period/types';
import { contractWindows } from '../../src-shared/period/windows';
import { CALENDAR, contractOf, inspection, pf, serviceRecord, type RecordSpec } from './period-fixtures';

const c004 = contractOf('004');
const Q1 = contractWindows(c004, 'quarter')[0]!;
const AS_OF = '2026-06-10T00:00:00Z';
const grades = c004.evaluation.annex004!.grades;

/** `passed` of `checked` sheets signed 合格 by both evaluators in Q1. */
function sheets(passed: number, checked: number): PeriodInspection[] {
  return Array.from({ length: checked }, (_, i) => {
    const v = i < passed ? 'pass' : 'fail';
    return inspection(`s${i}`, c004, { completed: '2026-04-15 16:00', state: 'signed', verdicts: [pf('department', v), pf('it_office', v)] });
  });
}
const evaluate = (p: { inspections?: PeriodInspection[]; specs?: RecordSpec[]; contract?: Contract; asOf?: string }) =>
  evaluateAnnex004({
    contract: p.contract ?? c004,
    inspections: p.inspections ?? [],
    services: (p.specs ?? []).map((s, i) => serviceRecord(`r${i}`, p.contract ?? c004, s)),
    calendar: CALENDAR,
    window: Q1,
    asOf: p.asOf ?? AS_OF,
  });

describe('spot-check pass rate and grade', () => {
  it.each([
    [10, 10, 'excellent'],
    [99, 100, 'good'],
    [9, 10, 'good'],
    [89, 100, 'pass'],
    [8, 10, 'pass'],
    [79, 100, 'fail'],
    [0, 3, 'fail'],
  ] as const)('%i of %i passed → %s', (passed, checked, grade) => {
    expect(gradeOf(passed, checked, grades)).toBe(grade);
  });

  it('exactly 90 % (27 of 30) is good and exactly 80 % (24 of 30) is pass: the thresholds are inclusive', () => {
    expect(gradeOf(27, 30, grades)).toBe('good');
    expect(gradeOf(24, 30, grades)).toBe('pass');
  });

  it('each evaluator’s section from the sheets it signed in the quarter; the period takes the worse', () => {
    const mixed = [...sheets(10, 10), inspection('x', c004, { completed: '2026-05-01 10:00', verdicts: [pf('department', 'pass'), pf('it_office', 'fail')] })];
    const r = evaluate({ inspections: mixed });
    expect(r.sections).toEqual([
      { evaluator: 'department', checked: 11, passed: 11, percent: 100, rateGrade: 'excellent', adverseGrade: 'excellent' },
      { evaluator: 'it_office', checked: 11, passed: 10, percent: (10 * 100) / 11, rateGrade: 'good', adverseGrade: 'excellent' },
    ]);
    expect(r.grade).toBe('good');
    expect(r.gaps).toEqual([]);
    expect(r.trace.filter((t) => t.figure === 'spot_checks' && t.role === 'it_office' && t.value === 'fail')).toHaveLength(1);
  });

  it('sheets signed outside the quarter do not count (completed 2026-06-01 is Q2)', () => {
    const late = inspection('q2', c004, { completed: '2026-06-01 09:00', verdicts: [pf('department', 'fail'), pf('it_office', 'fail')] });
    const r = evaluate({ inspections: [...sheets(9, 9), late] });
    expect(r.sections.map((s) => s.percent)).toEqual([100, 100]);
  });

  it('spot checks on service records count once per evaluator, the latest judgement winning', () => {
    const r = evaluate({
      specs: [
        {
          levelId: 'minor',
          reported: '2026-04-01 09:00',
          written: '2026-04-01 09:10',
          responded: '2026-04-01 09:30',
          resolved: '2026-04-01 09:50',
          spotChecks: [
            { evaluator: 'department', result: 'fail', at: '2026-04-02 10:00' },
            { evaluator: 'department', result: 'pass', at: '2026-04-03 10:00' },
            { evaluator: 'it_office', result: 'fail', at: '2026-04-03 11:00' },
          ],
        },
      ],
    });
    expect(r.sections.map((s) => [s.checked, s.passed, s.rateGrade])).toEqual([
      [1, 1, 'excellent'],
      [1, 0, 'fail'],
    ]);
    expect(r.grade).toBe('fail');
  });

  it('nothing spot-checked: no rate, no grade, and a gap for each evaluator — never an invented 100 %', () => {
    const r = evaluate({});
    expect(r.sections.map((s) => [s.checked, s.percent, s.rateGrade])).toEqual([
      [0, null, null],
      [0, null, null],
    ]);
    expect(r.grade).toBeNull();
    expect(r.gaps).toEqual([
      { code: 'no_spot_checks', evaluator: 'department' },
      { code: 'no_spot_checks', evaluator: 'it_office' },
    ]);
    expect(r.late).toEqual({ responses: 0, resolutions: 0, deductionPercent: 0 });
    expect(r.adverseEvents).toBe(0);
  });
});

describe('adverse events', () => {
  const adverse = (flag: boolean): RecordSpec => ({
    levelId: 'serious',
    reported: '2026-05-10 08:00',
    written: '2026-05-10 08:05',
    responded: '2026-05-10 08:20',
    resolved: '2026-05-10 08:50',
    assess: [{ adverseEvent: true, noticeFailure: false, at: '2026-05-11 09:00' }, ...(flag ? [] : [{ adverseEvent: false, noticeFailure: false, at: '2026-05-12 09:00' }])],
  });

  it('an adverse event in a 100 % quarter fails the quarter and both sections', () => {
    const r = evaluate({ inspections: sheets(10, 10), specs: [adverse(true)] });
    expect(r.sections.map((s) => [s.rateGrade, s.adverseGrade])).toEqual([
      ['excellent', 'fail'],
      ['excellent', 'fail'],
    ]);
    expect(r.adverseEvents).toBe(1);
    expect(r.grade).toBe('fail');
    expect(r.trace.find((t) => t.figure === 'adverse_events')).toMatchObject({ id: 'r0', counted: true, value: 'true' });
  });

  it('an adverse event fails the quarter even when nothing was spot-checked', () => {
    expect(evaluate({ specs: [adverse(true)] }).grade).toBe('fail');
  });

  it('a later assessment taking it back: the latest one counts', () => {
    const r = evaluate({ inspections: sheets(10, 10), specs: [adverse(false)] });
    expect(r.adverseEvents).toBe(0);
    expect(r.grade).toBe('excellent');
  });
});

describe('responses and handlings over one hour', () => {
  const fatal = (p: Partial<RecordSpec>): RecordSpec => ({ levelId: 'fatal', reported: '2026-04-20 08:30', written: '2026-04-20 09:00', ...p });

  it('exactly 60 minutes after the written report is not late; 61 is', () => {
    const r = evaluate({
      specs: [
        fatal({ responded: '2026-04-20 10:00', resolved: '2026-04-20 10:00' }),
        fatal({ responded: '2026-04-20 10:01', resolved: '2026-04-20 11:30' }),
      ],
    });
    expect(r.late).toEqual({ responses: 1, resolutions: 1, deductionPercent: 2 });
    const rows = r.trace.filter((t) => t.figure === 'late_responses');
    expect(rows.map((t) => [t.id, t.minutes, t.counted])).toEqual([
      ['r0', 60, false],
      ['r1', 61, true],
    ]);
  });

  it('the clock starts at the written report, not the phone call: called 08:30, written 09:00, answered 09:45 is in time', () => {
    expect(evaluate({ specs: [fatal({ responded: '2026-04-20 09:45', resolved: '2026-04-20 09:55' })] }).late.responses).toBe(0);
  });

  it('a pause (waiting for the hospital) does not count: 120 minutes with 60 paused is 60', () => {
    const paused = fatal({ pauses: [{ from: '2026-04-20 09:30', to: '2026-04-20 10:30' }], responded: '2026-04-20 09:20', resolved: '2026-04-20 11:00' });
    const over = fatal({ pauses: [{ from: '2026-04-20 09:30', to: '2026-04-20 10:30' }], responded: '2026-04-20 09:20', resolved: '2026-04-20 11:01' });
    expect(evaluate({ specs: [paused] }).late.resolutions).toBe(0);
    expect(evaluate({ specs: [over] }).late.resolutions).toBe(1);
  });

  it('an open fault past the hour by asOf counts as late (it can only be later); within the hour it does not yet', () => {
    const open = fatal({});
    expect(evaluate({ specs: [open] }).late).toMatchObject({ responses: 1, resolutions: 1 });
    expect(evaluate({ specs: [open], asOf: '2026-04-20T01:30:00Z' }).late).toMatchObject({ responses: 0, resolutions: 0 });
  });

  it('every level counts, not only 致命: a minor fault answered after 2 hours is one late response', () => {
    const r = evaluate({ specs: [{ levelId: 'minor', reported: '2026-04-20 08:00', written: '2026-04-20 08:00', responded: '2026-04-20 10:00', resolved: '2026-04-20 10:30' }] });
    expect(r.late).toMatchObject({ responses: 1, resolutions: 1 });
  });

  it('service requests are not faults: a consultation answered after a day is not counted', () => {
    const r = evaluate({ specs: [{ levelId: 'consultation', kind: 'consultation', reported: '2026-04-20 08:00', written: '2026-04-20 08:00', responded: '2026-04-21 08:00' }] });
    expect(r.late.responses).toBe(0);
  });

  it('no written report: named as a gap, not counted', () => {
    const r = evaluate({ specs: [{ levelId: 'fatal', reported: '2026-04-20 08:30', responded: '2026-04-20 12:00', resolved: '2026-04-20 13:00' }] });
    expect(r.late.responses).toBe(0);
    expect(r.gaps).toContainEqual({ code: 'no_written_report', recordId: 'r0', reference: 'record r0' });
  });

  it('−1 % of the contract sum per count; the amount only when the sum is known', () => {
    const specs = [fatal({ responded: '2026-04-20 10:30', resolved: '2026-04-20 10:45' }), fatal({ responded: '2026-04-20 09:30', resolved: '2026-04-20 12:00' })];
    expect(evaluate({ specs }).late).toEqual({ responses: 1, resolutions: 2, deductionPercent: 3 });
    const withFees: Contract = { ...c004, fees: { total: 1_234_567.89, systems: {} } };
    expect(evaluate({ specs, contract: withFees }).late).toEqual({ responses: 1, resolutions: 2, deductionPercent: 3, deductionAmount: 37037.04 });
  });
});

describe('failures caused by the vendor not giving notice', () => {
  const notice = (levelId: string): RecordSpec => ({
    levelId,
    reported: '2026-05-02 10:00',
    written: '2026-05-02 10:00',
    responded: '2026-05-02 10:10',
    resolved: '2026-05-02 10:40',
    assess: [{ adverseEvent: false, noticeFailure: true, at: '2026-05-03 09:00' }],
  });

  it('fatal 5 %, serious 3 %, minor 1 % of the subsystem’s fee; two minors 2 %', () => {
    const r = evaluate({ specs: [notice('fatal'), notice('serious'), notice('minor'), notice('minor')] });
    expect(r.noticeFailures).toEqual([
      { levelId: 'fatal', systemId: 'wh-drg', count: 1, percent: 5 },
      { levelId: 'serious', systemId: 'wh-drg', count: 1, percent: 3 },
      { levelId: 'minor', systemId: 'wh-drg', count: 2, percent: 2 },
    ]);
    // The seed leaves the fee blank: the percentages stand, the amount is a named gap.
    expect(r.gaps).toContainEqual({ code: 'no_fee', systemId: 'wh-drg' });
  });

  it('with the subsystem fee entered, the amounts', () => {
    const withFees: Contract = { ...c004, fees: { systems: { 'wh-drg': 200_000 } } };
    const r = evaluate({ specs: [notice('fatal'), notice('serious'), notice('minor')], contract: withFees });
    expect(r.noticeFailures.map((n) => n.amount)).toEqual([10_000, 6_000, 2_000]);
    expect(r.gaps.filter((g) => g.code === 'no_fee')).toEqual([]);
    expect(r.late.deductionAmount).toBeUndefined();
  });

  it('a level 附件1 sets no percentage for is named, not guessed', () => {
    const r = evaluate({ specs: [notice('emergency')] });
    expect(r.noticeFailures).toEqual([]);
    expect(r.gaps).toContainEqual({ code: 'unclassified', recordId: 'r0', reference: 'record r0' });
  });
});

describe('bad requests', () => {
  it('a window outside the contract period', () => {
    const bad = { ...Q1, start: '2026-01-01', end: '2026-03-31' };
    expect(() => evaluateAnnex004({ contract: c004, inspections: [], services: [], calendar: CALENDAR, window: bad, asOf: AS_OF })).toThrow(
      expect.objectContaining({ code: 'outside_period' }),
    );
  });

  it('a contract without 附件1', () => {
    const c001 = contractOf('001');
    const w = contractWindows(c001, 'quarter')[0]!;
    let error: unknown;
    try {
      evaluateAnnex004({ contract: c001, inspections: [], services: [], calendar: CALENDAR, window: w, asOf: AS_OF });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PeriodError);
    expect((error as PeriodError).code).toBe('no_annex');
  });
});
