/**
 * The periodic report's builder (issue 12 point 4): figures in, formatted report out. Every
 * printed number is the figure's; an empty window says so with 0 where zero is true and "—"
 * where nothing can be computed; 004's boxes are ticked from the computed grades and its gaps
 * printed; every trace row is in the appendix once.
 */
import { describe, expect, it } from 'vitest';
import { periodReportInput, PeriodReportArgsError } from '../../../src-shared/period/report-input';
import { PeriodReportInput, type PeriodBlock } from '../../../src-shared/report/period-report';
import type { PeriodWindow } from '../../../src-shared/period/types';
import { catalogContract, handAnnex, handFigures, handPlan } from '../../helpers/period-figures';

const zj = catalogContract('zhanjiang-central.json');
const wh = catalogContract('wuhan-central.json');
const YEAR: PeriodWindow = { unit: 'year', index: 0, start: '2026-01-01', end: '2026-12-31' };
const MARCH: PeriodWindow = { unit: 'month', index: 2, start: '2026-03-01', end: '2026-03-31' };
const Q1: PeriodWindow = { unit: 'quarter', index: 0, start: '2026-03-01', end: '2026-05-31' };
const AS_OF = '2027-01-01T00:00:00.000Z';

const blocks = (input: PeriodReportInput): PeriodBlock[] => input.sections.flatMap((s) => s.blocks);
const field = (input: PeriodReportInput, label: string): string | undefined =>
  blocks(input)
    .flatMap((b) => (b.type === 'fields' ? b.rows : []))
    .find((r) => r.label === label)?.value;
const chart = (input: PeriodReportInput, title: string): Extract<PeriodBlock, { type: 'chart' }> | undefined =>
  blocks(input).find((b): b is Extract<PeriodBlock, { type: 'chart' }> => b.type === 'chart' && b.title === title);

function annual(size = { inspections: 500, services: 1000 }): PeriodReportInput {
  const months = Array.from({ length: 12 }, (_, i): PeriodWindow => ({ unit: 'month', index: i, start: `2026-${String(i + 1).padStart(2, '0')}-01`, end: `2026-${String(i + 1).padStart(2, '0')}-28` }));
  return periodReportInput({
    kind: 'annual_summary',
    contract: zj.contract,
    hospital: zj.hospital,
    assets: zj.assets,
    window: YEAR,
    figures: handFigures(zj.contract, YEAR, size, AS_OF),
    plan: handPlan(zj.contract, months),
    deliverables: [],
    locale: 'zh-CN',
    madeAt: AS_OF,
    engineer: '李工',
  });
}

