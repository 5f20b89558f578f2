/**
 * Issue 12 in the browser: each contract's own verdicts at sign-off (002 satisfaction from the IT
 * office, 000 none), service-quality items without fault levels, the inspection mode where the
 * contract allows remote visits (004), and 004's blank sheet with each evaluator's tick boxes.
 * Reports are read back with pdftotext; pages and screens are written to XUNJIAN_SHOTS (default
 * the test's temporary folder) to be looked at.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openApp, type TestApp } from './helpers/app';
import { answerAll, answerCurrent, firstSystem, startInspection, waitSaved } from './helpers/engineer';
import { giveVerdicts, signAsAsked, signInspection } from './helpers/signoff';

let app: TestApp;
let tmp: string;
let shots: string;
beforeEach(async () => {
  app = await openApp();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'xunjian-verdicts-'));
  shots = process.env.XUNJIAN_SHOTS ?? tmp;
  await mkdir(shots, { recursive: true });
});
afterEach(async () => {
  await app.close();
  await rm(tmp, { recursive: true, force: true });
});

/** The report's text with all white space gone: pdftotext splits lines where the layout does. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

async function saveReport(page: Page, name: string): Promise<string> {
  await expect.poll(() => page.locator('[data-testid=report-path]').count(), { timeout: 30_000 }).toBe(1);
  const downloading = page.waitForEvent('download');
  await page.click('[data-testid=report-save]');
  const file = path.join(tmp, name);
  await (await downloading).saveAs(file);
  execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(shots, name.replace(/\.pdf$/, ''))]);
  return file;
}

/** Walks to an item by its id through the outline. */
async function goToItem(page: Page, itemId: string): Promise<void> {
  // The outline's button, clicked as the floor tests do: the list may be scrolled away on a small window.
  await page.$eval(`li[data-step-key$="#${itemId}"]`, (li) => li.querySelector('button')!.click());
  await expect.poll(() => page.locator('[data-testid=item]').getAttribute('data-step-key')).toMatch(new RegExp(`#${itemId}$`));
}

