/**
 * A screenshot of the console's reports list as a read-only user of one hospital
 * (docs/screenshots/console-reader-reports.png): an office in a temporary folder with the demo
 * catalog, signed reports of two hospitals pushed by enrolled devices, and Chromium logged in as
 * the reader. Run: npx tsx scripts/console-reader-screenshot.ts
 */
import path from 'node:path';
import { chromium } from 'playwright-core';
import { hashPassword } from '../src-server/auth/passwords';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/helpers/chromium';
import { enrolledDevice, type TestDevice } from '../tests/server/helpers/device';
import { startTestOffice } from '../tests/server/helpers/office';
import { makeReport, pushBlobs, pushReport, type ReportOptions } from '../tests/server/helpers/report';

const OUT = path.resolve('docs/screenshots/console-reader-reports.png');
const PASSWORD = 'screenshots only';

async function main(): Promise<void> {
  const office = await startTestOffice();
  try {
    await office.addEngineer('chen-jie', ['yunan-peoples'], '陈杰');
    await office.addEngineer('wang-li', ['wuhan-central'], '王丽');
    const yunan = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
    const wuhan = await enrolledDevice(office, 'wang-li', ['wuhan-central']);
    const push = async (device: TestDevice, options: ReportOptions): Promise<void> => {
      const report = await makeReport(device, { photos: 1, ...options });
      await pushBlobs(device, report.blobs);
      const res = await pushReport(device, report.envelope);
      if (res.status !== 201) throw new Error(`push refused: ${res.status}`);
    };
    await push(yunan, { completedAt: '2026-03-14T10:30:00+08:00' });
    await push(yunan, { completedAt: '2026-03-15T10:30:00+08:00', system: { id: 'yn-pacs', templateId: 'pacs', templateVersion: 1 } });
    await push(yunan, { completedAt: '2026-04-08T15:00:00+08:00', system: { id: 'yn-lis', templateId: 'lis', templateVersion: 1 } });
    const drg = { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', system: { id: 'wh-drg', templateId: 'drg', templateVersion: 1 } };
    await push(wuhan, { ...drg, completedAt: '2026-04-01T16:00:00+08:00' });
    await office.ctx.store.createAdmin(
      { username: 'yunan-it', passwordHash: await hashPassword(PASSWORD), createdAt: new Date().toISOString(), role: 'reader', hospitalIds: ['yunan-peoples'] },
      { actor: 'screenshots', action: 'admin.create', outcome: 'ok', target: 'yunan-it', details: {} },
    );

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
    await page.goto(`${office.url}/console/login`);
    await page.fill('input[name=username]', 'yunan-it');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${office.url}/console`), page.click('button[type=submit]')]);
    await page.screenshot({ path: OUT, fullPage: true });
    await browser.close();
  } finally {
    await office.close();
  }
}

await main();
