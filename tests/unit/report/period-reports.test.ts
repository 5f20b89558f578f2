/**
 * Periodic reports (issue 12) through the handlers, read back as a reader sees them: each kind's
 * figures in pdftotext, the signature valid in pdfsig, the identity in the signed Keywords, the
 * numbering PR-<hospital>-<yyyymm>-<n>, and the charts drawn as vectors in the report's font (their
 * labels are text, no page with a chart holds a raster image, no other font appears). The
 * bundled report thread makes them too (svg2pdf and ECharts inside the esbuild bundle).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMainBundle } from '../../../scripts/main-bundles';
import { reportHandlers } from '../../../src-main/handlers/report-handlers';
import { renderThread } from '../../../src-main/report/render-thread';
import { periodReportInput, type PeriodReportArgs } from '../../../src-shared/period/report-input';
import type { PeriodWindow } from '../../../src-shared/period/types';
import { parsePeriodIdentityKeywords } from '../../../src-shared/report/pdf-identity';
import { PeriodReportInput } from '../../../src-shared/report/period-report';
import { catalogContract, handAnnex, handFigures, handPlan } from '../../helpers/period-figures';
import { FONTS_DIR, ROOT, signaturePng } from './fixture';
import { pagesWithImages, pdfFontNames, pdfPageText, pdfSig, pdfTextCompact } from './poppler';

let dataDir: string;
let api: ReturnType<typeof reportHandlers>['handlers'];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-period-'));
  api = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir }).handlers;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const zj = catalogContract('zhanjiang-central.json');
const wh = catalogContract('wuhan-central.json');
const gd = catalogContract('gd-provincial.json');
const compact = (s: string): string => s.replace(/\s+/g, '');

async function make(args: PeriodReportArgs): Promise<{ bytes: Buffer; number: string; input: PeriodReportInput }> {
  const input = PeriodReportInput.parse(periodReportInput(args));
  const created = await api['period.report.create'](input);
  const read = await api['report.read']({ hospitalId: created.hospitalId, month: created.month, reportNumber: created.reportNumber });
  const bytes = Buffer.from(read.pdfBase64, 'base64');
  expect(bytes.equals(await readFile(created.path))).toBe(true);
  return { bytes, number: created.reportNumber, input };
}

/** Pages whose text holds the chart's title: a chart page must have no raster image. */
async function chartPages(bytes: Buffer, titles: string[]): Promise<number[]> {
  const pages: number[] = [];
  for (let page = 1; page <= 4; page++) {
    const text = compact(await pdfPageText(bytes, page).catch(() => ''));
    if (titles.some((t) => text.includes(t))) pages.push(page);
  }
  return pages;
}

async function expectVectorCharts(bytes: Buffer, titles: string[], labels: string[]): Promise<void> {
  const pages = await chartPages(bytes, titles);
  expect(pages.length).toBeGreaterThan(0);
  const raster = await pagesWithImages(bytes);
  expect(pages.filter((p) => raster.includes(p))).toEqual([]);
  const text = await pdfTextCompact(bytes);
  for (const label of labels) expect(text).toContain(compact(label));
  // svg2pdf falls back to Times for a family it does not know: only the report's font may appear.
  const fonts = await pdfFontNames(bytes);
  expect(fonts.length).toBeGreaterThan(0);
  for (const font of fonts) expect(font).toMatch(/NotoSansSC/);
}

const YEAR: PeriodWindow = { unit: 'year', index: 0, start: '2026-01-01', end: '2026-12-31' };
const MONTHS = Array.from({ length: 12 }, (_, i): PeriodWindow => ({ unit: 'month', index: i, start: `2026-${String(i + 1).padStart(2, '0')}-01`, end: `2026-${String(i + 1).padStart(2, '0')}-28` }));

