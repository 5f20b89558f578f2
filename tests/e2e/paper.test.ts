/**
 * Issue 9, as the engineer meets it in Chromium: saved PDFs named by hospital, kind and date
 * (point 11), speakers and the network switch asked their own items (13), and the page's icon (14).
 */
import type { Response } from 'playwright-core';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { calendarDate } from '../../src-shared/report/file-name';
import { openApp, type TestApp } from './helpers/app';
import { answerAll, firstSystem, startInspection } from './helpers/engineer';
import { signInspection } from './helpers/signoff';

let app: TestApp;
beforeEach(async () => {
  app = await openApp();
});
afterEach(async () => {
  await app.close();
});

/** The file name Chromium offers for the download a click starts. */
async function downloadName(click: () => Promise<void>): Promise<string> {
  const downloading = app.page.waitForEvent('download');
  await click();
  return (await downloading).suggestedFilename();
}

const switchToEnglish = () => app.page.locator('.topnav button', { hasText: 'English' }).click();

test('a saved copy of a signed report is named hospital_巡检报告_date_number.pdf, in English words for an English UI', async () => {
  const { page } = app;
  const started = new Date();
  await startInspection(page, 'yunan-peoples', '赵工', firstSystem);
  await answerAll(page);
  const { reportNumber } = await signInspection(page);
  // The inspection's completion date on this device's calendar (the test may straddle midnight).
  const days = [...new Set([calendarDate(started), calendarDate(new Date())])];

  const zh = await downloadName(() => page.click('[data-testid=report-save]'));
  expect(days.map((day) => `郁南县人民医院_巡检报告_${day}_${reportNumber}.pdf`)).toContain(zh);

  await switchToEnglish();
  await expect.poll(() => page.locator('[data-testid=report-save]').textContent()).not.toMatch(/[\u4e00-\u9fff]/);
  const en = await downloadName(() => page.click('[data-testid=report-save]'));
  expect(days.map((day) => `Yunan County People's Hospital_Inspection report_${day}_${reportNumber}.pdf`)).toContain(en);
});

test('a blank sheet is named hospital_巡检记录表_today.pdf, in English words for an English UI', async () => {
  const { page } = app;
  const before = calendarDate(new Date());
  await page.click('[data-testid=hospital-yunan-peoples]');
  await page.click('[data-testid=new-inspection]');
  await firstSystem(page);
  const zh = await downloadName(() => page.click('[data-testid=blank-save]'));
  const days = [...new Set([before, calendarDate(new Date())])];
  expect(days.map((day) => `郁南县人民医院_巡检记录表_${day}.pdf`)).toContain(zh);

  await switchToEnglish();
  await firstSystem(page);
  const en = await downloadName(() => page.click('[data-testid=blank-save]'));
  expect([...days, calendarDate(new Date())].map((day) => `Yunan County People's Hospital_Inspection sheet_${day}.pdf`)).toContain(en);
});

test('a speaker is asked speaker items and the network switch switch items', async () => {
  const { page } = app;
  await startInspection(page, 'queue-demo', '王工', async (p) => {
    for (const tag of ['MZ-NK-SPK-01', 'MZ-MZB-SW-01']) await p.locator('.dept label.check', { hasText: tag }).locator('input').check();
  });
  const outline = async (assetId: string): Promise<{ keys: string[]; text: string }> => {
    const group = page.locator(`[data-group="asset:${assetId}"]`);
    const keys = await group.locator('li[data-step-key]').evaluateAll((items) => items.map((li) => li.getAttribute('data-step-key')!));
    return { keys: keys.map((k) => k.split('#')[1]!), text: (await group.locator('ol').textContent()) ?? '' };
  };
  const speaker = await outline('mz-nk-spk-01');
  const network = await outline('mz-mzb-sw-01');
  expect(speaker.keys.length).toBeGreaterThanOrEqual(10);
  expect(network.keys.length).toBeGreaterThanOrEqual(10);
  expect(speaker.keys.every((id) => id.startsWith('sp-')), speaker.keys.join()).toBe(true);
  expect(network.keys.every((id) => id.startsWith('sw-')), network.keys.join()).toBe(true);
  // What the engineer reads in the outline: sound for the speaker, ports and PoE for the switch.
  expect(speaker.text).toContain('叫号播报声级');
  expect(speaker.text).not.toMatch(/端口|交换机|PoE|网络/);
  expect(network.text).toContain('叫号终端端口状态');
  expect(network.text).toContain('PoE 功率占用');
  expect(network.text).not.toMatch(/音量|播报|音箱/);
});

test('the page has an icon the browser loads from the host, and loading the app fails no request', async () => {
  // A fresh tab, watched from its first request.
  const page = await app.context.newPage();
  const failed: string[] = [];
  page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.url()} ${response.status()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') failed.push(`console: ${message.text()}`);
  });
  const icons: Response[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('/favicon.svg')) icons.push(response);
  });
  await page.goto(app.host.url);
  await page.waitForSelector('[data-testid=hospital-yunan-peoples]');

  expect(await page.locator('link[rel=icon]').getAttribute('type')).toBe('image/svg+xml');
  // Chromium fetches the linked icon once the page has loaded.
  await expect.poll(() => icons.length, { timeout: 10_000 }).toBe(1);
  const icon = icons[0]!;
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/svg+xml');
  expect((await icon.body()).toString('utf8')).toMatch(/^<svg [^>]*viewBox="0 0 32 32"/);
  expect(new URL(icon.url()).origin).toBe(new URL(app.host.url).origin);
  expect(failed).toEqual([]);
});
