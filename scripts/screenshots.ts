/**
 * Re-takes docs/screenshots/ from the real app: the loopback host, Debian's Chromium and the demo
 * data, driven the way the e2e tests drive it. Run after a UI change and look at the pictures.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openApp } from '../tests/e2e/helpers/app';
import { answerAll, answerCurrent, startInspection } from '../tests/e2e/helpers/engineer';

const OUT = path.resolve('docs/screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(OUT, `${name}.png`) });

async function main(): Promise<void> {
  const app = await openApp();
  const { page } = app;
  try {
    await page.waitForSelector('[data-testid^=hospital-]');
    await shot(page, 'hospitals');

    // A completed inspection with a finding, then a draft, so the list shows both.
    await startInspection(page, 'queue-demo', '王工', async (p) => {
      await p.locator('.dept', { hasText: '儿科' }).locator('[data-testid^="dept-all-"]').check();
    });
    await shot(page, 'inspection-hardware');
    for (let i = 0; i < 6; i++) await answerCurrent(page, { fail: i === 2 });
    await page.goto(`${app.host.url}#/hospital/queue-demo`);
    await page.click('[data-testid=new-inspection]');
    await shot(page, 'new-inspection');
    await page.fill('[data-testid=engineer]', '李工');
    await page.locator('[data-testid^=system-]').first().check();
    await page.click('[data-testid=start]');
    await page.waitForSelector('[data-testid=item]');
    await page.keyboard.press('2');
    await page.waitForSelector('[data-testid=evidence-needed]');
    await shot(page, 'inspection-finding');
    await page.locator('[data-testid=note]').pressSequentially('叫号服务进程无响应，已重启并记录。');
    await page.locator('[data-testid=note]').press('Enter');
    await answerAll(page);
    await page.click('[data-testid=complete]');
    await page.waitForSelector('[data-testid=inspection-row]');
    await shot(page, 'hospital');

    await page.click('text=English');
    await page.locator('[data-testid=inspection-row] a').nth(1).click();
    await page.waitForSelector('[data-testid=item]');
    await shot(page, 'inspection-english');
  } finally {
    await app.close();
  }
}

await main();