describe('period.report.create', () => {
  it('seed 004 评价报告: computed figures with ticked boxes, the evaluator’s signature, seal places, signed', async () => {
    const q1: PeriodWindow = { unit: 'quarter', index: 0, start: '2026-03-01', end: '2026-05-31' };
    const asOf = '2026-06-01T02:00:00.000Z';
    const { bytes, number, input } = await make({
      kind: 'evaluation_004',
      contract: wh.contract,
      hospital: wh.hospital,
      assets: wh.assets,
      window: q1,
      figures: handFigures(wh.contract, q1, { inspections: 6, services: 12 }, asOf),
      annex: handAnnex(wh.contract, q1, asOf),
      locale: 'zh-CN',
      madeAt: asOf,
      engineer: '张工',
      signatures: [{ role: 'department', name: '王主任', signedAt: asOf, pngBase64: signaturePng(2) }],
    });
    expect(number).toBe('PR-WUHAN-CENTRAL-202606-1');
    const text = await pdfTextCompact(bytes);
    for (const words of [
      '售后维保服务评价报告',
      '评价区间2026-03-01至2026-05-31',
      '服务水平评价（使用科室评价）',
      '服务效果抽查合格率19/20合格，95%',
      '服务效果抽查合格率：□优秀▣良好□合格□不合格',
      '服务质量评价（信息中心评价）',
      '服务效果抽查合格率：▣优秀□良好□合格□不合格',
      '无恶性事件发生情况：▣优秀□良好□合格□不合格',
      '3次（响应2次，处理1次；另有1条记录缺书面报告时间，未计入）',
      '监理单位（盖章）',
      '审计单位（盖章）',
      '签字人：王主任',
      // Signed at 02:00 UTC: printed in China time like every other time in the report.
      '时间：2026-06-01 10:00',
      '记录SR-X-9没有书面报告时间',
      '本期评价结果（按记录计算）良好',
      'SR-L-1',
    ]) {
      expect(text).toContain(compact(words));
    }
    const sig = await pdfSig(bytes);
    expect(sig).toContain('Signature is Valid');
    const keywords = (await PDFDocument.load(bytes, { updateMetadata: false })).getKeywords();
    const identity = parsePeriodIdentityKeywords(keywords);
    expect(identity).toMatchObject({ contractId: wh.contract.id, kind: 'evaluation_004', windowStart: '2026-03-01', reportNumber: number });
    expect(identity!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(input.signatures).toHaveLength(1);
    await expectVectorCharts(bytes, ['故障按等级'], ['故障按等级', '致命错误（Fatal）：3']);
    // A second report the same month takes the next number.
    const again = await api['period.report.create'](input);
    expect(again.reportNumber).toBe('PR-WUHAN-CENTRAL-202606-2');
  });

  it('seed 002 年度运维总结报告: the year’s figures, charts per month, the appendix of every record', async () => {
    const figures = handFigures(zj.contract, YEAR, { inspections: 60, services: 80 }, '2027-01-01T00:00:00.000Z');
    const { bytes } = await make({ kind: 'annual_summary', contract: zj.contract, hospital: zj.hospital, assets: zj.assets, window: YEAR, figures, plan: handPlan(zj.contract, MONTHS), deliverables: [], locale: 'zh-CN', madeAt: '2027-01-02T01:00:00.000Z', engineer: '李工' });
    const text = await pdfTextCompact(bytes);
    expect(text).toContain(`时限达成率${figures.sla.compliancePercent}%`);
    expect(text).toContain('故障（80条）');
    expect(text).toContain('SR-00080');
    expect(text).toContain('XJ-2026-0060');
    expect(text).toContain('月巡检报告缺');
    expect(await pdfSig(bytes)).toContain('Signature is Valid');
    await expectVectorCharts(bytes, ['各期巡检完成情况', '回访评价分布'], ['各期巡检完成情况', '12-01～12-28', '回访评价分布', '优：48', '各时限达成情况']);
  });

  it('seed 002 monthly report and seed 001 服务总结报告 carry their own titles and figures', async () => {
    const march = MONTHS[2]!;
    const monthly = await make({ kind: 'monthly_inspection', contract: zj.contract, hospital: zj.hospital, assets: zj.assets, window: march, figures: handFigures(zj.contract, march, { inspections: 5, services: 3 }, '2026-04-01T00:00:00.000Z'), locale: 'zh-CN', madeAt: '2026-04-01T01:00:00.000Z', engineer: '李工' });
    const monthlyText = await pdfTextCompact(monthly.bytes);
    expect(monthlyText).toContain('月巡检报告');
    expect(monthlyText).toContain('各系统发现问题数');
    expect(monthlyText).toContain('巡检已完成（5条）');
    expect(await pdfSig(monthly.bytes)).toContain('Signature is Valid');

    const q: PeriodWindow = { unit: 'quarter', index: 0, start: '2024-07-01', end: '2024-09-30' };
    const summary = await make({ kind: 'service_summary', contract: gd.contract, hospital: gd.hospital, assets: gd.assets, window: q, figures: handFigures(gd.contract, q, { inspections: 2, services: 9 }, '2024-10-01T00:00:00.000Z'), locale: 'zh-CN', madeAt: '2024-10-08T01:00:00.000Z', engineer: '陈工' });
    const summaryText = await pdfTextCompact(summary.bytes);
    expect(summaryText).toContain('服务总结报告');
    expect(summaryText).toContain('服务记录按类型');
    expect(summaryText).toContain('故障9');
    expect(await pdfSig(summary.bytes)).toContain('Signature is Valid');
  });

  it('an empty window gives an honest report: said in words, zeros and dashes, no chart drawn from nothing', async () => {
    const march = MONTHS[2]!;
    const { bytes } = await make({ kind: 'period_summary', contract: zj.contract, hospital: zj.hospital, assets: zj.assets, window: march, figures: handFigures(zj.contract, march, { inspections: 0, services: 0 }, '2026-04-01T00:00:00.000Z'), locale: 'zh-CN', madeAt: '2026-04-01T01:00:00.000Z', engineer: '李工' });
    const text = await pdfTextCompact(bytes);
    expect(text).toContain(compact('本区间内没有巡检、服务记录或回访'));
    expect(text).toContain('时限达成率—');
    expect(text).toContain('已完成0');
    expect(text).toContain('本区间没有故障记录。');
    expect(text).toContain('本区间没有任何记录。');
    expect(await pdfSig(bytes)).toContain('Signature is Valid');
  });

  it('the bundled report thread (esbuild, as Electron loads it) draws the charts too', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-period-bundle-'));
    const bundled = renderThread({ bundled: await buildMainBundle('renderWorker', outDir, ROOT) });
    try {
      const march = MONTHS[2]!;
      const input = periodReportInput({ kind: 'period_summary', contract: zj.contract, hospital: zj.hospital, assets: zj.assets, window: march, figures: handFigures(zj.contract, march, { inspections: 4, services: 6 }, '2026-04-01T00:00:00.000Z'), locale: 'zh-CN', madeAt: '2026-04-01T01:00:00.000Z', engineer: '李工' });
      const rendered = await bundled.periodReport(input, { fontsDir: FONTS_DIR, number: 'PR-BUNDLED-1', hash: 'e'.repeat(64) });
      const bytes = Buffer.from(rendered.bytes);
      await expectVectorCharts(bytes, ['故障按等级'], ['各系统发现问题数', '故障按等级', '各时限达成情况']);
    } finally {
      await bundled.close();
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
