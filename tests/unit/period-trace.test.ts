/**
 * Every computed number can be traced (issue 12: "every figure in a report can be traced to the
 * records it came from"): over a mixed quarter of seed 004, each figure equals the count of its
 * counted trace rows, and every service or inspection row names a record that was given.
 */
import { describe, expect, it } from 'vitest';
import { evaluateAnnex004 } from '../../src-shared/period/annex-004';
import { periodFigures } from '../../src-shared/period/figures';
import { periodReportInput } from '../../src-shared/period/report-input';
import type { FigureId, TraceRow } from '../../src-shared/period/types';
import { contractWindows } from '../../src-shared/period/windows';
import { CALENDAR, cn, contractOf, inspection, pf, serviceRecord } from './period-fixtures';

const c = contractOf('004');
const Q1 = contractWindows(c, 'quarter')[0]!;
const asOf = cn('2026-06-05 12:00');
const day = (i: number) => `2026-0${3 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')}`;
const inspections = Array.from({ length: 12 }, (_, i) =>
  inspection(`i${i}`, c, {
    completed: `${day(i)} 16:00`,
    state: 'signed',
    reportNumber: `XJ-${i}`,
    verdicts: [pf('department', i % 4 ? 'pass' : 'fail'), pf('it_office', 'pass')],
    findings: i % 3 ? [] : [{ subject: 'system:wh-drg', systemId: 'wh-drg', templateId: 'drg', itemId: 'backup', label: { zh: '备份', en: 'Backup' }, serviceQuality: i % 2 === 0 }],
  }),
);
const services = Array.from({ length: 30 }, (_, i) =>
  serviceRecord(`r${i}`, c, {
    levelId: ['fatal', 'serious', 'minor', 'consultation'][i % 4]!,
    kind: i % 4 === 3 ? 'consultation' : 'fault',
    reported: `${day(i)} 08:00`,
    ...(i % 7 ? { written: `${day(i)} 08:10` } : {}),
    responded: `${day(i)} ${i % 2 ? '08:40' : '09:30'}`,
    ...(i % 5 ? { resolved: `${day(i)} ${i % 3 ? '09:00' : '11:00'}` } : {}),
    ...(i % 6 === 0 ? { pauses: [{ from: `${day(i)} 08:20`, to: `${day(i)} 08:50` }] } : {}),
    ...(i % 5 && i % 2 ? { spotChecks: [{ evaluator: i % 3 ? 'department' : 'it_office', result: i % 4 ? 'pass' : 'fail', at: `${day(i)} 12:00` }] } : {}),
    ...(i % 9 === 0 ? { assess: [{ adverseEvent: i === 9, noticeFailure: true, at: `${day(i)} 13:00` }] } : {}),
  } as Parameters<typeof serviceRecord>[2]),
);
const counted = (trace: TraceRow[], figure: FigureId, extra: (t: TraceRow) => boolean = () => true) => trace.filter((t) => t.figure === figure && t.counted && extra(t)).length;
const sum = (xs: { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);

describe('each figure is the count of its counted trace rows', () => {
  it('the period summary', () => {
    const f = periodFigures({ contract: c, assets: [], inspections, services, calendar: CALENDAR, window: Q1, asOf });
    expect(f.empty).toBe(false);
    expect(sum(f.faultsByLevel)).toBe(counted(f.trace, 'faults'));
    expect(sum(f.findingsBySystem)).toBe(counted(f.trace, 'findings'));
    expect(f.sla.byStep.reduce((n, s) => n + s.met, 0)).toBe(counted(f.trace, 'sla_met'));
    expect(f.sla.byStep.reduce((n, s) => n + s.missed, 0)).toBe(counted(f.trace, 'sla_missed'));
    expect(f.sla.byStep.reduce((n, s) => n + s.open, 0)).toBe(f.trace.filter((t) => t.figure === 'sla_met' && !t.counted).length);
    const { excellent, good, poor, missing } = f.followUps;
    expect(excellent + good + poor + missing).toBe(counted(f.trace, 'follow_ups'));
    expect(f.plan.due).toBe(counted(f.trace, 'inspections_due'));
    expect(f.plan.late).toBe(counted(f.trace, 'inspections_late'));
    expect(sum(f.recordsByKind)).toBe(30);
    const given = new Set([...inspections.map((i) => i.id), ...services.map((s) => s.id)]);
    for (const t of f.trace.filter((t) => t.figure !== 'inspections_due' && t.figure !== 'inspections_late')) expect(given.has(t.id)).toBe(true);
  });

  it('附件1', () => {
    const a = evaluateAnnex004({ contract: c, inspections, services, calendar: CALENDAR, window: Q1, asOf });
    for (const s of a.sections) expect(s.checked).toBe(counted(a.trace, 'spot_checks', (t) => t.role === s.evaluator));
    for (const s of a.sections) expect(s.passed).toBe(counted(a.trace, 'spot_checks', (t) => t.role === s.evaluator && t.value === 'pass'));
    expect(a.late.responses).toBe(counted(a.trace, 'late_responses'));
    expect(a.late.resolutions).toBe(counted(a.trace, 'late_resolutions'));
    expect(a.late.responses + a.late.resolutions).toBeGreaterThan(0);
    expect(a.adverseEvents).toBe(counted(a.trace, 'adverse_events'));
    expect(a.adverseEvents).toBe(1);
    expect(a.grade).toBe('fail');
    expect(sum(a.noticeFailures)).toBe(counted(a.trace, 'notice_failures'));
    // Records without the written report (every 7th) are named, once each, and their lateness not counted.
    const unwritten = services.filter((_, i) => i % 7 === 0 && i % 4 !== 3).map((s) => s.id);
    expect(a.gaps.filter((g) => g.code === 'no_written_report').map((g) => (g.code === 'no_written_report' ? g.recordId : ''))).toEqual(unwritten);
  });
});

describe('the report’s appendix lists every counted row of every figure', () => {
  it('both evaluators’ verdicts on one sheet are two rows, named as the contract names them', () => {
    const f = periodFigures({ contract: c, assets: [], inspections, services, calendar: CALENDAR, window: Q1, asOf });
    const a = evaluateAnnex004({ contract: c, inspections, services, calendar: CALENDAR, window: Q1, asOf });
    const input = periodReportInput({ kind: 'evaluation_004', contract: c, hospital: { id: 'wuhan-central', name: { zh: '武汉市中心医院', en: 'Wuhan Central' } }, assets: [], window: Q1, figures: f, annex: a, locale: 'zh-CN', madeAt: asOf, engineer: '赵工' });
    const spot = input.trace.find((t) => t.title.startsWith('服务效果抽查'))!;
    const checked = a.sections.reduce((n, s) => n + s.checked, 0);
    expect(spot.title).toBe(`服务效果抽查（${checked} 条）`);
    expect(spot.rows).toHaveLength(checked);
    // The trial's case: one sheet, 使用科室 合格 and 信息中心 不合格, signed at the same instant.
    const it_rows = spot.rows.filter((r) => r[3]!.startsWith('信息中心'));
    expect(it_rows).toHaveLength(a.sections.find((s) => s.evaluator === 'it_office')!.checked);
    expect(spot.rows.some((r) => r[3]!.startsWith('信息科'))).toBe(false);
    for (const s of a.sections) {
      const name = s.evaluator === 'department' ? '使用科室' : '信息中心';
      expect(spot.rows.filter((r) => r[3] === `${name} · 合格`)).toHaveLength(s.passed);
    }
  });
});