test('002: the IT office gives 优/良/差 in its box; a failed satisfaction item is service quality, with no fault level and no fault record', async () => {
  const { page } = app;
  await startInspection(page, 'zhanjiang-central', '周工', firstSystem);
  // Seed 002 is inspected on site only: nothing to ask.
  await answerAll(page);
  await goToItem(page, 'fb-satisfaction');
  const key = (await page.locator('[data-testid=item]').getAttribute('data-step-key'))!;
  await page.keyboard.press('3');
  await page.waitForSelector('[data-testid=evidence-needed]');
  await page.waitForSelector('[data-testid=service-quality]');
  expect(await page.locator('[data-testid=suggested-level]').count()).toBe(0);
  expect(await page.locator('[data-testid=finding-level]').count()).toBe(0);
  expect(await page.locator('[data-testid=finding-make-record]').count()).toBe(0);
  await page.screenshot({ path: path.join(shots, 'service-quality-item.png'), fullPage: true });
  await page.locator('[data-testid=note]').pressSequentially('回访评差，已整改。');
  await page.locator('[data-testid=note]').press('Enter');
  await waitSaved(page, key);
  // A system item that fails still gets its level and its fault record, as before.
  await goToItem(page, 'env-logs');
  await page.keyboard.press('2');
  await page.waitForSelector('[data-testid=finding-level]');
  await page.locator('[data-testid=note]').pressSequentially('日志报错');
  await page.locator('[data-testid=note]').press('Enter');

  await page.click('[data-testid=complete]');
  await page.waitForSelector('[data-testid=signoff]');
  expect(await page.locator('fieldset.verdict').count()).toBe(1);
  expect(await page.locator('[data-testid=signer-it_office] legend').textContent()).toBe('用户满意度（信息科）');
  expect(await page.locator('[data-testid=verdict-it_office] input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['excellent', 'good', 'poor']);
  await giveVerdicts(page, { it_office: 'excellent' });
  await expect.poll(() => page.locator('[data-testid=content-hash]').textContent()).toMatch(/^[0-9a-f]{64}$/);
  await page.screenshot({ path: path.join(shots, 'signoff-002.png'), fullPage: true });
  await signAsAsked(page);
  await page.click('[data-testid=sign]');
  await page.waitForSelector('[data-testid=report-panel]');
  const text = pdfText(await saveReport(page, 'report-002.pdf'));
  expect(text).toContain('用户满意度（信息科）：优');
  expect(text).not.toContain('使用科室评价');
  // The findings list: the satisfaction item as 服务质量, the log error under the contract's level.
  expect(text).toContain('回访评差，已整改。服务质量');
  expect(text).toMatch(/日志报错(?!服务质量)\S/);
});

test('000: the signers are asked for no verdict, and the report prints none', async () => {
  const { page } = app;
  await startInspection(page, 'yunan-peoples', '王工', firstSystem);
  await answerAll(page);
  await page.click('[data-testid=complete]');
  await page.waitForSelector('[data-testid=no-verdict]');
  expect(await page.locator('fieldset.verdict').count()).toBe(0);
  expect(await page.locator('[data-testid=verdict-comment]').count()).toBe(0);
  // The record can be signed as it stands: its hash is there at once.
  await expect.poll(() => page.locator('[data-testid=content-hash]').textContent()).toMatch(/^[0-9a-f]{64}$/);
  await page.screenshot({ path: path.join(shots, 'signoff-000.png'), fullPage: true });
  await signAsAsked(page);
  await page.click('[data-testid=sign]');
  await page.waitForSelector('[data-testid=report-panel]');
  const text = pdfText(await saveReport(page, 'report-000.pdf'));
  expect(text).toContain('巡检方式现场');
  expect(text).not.toContain('服务评价');
  expect(text).not.toContain('评价意见');
});

test('004 remote: 现场 / 远程 is asked (on site by default), the list and the report say 远程; 000 is never asked', async () => {
  const { page } = app;
  await page.click('[data-testid=hospital-yunan-peoples]');
  await page.click('[data-testid=new-inspection]');
  await page.waitForSelector('[data-testid=contract-select]');
  expect(await page.locator('[data-testid=mode]').count()).toBe(0);
  await page.goto(`${app.host.url}#/`);

  await page.click('[data-testid=hospital-wuhan-central]');
  await page.click('[data-testid=new-inspection]');
  await page.waitForSelector('[data-testid=mode]');
  expect(await page.locator('[data-testid=mode-on_site]').isChecked()).toBe(true);
  await page.check('[data-testid=mode-remote]');
  await page.fill('[data-testid=engineer]', '赵工');
  await firstSystem(page);
  await page.screenshot({ path: path.join(shots, 'new-inspection-004-mode.png'), fullPage: true });
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=item]');
  await answerCurrent(page);

  await page.goto(`${app.host.url}#/hospital/wuhan-central`);
  const row = page.locator('[data-testid=inspection-row]').first();
  await expect.poll(() => row.locator('[data-testid=row-mode]').getAttribute('data-mode')).toBe('remote');
  expect(await row.locator('[data-testid=row-mode]').textContent()).toBe('巡检方式：远程');
  await page.screenshot({ path: path.join(shots, 'list-remote.png'), fullPage: true });
  await row.locator('a').first().click();
  await page.waitForSelector('[data-testid=item]');
  await answerAll(page);
  await signInspection(page);
  expect(await page.locator('[data-testid=report-mode]').textContent()).toBe('远程');
  const text = pdfText(await saveReport(page, 'report-004-remote.pdf'));
  expect(text).toContain('巡检方式远程');
  // The helper gives each evaluator the scale's best: 合格 from both.
  expect(text).toContain('使用科室评价：合格');
  expect(text).toContain('信息中心评价：合格');
});

test('004 blank sheet: each evaluator ticks □合格 □不合格 on paper', async () => {
  const { page } = app;
  await page.click('[data-testid=hospital-wuhan-central]');
  await page.click('[data-testid=new-inspection]');
  await firstSystem(page);
  const downloading = page.waitForEvent('download');
  await page.click('[data-testid=blank-save]');
  const file = path.join(tmp, 'blank-004.pdf');
  await (await downloading).saveAs(file);
  execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(shots, 'blank-004')]);
  const text = pdfText(file);
  // Two copies (004 wants the sheet in duplicate), each with both evaluators' lines.
  expect(text.split('使用科室评价：□合格□不合格').length - 1).toBe(2);
  expect(text.split('信息中心评价：□合格□不合格').length - 1).toBe(2);
  expect(text).not.toContain('□优');

  // 000's sheet asks for no verdict at all.
  await page.goto(`${app.host.url}#/hospital/yunan-peoples/new`);
  await firstSystem(page);
  const again = page.waitForEvent('download');
  await page.click('[data-testid=blank-save]');
  const plain = path.join(tmp, 'blank-000.pdf');
  await (await again).saveAs(plain);
  const text000 = pdfText(plain);
  expect(text000).not.toContain('服务评价');
  expect(text000).not.toContain('□合格');
  expect(text000).not.toContain('□优');
});
