/**
 * The office dashboard's screenshot (docs/screenshots/office-dashboard.png): an office in a
 * temporary folder with the demo catalog and a fixed clock (2026-05-20 10:00 in China), signed
 * reports and service records pushed by enrolled devices over HTTP as in the tests, and Chromium
 * on the console. The session cookie is handed to the browser without an expiry, because the
 * office's clock is months behind the real one.
 * Run: npx tsx scripts/office-dashboard-screenshot.ts
 */
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { ServiceEvent } from '../src-shared/service/record';
import type { FaultPush } from '../src-shared/sync/envelope';
import { paths } from '../src-shared/sync/protocol';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/helpers/chromium';
import { consoleClient } from '../tests/server/helpers/console';
import { enrolledDevice, type TestDevice } from '../tests/server/helpers/device';
import { startTestOffice } from '../tests/server/helpers/office';
import { makeReport, pushBlobs, pushReport, type ReportOptions } from '../tests/server/helpers/report';

const OUT = path.resolve('docs/screenshots/office-dashboard.png');
const NOW = new Date('2026-05-20T02:00:00.000Z');

let n = 0;
const ev = (by: string, fields: Record<string, unknown>): ServiceEvent => ({ id: `shot-${++n}`, recordedAt: String(fields.at ?? fields.recordedAt), by, ...fields }) as ServiceEvent;

function record(id: string, o: { hospitalId: string; contractId: string; levelId: string; systemId: string; title: string; reportedAt: string; by: string; more?: Record<string, unknown>[] }): FaultPush {
  const { by } = o;
  return {
    id,
    version: 1,
    hospitalId: o.hospitalId,
    contractId: o.contractId,
    subject: { kind: 'system', systemId: o.systemId },
    channel: 'phone',
    reporter: { name: '李主任', department: '信息科' },
    createdAt: o.reportedAt,
    createdBy: 'laptop',
    photos: [],
    events: [
      ev(by, { type: 'classify', kind: 'fault', levelId: o.levelId, recordedAt: o.reportedAt }),
      ev(by, { type: 'step', step: 'reported', at: o.reportedAt }),
      ev(by, { type: 'text', field: 'title', value: o.title, recordedAt: o.reportedAt }),
      ...(o.more ?? []).map((f) => ev(by, f)),
    ],
  };
}

const t = (day: string, clock: string): string => `2026-${day}T${clock}:00.000+08:00`;

