/**
 * What the issue-12 newcomer trial found in the signed periodic reports, read back with pdftotext
 * from reports made from computed figures (the computations, not hand-built numbers): names in
 * place of the plan's internal keys, seed 002's monthly report with its 建议, the IT office's
 * 优/良/差 and both signers' places, 004's late count saying what it could not count, a
 * deliverable of signed inspection reports derived from the window, each empty sentence once, and
 * English without Chinese colons.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHandlers } from '../../../src-main/handlers/report-handlers';
import { evaluateAnnex004 } from '../../../src-shared/period/annex-004';
import { periodFigures } from '../../../src-shared/period/figures';
import { planContract } from '../../../src-shared/period/plan';
import { periodReportInput, type PeriodReportArgs } from '../../../src-shared/period/report-input';
import type { PeriodInspection } from '../../../src-shared/period/types';
import { contractWindows } from '../../../src-shared/period/windows';
import { PeriodReportInput } from '../../../src-shared/report/period-report';
import { catalogContract } from '../../helpers/period-figures';
import { CALENDAR, cn, inspection, pf, serviceRecord } from '../period-fixtures';
import { ROOT, signaturePng } from './fixture';
import { pdfTextCompact } from './poppler';

let dataDir: string;
let api: ReturnType<typeof reportHandlers>['handlers'];
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-period-trial-'));
  api = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir }).handlers;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const zj = catalogContract('zhanjiang-central.json');
const wh = catalogContract('wuhan-central.json');
const compact = (s: string): string => s.replace(/\s+/g, '');
const count = (text: string, words: string): number => text.split(compact(words)).length - 1;
const KIT = new Map([['ambulance-kit', { zh: '救护车 5G 车载套装', en: 'Ambulance 5G on-board kit' }]]);

async function text(args: PeriodReportArgs): Promise<string> {
  const input = PeriodReportInput.parse(periodReportInput(args));
  const created = await api['period.report.create'](input);
  const read = await api['report.read']({ hospitalId: created.hospitalId, month: created.month, reportNumber: created.reportNumber });
  return pdfTextCompact(Buffer.from(read.pdfBase64, 'base64'));
}

function monthly(inspections: PeriodInspection[], asOf: string, locale: 'zh-CN' | 'en' = 'zh-CN'): PeriodReportArgs {
  const { contract, hospital, assets } = zj;
  const december = contractWindows(contract, 'month')[11]!;
  const figures = periodFigures({ contract, assets, inspections, services: [], calendar: CALENDAR, window: december, asOf });
  const plan = planContract({ contract, assets, inspections, asOf, templateNames: KIT });
  return { kind: 'monthly_inspection', contract, hospital, assets, window: december, figures, plan, locale, madeAt: asOf, engineer: '李工', templateNames: KIT };
}

describe('periodic reports after the trial', () => {
  it('002 monthly: names not keys, 建议 from the findings, the IT office’s 优/良/差 counted and traced, both signers’ places', async () => {
    const { contract } = zj;
    const system = contract.systems[0]!;
    const signed = inspection('i-dec', contract, {
      completed: '2026-12-02 10:00',
      state: 'signed',
      signedAt: cn('2026-12-02 11:00'),
      reportNumber: 'XJ-20261202-24D486',
      systems: [system.id],
      verdicts: [{ role: 'it_office', scale: 'satisfaction', value: 'good' }],
      findings: [{ subject: `system:${system.id}`, systemId: system.id, templateId: system.templateId, itemId: 'backup', label: { zh: '数据库备份未按计划执行', en: 'Backup not run' }, serviceQuality: false }],
    });
    const t = await text(monthly([signed], cn('2027-01-05 09:00')));
    expect(t).not.toMatch(/system:|type:|ambulance-kit/);
    // The hardware group not inspected this month is named as the plan names it.
    expect(t).toContain(compact('救护车 5G 车载套装'));
    expect(t).toContain(compact('建议'));
    expect(t).toContain(compact(`${'5G+急救中心智慧平台'}数据库备份未按计划执行XJ-20261202-24D486`));
    expect(t).toContain(compact('巡检签字满意度评价（优/良/差）'));
    expect(t).toContain(compact('良1'));
    expect(t).toContain(compact('巡检签字满意度评价（1 条）'));
    expect(t).toContain(compact('XJ-20261202-24D486 2026-12-02 11:00 信息科 · 良'));
    expect(t).toContain(compact('本报告须经临床科室和信息科签字确认。'));
    expect(t).toContain(compact('临床科室签字'));
    expect(t).toContain(compact('信息科签字'));
    expect(count(t, '签字人：')).toBe(2);

    // The year counts the same verdicts.
    const year = contractWindows(contract, 'year')[0]!;
    const asOf = cn('2027-01-05 09:00');
    const figures = periodFigures({ contract, assets: zj.assets, inspections: [signed], services: [], calendar: CALENDAR, window: year, asOf });
    const annual = await text({ kind: 'annual_summary', contract, hospital: zj.hospital, assets: zj.assets, window: year, figures, deliverables: [], locale: 'zh-CN', madeAt: asOf, engineer: '李工', templateNames: KIT });
    expect(annual).toContain(compact('巡检签字满意度评价（优/良/差）'));
    expect(annual).toContain(compact('良1'));
    expect(annual).toContain(compact('XJ-20261202-24D486 2026-12-02 11:00 信息科 · 良'));
  });

  it('002 monthly: signatures drawn on the device go into the clinical and IT places', async () => {
    const asOf = cn('2026-12-20 09:00');
    const signatures = [
      { role: 'department' as const, name: '王护士长', signedAt: asOf, pngBase64: signaturePng(1) },
      { role: 'it_office' as const, name: '陈科长', signedAt: asOf, pngBase64: signaturePng(2) },
    ];
    const t = await text({ ...monthly([], asOf), signatures });
    expect(t).toContain(compact('临床科室签字'));
    expect(t).toContain(compact('签字人：王护士长'));
    expect(t).toContain(compact('签字人：陈科长'));
  });

  it('an empty month says each empty sentence once and says there is nothing to recommend', async () => {
    const t = await text(monthly([], cn('2026-12-20 09:00')));
    expect(count(t, '本区间巡检未发现问题。')).toBe(1);
    expect(count(t, '本区间没有故障记录。')).toBe(1);
    expect(t).toContain(compact('本区间巡检未发现问题，暂无整改建议。'));
    expect(t).toContain(compact('本区间巡检签字时没有满意度评价。'));
  });

  it('004: a record without its written-report time is said beside the late count and the deduction', async () => {
    const { contract, hospital, assets } = wh;
    const q = contractWindows(contract, 'quarter')[0]!;
    const day = q.start;
    const services = [serviceRecord('r1', contract, { levelId: 'fatal', reported: `${day} 08:00`, responded: `${day} 10:00`, resolved: `${day} 12:00`, title: '服务器宕机' })];
    const inspections = [inspection('i1', contract, { completed: `${day} 16:00`, state: 'signed', reportNumber: 'XJ-1', verdicts: [pf('department', 'pass'), pf('it_office', 'fail')] })];
    const asOf = cn(`${day} 18:00`);
    const figures = periodFigures({ contract, assets, inspections, services, calendar: CALENDAR, window: q, asOf });
    const annex = evaluateAnnex004({ contract, inspections, services, calendar: CALENDAR, window: q, asOf });
    const t = await text({ kind: 'evaluation_004', contract, hospital, assets, window: q, figures, annex, locale: 'zh-CN', madeAt: asOf, engineer: '赵工' });
    expect(t).toContain(compact('0 次（响应 0 次，处理 0 次；另有 1 条记录缺书面报告时间，未计入）'));
    expect(t).toContain(compact('0%（缺书面报告时间的 1 条记录未计入）'));
    // Both verdicts of the one sheet are in the appendix, the IT office under the contract's name.
    expect(t).toContain(compact('服务效果抽查（2 条）'));
    expect(t).toContain(compact('信息中心 · 不合格'));
  });

  it('English period summary: the signed inspection reports satisfy their deliverable, and colons and counts are English', async () => {
    const { contract, hospital, assets } = wh;
    const q = contractWindows(contract, 'quarter')[0]!;
    const day = q.start;
    const services = [serviceRecord('r1', contract, { levelId: 'fatal', reported: `${day} 08:00`, written: `${day} 08:05`, responded: `${day} 08:30`, title: 'Down' })];
    const inspections = [inspection('i1', contract, { completed: `${day} 16:00`, state: 'signed', reportNumber: 'XJ-20261202-A91F8F', verdicts: [pf('department', 'pass'), pf('it_office', 'pass')] })];
    const asOf = cn(`${day} 18:00`);
    const figures = periodFigures({ contract, assets, inspections, services, calendar: CALENDAR, window: q, asOf });
    const t = await text({ kind: 'period_summary', contract, hospital, assets, window: q, figures, deliverables: [], locale: 'en', madeAt: asOf, engineer: 'Zhao' });
    expect(t).toContain(compact('Inspection report Signed inspection reports: 1 XJ-20261202-A91F8F'));
    expect(t).not.toContain(compact('Inspection report Missing'));
    expect(t).toContain(compact('Fatal error: 1'));
    expect(t).not.toContain('：');
  });
});
