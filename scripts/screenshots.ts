/**
 * Re-takes docs/screenshots/ from the real app: the loopback host, Debian's Chromium and the demo
 * data, driven the way the e2e tests drive it. Run after a UI change and look at the pictures.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openApp } from '../tests/e2e/helpers/app';
import { answerAll, answerCurrent, startInspection } from '../tests/e2e/helpers/engineer';
import { pngFiles } from '../tests/e2e/helpers/images';

const OUT = path.resolve('docs/screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(OUT, `${name}.png`) });

async function expect(page: Page, selector: string, pattern: RegExp): Promise<void> {
  await page.waitForFunction(([sel, source]) => new RegExp(source!).test(document.querySelector(sel!)?.textContent ?? ''), [selector, pattern.source]);
}

async function sign(page: Page, role: string): Promise<void> {
  await page.locator(`[data-testid=pad-${role}]`).scrollIntoViewIfNeeded();
  const pad = (await page.locator(`[data-testid=pad-${role}]`).boundingBox())!;
  await page.mouse.move(pad.x + 30, pad.y + 90);
  await page.mouse.down();
  for (let i = 1; i <= 16; i++) await page.mouse.move(pad.x + 30 + i * 12, pad.y + 90 + Math.sin(i / 1.5) * 35, { steps: 3 });
  await page.mouse.up();
}

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
    // A photo of the fault, opened large (Esc closes it).
    await page.locator('[data-testid=photo-input]').setInputFiles(pngFiles(7, 1));
    await page.waitForSelector('[data-testid=photo-thumb]');
    await page.click('[data-testid=photo-thumb]');
    await page.waitForSelector('[data-testid=photo-viewer]');
    await shot(page, 'photo-viewer');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=note]').press('Enter');
    await answerAll(page);
    await page.click('[data-testid=complete]');
    await page.waitForSelector('[data-testid=signoff]');
    // Seed 003 asks its signers for no verdict (issue 12): nothing to pick before signing.
    await page.waitForSelector('[data-testid=no-verdict]');
    await page.fill('[data-testid=name-department]', '刘护士长');
    await expect(page, '[data-testid=content-hash]', /^[0-9a-f]{64}$/);
    await sign(page, 'engineer');
    await page.screenshot({ path: path.join(OUT, 'signoff.png'), fullPage: true });
    await sign(page, 'department');
    await page.click('[data-testid=sign]');
    await page.waitForSelector('[data-testid=report-path]', { timeout: 60_000 });
    await page.screenshot({ path: path.join(OUT, 'report-panel.png'), fullPage: true });
    // The report itself, first two pages, as users will see it printed.
    const pdf = (await page.locator('[data-testid=report-path]').textContent())!;
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, path.join(OUT, 'report-page')]);
    // The signed inspection opened again: read-only, and where to go instead.
    const signoffUrl = page.url();
    await page.goto(signoffUrl.replace(/\/sign$/, ''));
    await page.waitForSelector('[data-testid=signed-banner]');
    await shot(page, 'inspection-signed');
    await page.goto(signoffUrl);
    await page.waitForSelector('[data-testid=report-panel]');
    await page.click('.signoff > a');
    await page.waitForSelector('[data-testid=inspection-row]');
    // The whole page: contacts, the filters over the list, the unit list, the contracts.
    await page.screenshot({ path: path.join(OUT, 'hospital.png'), fullPage: true });

    // A unit's page: the paediatrics kiosk inspected in full (with a finding), and in the draft above.
    await page.goto(app.host.url);
    await startInspection(page, 'queue-demo', '王工', (p) => p.locator('input[value="mz-ek-ks-01"]').check());
    await answerAll(page, 5);
    await page.click('[data-testid=complete]');
    await page.waitForSelector('[data-testid=signoff]');
    await page.goto(`${app.host.url}#/hospital/queue-demo/unit/mz-ek-ks-01`);
    await page.waitForSelector('[data-testid=visit]');
    await page.screenshot({ path: path.join(OUT, 'unit.png'), fullPage: true });

    await page.goto(`${app.host.url}#/sync`);
    await page.waitForLoadState('networkidle');
    await shot(page, 'office-sync');

    await page.goto(`${app.host.url}#/hospital/queue-demo`);
    await page.waitForSelector('[data-testid=inspection-row]');
    await page.click('text=English');
    await page.locator('[data-testid=inspection-row][data-status=draft] a').first().click();
    await page.waitForSelector('[data-testid=item]');
    await shot(page, 'inspection-english');
  } finally {
    await app.close();
  }
}

await main();