async function main(): Promise<void> {
  const office = await startTestOffice({ now: () => NOW });
  try {
    await office.addEngineer('chen-jie', ['yunan-peoples', 'queue-demo'], '陈杰');
    await office.addEngineer('wang-li', ['wuhan-central'], '王丽');
    await office.addEngineer('li-na', ['zhanjiang-central'], '李娜');
    await office.addConsoleUser('admin', 'screenshots only');
    const chen = await enrolledDevice(office, 'chen-jie', ['yunan-peoples', 'queue-demo']);
    const wang = await enrolledDevice(office, 'wang-li', ['wuhan-central']);
    const li = await enrolledDevice(office, 'li-na', ['zhanjiang-central']);
    const report = async (device: TestDevice, options: ReportOptions): Promise<void> => {
      const r = await makeReport(device, { photos: 0, ...options });
      await pushBlobs(device, r.blobs);
      const res = await pushReport(device, r.envelope);
      if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    };
    const push = async (device: TestDevice, r: FaultPush): Promise<void> => {
      const res = await device.call('PUT', paths.fault(r.id), r);
      if (res.status !== 201) throw new Error(`record ${r.id}: ${res.status} ${JSON.stringify(res.body)}`);
    };

    // Yunan, Q2 so far: seven of its 19 systems inspected, three with findings.
    const yunanSystems: [string, string, boolean][] = [['yn-his', 'his', true], ['yn-pacs', 'pacs', false], ['yn-lis', 'lis', true], ['yn-emr-qc', 'emr-qc', false], ['yn-oa', 'oa', false], ['yn-infusion', 'infusion', true], ['yn-e-signature', 'e-signature', false]];
    for (const [i, [id, templateId, failed]] of yunanSystems.entries()) {
      await report(chen, { completedAt: `2026-04-${String(8 + i * 3).padStart(2, '0')}T15:00:00+08:00`, failed, system: { id, templateId, templateVersion: 1 } });
    }
    const y = { hospitalId: 'yunan-peoples', contractId: 'yunan-maint-2026', by: '陈杰' };
    await push(chen, record('y-1', { ...y, levelId: 'level-1', systemId: 'yn-his', title: '住院收费结算中断', reportedAt: t('04-14', '09:00'), more: [{ type: 'step', step: 'responded', at: t('04-14', '09:12') }, { type: 'step', step: 'arrived', at: t('04-14', '10:05') }, { type: 'step', step: 'resolved', at: t('04-14', '12:30') }] }));
    await push(chen, record('y-2', { ...y, levelId: 'level-2', systemId: 'yn-pacs', title: 'PACS 影像调阅缓慢', reportedAt: t('04-21', '14:00'), more: [{ type: 'step', step: 'responded', at: t('04-21', '15:30') }, { type: 'step', step: 'resolved', at: t('04-22', '11:00') }] }));
    await push(chen, record('y-3', { ...y, levelId: 'level-3', systemId: 'yn-lis', title: 'LIS 条码打印机偶发卡纸', reportedAt: t('05-06', '10:00'), more: [{ type: 'step', step: 'responded', at: t('05-06', '10:40') }, { type: 'step', step: 'resolved', at: t('05-07', '09:00') }] }));
    await push(chen, record('y-4', { ...y, levelId: 'level-2', systemId: 'yn-oa', title: 'OA 流程审批卡顿', reportedAt: t('05-19', '16:00') }));
    // Wuhan (004): two sheets passed by both evaluators, spot checks on handled records.
    const verdicts = (it: 'pass' | 'fail') => ({ verdicts: [{ role: 'department' as const, scale: 'pass_fail' as const, value: 'pass' as const }, { role: 'it_office' as const, scale: 'pass_fail' as const, value: it }] });
    await report(wang, { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', completedAt: '2026-03-20T16:00:00+08:00', system: { id: 'wh-drg', templateId: 'drg', templateVersion: 1 }, evaluation: verdicts('pass') });
    await report(wang, { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', completedAt: '2026-05-12T16:00:00+08:00', failed: true, system: { id: 'wh-drg', templateId: 'drg', templateVersion: 1 }, evaluation: verdicts('fail') });
    const w = { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', systemId: 'wh-drg', by: '王丽' };
    const handled = (day: string, late: boolean): Record<string, unknown>[] => [
      { type: 'step', step: 'written_report', at: t(day, '09:20') },
      { type: 'step', step: 'responded', at: t(day, late ? '10:45' : '09:40') },
      { type: 'step', step: 'resolved', at: t(day, '11:00') },
    ];
    const check = (day: string, evaluator: string, result: string) => ({ type: 'spot_check', recordedAt: t(day, '17:00'), evaluator, result, note: '' });
    await push(wang, record('w-1', { ...w, levelId: 'serious', title: 'DRG 分组结果与病案不一致', reportedAt: t('04-02', '09:00'), more: [...handled('04-02', false), check('04-02', 'department', 'pass'), check('04-02', 'it_office', 'pass')] }));
    await push(wang, record('w-2', { ...w, levelId: 'fatal', title: 'DRG 接口停止响应', reportedAt: t('04-27', '09:00'), more: [...handled('04-27', true), check('04-27', 'department', 'pass'), check('04-27', 'it_office', 'pass')] }));
    await push(wang, record('w-3', { ...w, levelId: 'minor', title: '质控报表导出缓慢', reportedAt: t('05-11', '09:00'), more: [...handled('05-11', false), check('05-11', 'department', 'pass'), check('05-11', 'it_office', 'pass')] }));
    // Zhanjiang, May: the platform inspected; repairs called back 优, 良, 差.
    await report(li, { hospitalId: 'zhanjiang-central', contractId: 'zjcph-5g-emergency-2026', completedAt: '2026-05-08T11:00:00+08:00', system: { id: 'zj-5g-emergency', templateId: 'emergency-5g-platform', templateVersion: 1 } });
    const z = { hospitalId: 'zhanjiang-central', contractId: 'zjcph-5g-emergency-2026', systemId: 'zj-5g-emergency', by: '李娜' };
    for (const [i, rating] of (['excellent', 'good', 'poor'] as const).entries()) {
      const day = `05-${String(4 + i * 4).padStart(2, '0')}`;
      await push(li, record(`z-${i}`, { ...z, levelId: 'general', title: ['急救车视频回传中断', '5G 路由器信号弱', '平板定位不刷新'][i]!, reportedAt: t(day, '10:00'), more: [{ type: 'step', step: 'responded', at: t(day, '10:30') }, { type: 'step', step: 'resolved', at: t(day, '16:00') }, { type: 'follow_up', at: t(day, '17:30'), recordedAt: t(day, '17:35'), contact: '张科长', rating, comment: '' }] }));
    }
    // Queue calling demo: one fault.
    await push(chen, record('q-1', { hospitalId: 'queue-demo', contractId: 'queue-demo-2026', systemId: 'mz-queue', levelId: 'severe', title: '门诊二楼叫号屏黑屏', reportedAt: t('05-15', '08:30'), by: '陈杰', more: [{ type: 'step', step: 'responded', at: t('05-15', '08:50') }, { type: 'step', step: 'resolved', at: t('05-15', '11:00') }] }));

    const admin = await consoleClient(office, 'admin', 'screenshots only');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      const [name, value] = admin.cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: office.url, httpOnly: true, sameSite: 'Strict' }]);
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') violations.push(`${m.text()} ${m.location().url}`);
      });
      await page.goto(`${office.url}/console/dashboard`);
      await page.screenshot({ path: OUT, fullPage: true });
      if (process.env.SHOT_DETAIL) await page.screenshot({ path: process.env.SHOT_DETAIL, clip: { x: 0, y: 560, width: 1280, height: 700 } });
      if (violations.length) console.error('console errors:', violations);
      console.log(`wrote ${OUT}`);
    } finally {
      await browser.close();
    }
  } finally {
    await office.close();
  }
}

await main();