describe('periodReportInput: figures to a report', () => {
  it('prints the figures it is given: SLA compliance, met/missed per step, follow-ups, faults by level', () => {
    const figures = handFigures(zj.contract, YEAR, { inspections: 500, services: 1000 }, AS_OF);
    const input = annual();
    expect(input.title).toBe('年度运维总结报告');
    expect(field(input, '时限达成率')).toBe(`${figures.sla.compliancePercent}%`);
    const met = figures.sla.byStep.reduce((s, r) => s + r.met, 0);
    const missed = figures.sla.byStep.reduce((s, r) => s + r.missed, 0);
    expect(field(input, '按时 / 超时')).toBe(`${met} / ${missed}`);
    expect(field(input, '优')).toBe(String(figures.followUps.excellent));
    expect(field(input, '应回访未回访')).toBe('0');
    const levels = chart(input, '故障按等级')!;
    expect(levels.chart).toBe('pie');
    expect(levels.series[0]!.values.reduce((s: number, v) => s + (v ?? 0), 0)).toBe(1000);
    // The plan's twelve months as a stacked chart: done in eleven, late in the last.
    const byWindow = chart(input, '各期巡检完成情况')!;
    expect(byWindow.categories).toHaveLength(12);
    expect(byWindow.series.find((s) => s.name === '逾期未完成')!.values).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('lists every trace row in the appendix once, grouped by figure with its count', () => {
    const figures = handFigures(zj.contract, YEAR, { inspections: 50, services: 40 }, AS_OF);
    const input = annual({ inspections: 50, services: 40 });
    const rows = input.trace.flatMap((t) => t.rows);
    expect(rows).toHaveLength(figures.trace.length);
    const faults = input.trace.find((t) => t.title.startsWith('故障'))!;
    expect(faults.title).toBe('故障（40 条）');
    expect(faults.rows[0]).toEqual(['SR-00001', '2026-01-01 09:00', '5G+急救中心智慧平台', '灾难性故障']);
    const missedRow = input.trace.find((t) => t.title.startsWith('时限超时'))!.rows[0]!;
    expect(missedRow[3]).toMatch(/^灾难性故障 · 响应 · \d+ 分钟$/);
  });

  it('an empty window says so: zeros where zero is true, "—" where nothing can be computed, no trace', () => {
    const input = periodReportInput({
      kind: 'period_summary',
      contract: zj.contract,
      hospital: zj.hospital,
      assets: zj.assets,
      window: MARCH,
      figures: handFigures(zj.contract, MARCH, { inspections: 0, services: 0 }, '2026-04-01T00:00:00.000Z'),
      locale: 'zh-CN',
      madeAt: '2026-04-01T00:00:00.000Z',
      engineer: '李工',
    });
    expect(input.empty).toBe(true);
    expect(blocks(input)).toContainEqual(expect.objectContaining({ type: 'paragraph', tone: 'warning', text: expect.stringContaining('本区间内没有巡检、服务记录或回访') }));
    expect(field(input, '已完成')).toBe('0');
    expect(field(input, '时限达成率')).toBe('—');
    expect(field(input, '满意率（优、良）')).toBe('—');
    expect(chart(input, '故障按等级')!.categories).toEqual([]);
    expect(input.trace).toEqual([]);
    // The register was not given: the report says so rather than claiming all is missing silently.
    expect(blocks(input)).toContainEqual(expect.objectContaining({ type: 'paragraph', text: '未取得交付物登记，以下按缺失列出。' }));
  });

  it('the model refuses a window that ends before it starts and a table row with a cell missing', () => {
    const input = annual({ inspections: 3, services: 2 });
    const reversed = PeriodReportInput.safeParse({ ...input, window: { ...input.window, start: '2026-12-31', end: '2026-01-01' } });
    expect(reversed.success).toBe(false);
    expect(reversed.error?.issues.map((i) => i.message)).toContain('the window ends before it starts');
    const table = input.trace[0]!;
    const short = PeriodReportInput.safeParse({ ...input, trace: [{ ...table, rows: [table.rows[0]!.slice(1)] }] });
    expect(short.error?.issues.map((i) => i.message)).toContain(`expected ${table.columns.length} cells`);
  });

  it('English reports use the same figures in English words', () => {
    const input = periodReportInput({
      kind: 'service_summary',
      contract: zj.contract,
      hospital: zj.hospital,
      assets: zj.assets,
      window: MARCH,
      figures: handFigures(zj.contract, MARCH, { inspections: 3, services: 4 }, '2026-04-01T00:00:00.000Z'),
      locale: 'en',
      madeAt: '2026-04-01T00:00:00.000Z',
      engineer: 'Li',
    });
    expect(input.title).toBe('Service summary report');
    expect(input.sections.map((s) => s.heading)).toEqual(['Overview', 'Inspections done vs due', 'Findings by system', 'Faults and service records', 'SLA compliance', 'Deliverables']);
  });
});

describe('periodReportInput: seed 004 附件1', () => {
  const make = (annex = handAnnex(wh.contract, Q1, AS_OF)): PeriodReportInput =>
    periodReportInput({
      kind: 'evaluation_004',
      contract: wh.contract,
      hospital: wh.hospital,
      assets: wh.assets,
      window: Q1,
      figures: handFigures(wh.contract, Q1, { inspections: 4, services: 6 }, AS_OF),
      annex,
      locale: 'zh-CN',
      madeAt: AS_OF,
      engineer: '张工',
    });
  const ticked = (input: PeriodReportInput, section: string, label: string): string[] =>
    input.sections
      .find((s) => s.heading === section)!
      .blocks.flatMap((b) => (b.type === 'choices' && b.label === label ? b.options.filter((o) => o.checked).map((o) => o.text) : []));

  it('ticks each evaluator’s boxes from the computed grades and prints the deductions', () => {
    const input = make();
    expect(input.title).toBe('售后维保服务评价报告');
    expect(ticked(input, '服务水平评价（使用科室评价）', '服务效果抽查合格率')).toEqual(['良好']);
    expect(ticked(input, '服务质量评价（信息中心评价）', '服务效果抽查合格率')).toEqual(['优秀']);
    expect(ticked(input, '服务水平评价（使用科室评价）', '无恶性事件发生情况')).toEqual(['优秀']);
    expect(field(input, '1. 服务响应效率：大于1小时次数')).toBe('3 次（响应 2 次，处理 1 次；另有 1 条记录缺书面报告时间，未计入）');
    expect(field(input, '扣减合同款')).toBe('3%（缺书面报告时间的 1 条记录未计入）');
    expect(field(input, '本期评价结果（按记录计算）')).toBe('良好');
    const places = blocks(input).filter((b) => b.type === 'sign').map((b) => (b.type === 'sign' ? b.role : ''));
    expect(places).toEqual(['department', 'it_office', 'supervisor', 'auditor']);
  });

  it('an adverse event fails the period even at 100 %, and gaps are printed plainly', () => {
    const input = make(handAnnex(wh.contract, Q1, AS_OF, { adverse: true }));
    expect(ticked(input, '服务质量评价（信息中心评价）', '无恶性事件发生情况')).toEqual(['不合格']);
    expect(field(input, '本期评价结果（按记录计算）')).toBe('不合格');
    const warnings = blocks(input).flatMap((b) => (b.type === 'paragraph' && b.tone === 'warning' ? [b.text] : []));
    expect(warnings).toContain('· 合同金额未录入：扣减只列比例，不列金额。');
    expect(warnings).toContain('· 记录 SR-X-9 没有书面报告时间，无法判断响应是否大于1小时。');
  });

  it('nothing spot-checked: no box ticked, the rate is "—", and the gap names the evaluator', () => {
    const base = handAnnex(wh.contract, Q1, AS_OF);
    const input = make({
      ...base,
      sections: base.sections.map((s) => (s.evaluator === 'department' ? { ...s, checked: 0, passed: 0, percent: null, rateGrade: null } : s)),
      grade: null,
      gaps: [{ code: 'no_spot_checks', evaluator: 'department' }],
    });
    expect(ticked(input, '服务水平评价（使用科室评价）', '服务效果抽查合格率')).toEqual([]);
    expect(field(input, '本期评价结果（按记录计算）')).toBe('—');
    expect(blocks(input)).toContainEqual(expect.objectContaining({ text: '· 使用科室本期没有抽查记录：合格率无从计算，未评等级。' }));
  });

  it('refuses to make the 004 report without the annex', () => {
    expect(() =>
      periodReportInput({ kind: 'evaluation_004', contract: wh.contract, hospital: wh.hospital, assets: wh.assets, window: Q1, figures: handFigures(wh.contract, Q1, { inspections: 1, services: 1 }, AS_OF), locale: 'zh-CN', madeAt: AS_OF, engineer: '张工' }),
    ).toThrow(PeriodReportArgsError);
  });
});
