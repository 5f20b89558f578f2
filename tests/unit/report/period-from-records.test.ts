/**
 * Seed 004's quarterly 评价报告 from records, end to end: signed sheets with the evaluators'
 * 合格/不合格 verdicts and service records (one answered 75 minutes after the written report, one
 * with an adverse event) go through the period computations (periodFigures, evaluateAnnex004),
 * the builder and `period.report.create`; the signed PDF prints what the records say and names
 * each spot-checked sheet and late record in its appendix.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reportHandlers } from '../../../src-main/handlers/report-handlers';
import { evaluateAnnex004 } from '../../../src-shared/period/annex-004';
import { periodFigures } from '../../../src-shared/period/figures';
import { periodReportInput } from '../../../src-shared/period/report-input';
import { contractWindows } from '../../../src-shared/period/windows';
import { catalogContract } from '../../helpers/period-figures';
import { CALENDAR, inspection, pf, serviceRecord } from '../period-fixtures';
import { ROOT } from './fixture';
import { pdfSig, pdfTextCompact } from './poppler';

let dataDir: string;
let api: ReturnType<typeof reportHandlers>['handlers'];
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-period-records-'));
  api = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir }).handlers;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

it('records → computed 附件1 → signed PDF with the figures, ticked grades and their records', async () => {
  const { contract, hospital, assets } = catalogContract('wuhan-central.json');
  const q1 = contractWindows(contract, 'quarter')[0]!;
  const asOf = '2026-06-10T00:00:00Z';
  // Nine sheets passed by both evaluators, a tenth failed by the department: 90 % → 良好 exactly.
  const inspections = Array.from({ length: 10 }, (_, i) =>
    inspection(`s${i}`, contract, { completed: '2026-04-15 16:00', state: 'signed', reportNumber: `XJ-WH-${i + 1}`, verdicts: [pf('department', i === 9 ? 'fail' : 'pass'), pf('it_office', 'pass')] }),
  );
  const services = [
    serviceRecord('late', contract, { levelId: 'serious', reported: '2026-04-01 09:00', written: '2026-04-01 09:05', responded: '2026-04-01 10:20', resolved: '2026-04-01 10:50', title: '病案首页上传失败' }),
    serviceRecord('adverse', contract, { levelId: 'minor', reported: '2026-05-06 14:00', written: '2026-05-06 14:00', responded: '2026-05-06 14:10', resolved: '2026-05-06 14:40', assess: [{ adverseEvent: true, noticeFailure: false, at: '2026-05-07 09:00' }], title: '分组结果错误' }),
  ];
  const figures = periodFigures({ contract, assets, inspections, services, calendar: CALENDAR, window: q1, asOf });
  const annex = evaluateAnnex004({ contract, inspections, services, calendar: CALENDAR, window: q1, asOf });
  expect(annex.sections.find((s) => s.evaluator === 'department')).toMatchObject({ checked: 10, passed: 9, rateGrade: 'good', adverseGrade: 'fail' });
  expect(annex.grade).toBe('fail');

  const input = periodReportInput({ kind: 'evaluation_004', contract, hospital, assets, window: q1, figures, annex, locale: 'zh-CN', madeAt: asOf, engineer: '张工' });
  // Every appendix detail is in the report's language: no enum value (met_late, signed, true) printed as it is.
  const details = input.trace.flatMap((t) => t.rows.map((r) => r[3]!));
  // (The contract's own level names carry English in brackets: 严重错误（Serious）.)
  expect(details.filter((d) => /[A-Za-z]{3,}/.test(d.replace(/（[^）]*）/g, '')))).toEqual([]);
  expect(details).toContain('恶性事件');
  expect(details.some((d) => d.includes('超时完成'))).toBe(true);
  const created = await api['period.report.create'](input);
  const read = await api['report.read']({ hospitalId: created.hospitalId, month: created.month, reportNumber: created.reportNumber });
  const bytes = Buffer.from(read.pdfBase64, 'base64');
  const text = await pdfTextCompact(bytes);
  expect(text).toContain('服务效果抽查合格率9/10合格，90%');
  expect(text).toContain('服务效果抽查合格率：□优秀▣良好□合格□不合格');
  expect(text).toContain('无恶性事件发生情况：□优秀□良好□合格▣不合格');
  expect(text).toContain('恶性事件次数1');
  // Answered 75 min and resolved 105 min after the written report: one late response, one late resolution.
  expect(text).toContain('2次（响应1次，处理1次）');
  expect(text).toContain('扣减合同款2%');
  expect(text).toContain('本期评价结果（按记录计算）不合格');
  expect(text).toContain(`评价区间${q1.start}至${q1.end}`);
  // The appendix names the sheets and records behind the figures.
  expect(text).toContain('XJ-WH-10');
  expect(text).toContain('病案首页上传失败');
  expect(text).toContain('分组结果错误');
  expect(await pdfSig(bytes)).toContain('Signature is Valid');
});
