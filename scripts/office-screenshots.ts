/**
 * Screenshots of the office console's service records (docs/screenshots/office-*.png): an office
 * in a temporary folder with the demo catalog, a fixed clock, a few records pushed the way a
 * device's push is accepted, and Chromium logged in to the console.
 * Run: npx tsx scripts/office-screenshots.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { acceptFault } from '../src-server/accept/fault';
import type { DeviceActor } from '../src-server/accept/actor';
import { createAdminUser, createEngineer } from '../src-server/admin/operations';
import { startOffice } from '../src-server/start';
import type { ServiceEvent } from '../src-shared/service/record';
import type { FaultPush } from '../src-shared/sync/envelope';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/helpers/chromium';

const OUT = path.resolve('docs/screenshots');
/**
 * The office's clock is the real one: the browser drops a session cookie whose expiry (counted on
 * the office's clock) has passed on its own. Records are placed relative to it.
 */
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const ago = (minutes: number): string => new Date(NOW.getTime() - minutes * 60_000).toISOString();

let n = 0;
const ev = (fields: Record<string, unknown> & { at?: string }, by = '陈杰'): ServiceEvent =>
  ({ id: `shot-${++n}`, recordedAt: fields.at ?? fields.recordedAt ?? NOW.toISOString(), by, ...fields }) as ServiceEvent;

function record(id: string, o: { hospitalId: string; contractId: string; levelId: string; systemId?: string; title: string; reportedAt: string; by?: string; more?: ServiceEvent[] }): FaultPush {
  const by = o.by ?? '陈杰';
  return {
    id,
    version: 1,
    hospitalId: o.hospitalId,
    contractId: o.contractId,
    subject: o.systemId ? { kind: 'system', systemId: o.systemId } : { kind: 'contract' },
    channel: 'phone',
    reporter: { name: '李主任', department: '信息科' },
    createdAt: o.reportedAt,
    createdBy: 'laptop',
    photos: [],
    events: [
      ev({ type: 'classify', kind: 'fault', levelId: o.levelId, recordedAt: o.reportedAt }, by),
      ev({ type: 'step', step: 'reported', at: o.reportedAt }, by),
      ev({ type: 'text', field: 'title', value: o.title, recordedAt: o.reportedAt }, by),
      ...(o.more ?? []),
    ],
  };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-shots-'));
  const office = await startOffice({ dataDir, port: 0, host: '127.0.0.1', logLevel: false, now: () => NOW });
  try {
    const { ctx } = office;
    const actor = async (engineerId: string, name: string, hospitalIds: string[]): Promise<DeviceActor> => {
      const engineer = await createEngineer(ctx, { id: engineerId, name, hospitalIds }, 'screenshots');
      const device = { id: `laptop-${engineerId}`, engineerId, name: '笔记本', publicKeyPem: '', certificatePem: '', certificateSerial: '', enrolledAt: NOW.toISOString(), lastSeenAt: null, revokedAt: null };
      return { device, engineer, via: 'push' };
    };
    const chen = await actor('chen-jie', '陈杰', ['yunan-peoples']);
    const wang = await actor('wang-li', '王丽', ['wuhan-central']);
    const zhou = await actor('zhou-min', '周敏', ['queue-demo']);
    const pushes: [DeviceActor, FaultPush][] = [
      [chen, record('yn-01', { hospitalId: 'yunan-peoples', contractId: 'yunan-maint-2026', levelId: 'level-1', systemId: 'yn-his', title: '住院收费结算中断', reportedAt: ago(380), more: [ev({ type: 'step', step: 'responded', at: ago(365) }), ev({ type: 'step', step: 'arrived', at: ago(295) })] })],
      [chen, record('yn-02', { hospitalId: 'yunan-peoples', contractId: 'yunan-maint-2026', levelId: 'level-2', systemId: 'yn-pacs', title: 'PACS 影像调阅缓慢', reportedAt: ago(90) })],
      [chen, record('yn-03', { hospitalId: 'yunan-peoples', contractId: 'yunan-maint-2026', levelId: 'level-3', systemId: 'yn-lis', title: 'LIS 条码打印机偶发卡纸', reportedAt: ago(40) })],
      [wang, record('wh-01', { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', levelId: 'fatal', systemId: 'wh-drg', title: 'DRG 分组接口返回 500', reportedAt: ago(230), by: '王丽', more: [ev({ type: 'step', step: 'responded', at: ago(215) }, '王丽')] })],
      [zhou, record('qd-01', { hospitalId: 'queue-demo', contractId: 'queue-demo-2026', levelId: 'severe', title: '门诊二楼叫号屏黑屏', reportedAt: ago(1380), by: '周敏', more: [ev({ type: 'step', step: 'responded', at: ago(1360) }, '周敏'), ev({ type: 'step', step: 'resolved', at: ago(1220) }, '周敏')] })],
    ];
    for (const [who, r] of pushes) await acceptFault(ctx, who, r);
    await createAdminUser(ctx, 'admin', 'screenshots only', 'screenshots');

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
    await page.goto(`${office.url}/console/login`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'screenshots only');
    await Promise.all([page.waitForURL(`${office.url}/console`), page.click('button[type=submit]')]);
    await page.goto(`${office.url}/console/service-records`);
    await page.screenshot({ path: path.join(OUT, 'office-service-records.png'), fullPage: true });
    await page.goto(`${office.url}/console/service-records/yn-01`);
    await page.screenshot({ path: path.join(OUT, 'office-service-record.png'), fullPage: true });
    await browser.close();
  } finally {
    await office.app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
