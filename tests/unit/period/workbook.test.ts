/**
 * The periodic report's tables as .xlsx (issue 12 point 6), read back with exceljs: the summary
 * with the figures and ticked grades, one sheet per table with numbers as numbers, the chart
 * data no table holds, and the appendix with one row per record behind a figure.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { periodReportInput } from '../../../src-shared/period/report-input';
import type { PeriodWindow } from '../../../src-shared/period/types';
import { periodWorkbook } from '../../../src-shared/period/workbook';
import { catalogContract, handAnnex, handFigures, handPlan } from '../../helpers/period-figures';

const zj = catalogContract('zhanjiang-central.json');
const wh = catalogContract('wuhan-central.json');
const YEAR: PeriodWindow = { unit: 'year', index: 0, start: '2026-01-01', end: '2026-12-31' };
const MONTHS = Array.from({ length: 12 }, (_, i): PeriodWindow => ({ unit: 'month', index: i, start: `2026-${String(i + 1).padStart(2, '0')}-01`, end: `2026-${String(i + 1).padStart(2, '0')}-28` }));

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

const values = (sheet: ExcelJS.Worksheet): unknown[][] => {
  const out: unknown[][] = [];
  sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
};

describe('periodWorkbook', () => {
  it('the annual report: summary, a sheet per table with numbers, chart data per month, every record', async () => {
    const figures = handFigures(zj.contract, YEAR, { inspections: 30, services: 20 }, '2027-01-01T00:00:00.000Z');
    const input = periodReportInput({ kind: 'annual_summary', contract: zj.contract, hospital: zj.hospital, assets: zj.assets, window: YEAR, figures, plan: handPlan(zj.contract, MONTHS), deliverables: [], locale: 'zh-CN', madeAt: '2027-01-02T00:00:00.000Z', engineer: '李工' });
    const book = await read(await periodWorkbook(input));
    const names = book.worksheets.map((s) => s.name);
    expect(names[0]).toBe('汇总');
    expect(names).toContain('故障按等级');
    expect(names).toContain('各期巡检完成情况');
    expect(names[names.length - 1]).toBe('数据来源');
    const summary = values(book.getWorksheet('汇总')!);
    expect(summary).toContainEqual(['时限达成率', `${figures.sla.compliancePercent}%`]);
    expect(summary).toContainEqual(['已完成', 4]);
    const levels = values(book.getWorksheet('故障按等级')!);
    expect(levels[0]).toEqual(['故障等级', '数量']);
    expect(levels).toContainEqual(['合计', 20]);
    const perMonth = values(book.getWorksheet('各期巡检完成情况')!);
    expect(perMonth).toHaveLength(13);
    expect(perMonth[12]).toEqual(['12-01～12-28', 0, 0, 1, 0, 0]);
    const trace = values(book.getWorksheet('数据来源')!);
    expect(trace[0]).toEqual(['指标', '记录', '时间', '系统 / 设备', '详情']);
    expect(trace).toHaveLength(figures.trace.length + 1);
    expect(trace).toContainEqual(['故障', 'SR-00001', '2026-01-01 09:00', '5G+急救中心智慧平台', '灾难性故障']);
  });

  it('the 004 evaluation: ticked grades in the summary; an English report has English sheets', async () => {
    const q1: PeriodWindow = { unit: 'quarter', index: 0, start: '2026-03-01', end: '2026-05-31' };
    const asOf = '2026-06-01T00:00:00.000Z';
    const args = { kind: 'evaluation_004' as const, contract: wh.contract, hospital: wh.hospital, assets: wh.assets, window: q1, figures: handFigures(wh.contract, q1, { inspections: 2, services: 2 }, asOf), annex: handAnnex(wh.contract, q1, asOf), madeAt: asOf, engineer: '张工' };
    const zh = values((await read(await periodWorkbook(periodReportInput({ ...args, locale: 'zh-CN' })))).getWorksheet('汇总')!);
    expect(zh).toContainEqual(['服务效果抽查合格率', '良好']);
    expect(zh).toContainEqual(['本期评价结果（按记录计算）', '良好']);
    const en = await read(await periodWorkbook(periodReportInput({ ...args, locale: 'en' })));
    expect(en.worksheets[0]!.name).toBe('Summary');
    expect(en.worksheets[en.worksheets.length - 1]!.name).toBe('Sources');
  });
});
