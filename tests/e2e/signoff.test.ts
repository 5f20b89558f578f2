/**
 * Sign-off through the UI: complete an inspection, give the contract's verdicts, draw three signatures with the mouse,
 * sign, and get the signed PDF — read back with pdftotext and checked with pdfsig.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openApp, type TestApp } from './helpers/app';
import { answerAll, PNG_8x8, firstSystem, startInspection } from './helpers/engineer';
import { drawSignature } from './helpers/signoff';

let app: TestApp;
let tmp: string;
beforeEach(async () => {
  app = await openApp();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'xunjian-signoff-'));
});
afterEach(async () => {
  await app.close();
  await rm(tmp, { recursive: true, force: true });
});


const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('an engineer completes, the three signers sign with the mouse, and a signed PDF comes out', async () => {
  const { page } = app;
  await startInspection(page, 'wuhan-central', '赵工', firstSystem);
  await answerAll(page, 6);
  await page.click('[data-testid=complete]');
  await page.waitForSelector('[data-testid=signoff]');

  // Signing before anything is given is refused with the reason: seed 004's evaluators judge the
  // sheet first, each in their own box (issue 12); nobody can sign before, nor is there a hash.
  await page.click('[data-testid=sign]');
  await expect.poll(() => page.locator('[data-testid=sign-problem]').textContent()).toContain('请使用科室先给出评价（合格 / 不合格）');
  expect(await page.locator('[data-testid=content-hash]').textContent()).toBe('等待评价');
  expect(await page.locator('[data-testid=signer-department] [data-testid^=verdict-department-]').count()).toBe(2);
  expect(await page.locator('[data-testid=signer-it_office] legend').textContent()).toBe('信息中心评价');
  expect(await page.locator('[data-testid=signer-engineer] fieldset.verdict').count()).toBe(0);
  await page.check('[data-testid=verdict-department-pass]');
  await page.click('[data-testid=sign]');
  await expect.poll(() => page.locator('[data-testid=sign-problem]').textContent()).toContain('请信息中心先给出评价');
  await page.check('[data-testid=verdict-it_office-fail]');
  await page.fill('[data-testid=verdict-comment]', '本季度交付物缺项，信息中心评为不合格。');
  await expect.poll(() => page.locator('[data-testid=content-hash]').textContent()).toMatch(/^[0-9a-f]{64}$/);
  await page.fill('[data-testid=name-department]', '刘护士长');
  await drawSignature(page, 'engineer');
  await drawSignature(page, 'department');
  // A role left unsigned is named.
  await page.click('[data-testid=sign]');
  await expect.poll(() => page.locator('[data-testid=sign-problem]').textContent()).toContain('信息中心尚未签字');
  await page.fill('[data-testid=name-it_office]', '陈主任');
  await drawSignature(page, 'it_office');
  expect(await page.locator('[data-testid=duplicate]').isChecked()).toBe(true);
  // Once anyone has signed, the verdicts are part of what they signed: locked.
  expect(await page.locator('[data-testid=verdict-department-fail]').isDisabled()).toBe(true);
  // What the signers saw, once the verdicts and comment were fixed by the first signature.
  const hash = (await page.locator('[data-testid=content-hash]').textContent())!;
  await page.click('[data-testid=sign]');

  await page.waitForSelector('[data-testid=report-panel], [data-testid=sign-problem]');
  expect(await page.locator('[data-testid=sign-problem]').count(), (await page.locator('[data-testid=sign-problem]').textContent().catch(() => '')) ?? '').toBe(0);
  expect(await page.locator('[data-testid=signed-hash]').textContent()).toBe(hash);
  await expect.poll(() => page.locator('[data-testid=report-path]').count(), { timeout: 30_000 }).toBe(1);
  const reportNumber = (await page.locator('[data-testid=report-number]').textContent())!;
  const filed = (await page.locator('[data-testid=report-path]').textContent())!;

  // Issue 13: the host shows no PDFs itself (pdf.support answers supported: false), so 查看 keeps
  // the browser's blob frame, and no "open with the system program" is offered.
  await page.click('[data-testid=report-view]');
  await page.waitForSelector('[data-testid=report-frame]');
  expect(await page.locator('[data-testid=report-frame]').getAttribute('src')).toMatch(/^blob:/);
  expect(await page.locator('[data-testid=report-system]').count()).toBe(0);
  expect(await page.locator('[data-testid=pdf-notice]').count()).toBe(0);

  const downloading = page.waitForEvent('download');
  await page.click('[data-testid=report-save]');
  const file = path.join(tmp, 'report.pdf');
  await (await downloading).saveAs(file);

  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text).toContain('武汉');
  expect(text).toContain(reportNumber);
  expect(text).toContain('赵工');
  expect(text).toContain('刘护士长');
  expect(text).toContain('陈主任');
  expect(text).toContain('第一联');
  expect(text).toContain('第二联');
  // Each verdict under the contract's own words, the comment beside them; no 优/良/差 anywhere.
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain('使用科室评价：合格');
  expect(flat).toContain('信息中心评价：不合格');
  expect(flat).toContain('评价意见：本季度交付物缺项，信息中心评为不合格。');
  expect(flat).toContain('巡检方式现场');
  expect(flat).not.toMatch(/服务评价[：:]?[优良差]/);
  // Seed 004 names the IT office 信息中心: its signature box says so too, as on the screen.
  expect(flat).toContain('签字确认服务工程师使用科室信息中心');
  expect(await page.locator('[data-testid=report-verdict-department]').textContent()).toBe('合格');
  expect(await page.locator('[data-testid=report-verdict-it_office]').textContent()).toBe('不合格');
  const sig = execFileSync('pdfsig', [file], { encoding: 'utf8' });
  expect(sig).toContain('Signature is Valid');
  expect(sig).toContain('Total document signed');

  // A photo of the wet-signed paper sheet may still be attached: it is evidence beside the record.
  await page.locator('[data-testid=paper-input]').setInputFiles({ name: 'sheet.png', mimeType: 'image/png', buffer: PNG_8x8 });
  await expect.poll(() => page.locator('[data-testid=paper-scans] img').count()).toBe(1);
  expect(await page.locator('[data-testid=signed-hash]').textContent()).toBe(hash);

  // Signed means locked: the inspection opens read-only, and the list shows it signed.
  await page.goto(`${app.host.url}#/hospital/wuhan-central`);
  const row = page.locator('[data-testid=inspection-row]').first();
  await expect.poll(() => row.getAttribute('data-status')).toBe('signed');
  await row.locator('a').first().click();
  await expect.poll(() => page.locator('[data-testid=inspection]').getAttribute('data-read-only')).toBe('true');

  // The same bytes are what the main process filed under reports/<hospital>/<yyyy-mm>/.
  expect(filed).toMatch(new RegExp(`^${escapeRe(path.join(app.host.dataDir, 'reports', 'wuhan-central'))}/\\d{4}-\\d{2}/${reportNumber}\\.pdf$`));
  expect((await readFile(filed)).equals(await readFile(file))).toBe(true);
});

test('a broken report font: the signer is told before anything is signed, no report is filed, the signatures stay on the pads', async () => {
  await app.close();
  const assets = path.join(tmp, 'assets');
  await cp(path.resolve('assets'), assets, { recursive: true });
  await writeFile(path.join(assets, 'fonts', 'NotoSansSC-Regular.ttf'), 'not a font at all');
  app = await openApp({ assetsDir: assets });
  const { page } = app;
  await startInspection(page, 'gd-provincial', '李工', firstSystem);
  await answerAll(page);
  await page.click('[data-testid=complete]');
  // Seed 001 asks the signers for no verdict: the record can be signed as it stands.
  await page.waitForSelector('[data-testid=no-verdict]');
  await expect.poll(() => page.locator('[data-testid=content-hash]').textContent()).toMatch(/^[0-9a-f]{64}$/);
  await page.fill('[data-testid=name-it_office]', '陈主任');
  await drawSignature(page, 'engineer');
  await drawSignature(page, 'it_office');
  await page.click('[data-testid=sign]');

  // The sign-off checks the report can be made first (report-check.ts): nothing is locked for a report that cannot be.
  await expect.poll(() => page.locator('[data-testid=sign-problem]').textContent(), { timeout: 30_000 }).toContain('报告字体文件');
  expect(await page.locator('[data-testid=sign-problem]').textContent()).toContain('巡检数据未受影响');
  expect(await page.locator('[data-testid=signoff]').getAttribute('data-status')).toBe('completed');
  for (const role of ['engineer', 'it_office']) expect(await page.locator(`[data-testid=signed-at-${role}]`).textContent()).toMatch(/签字时间/);
  const filed = await readdir(path.join(app.host.dataDir, 'reports'), { recursive: true }).catch(() => []);
  expect(filed.filter((f) => String(f).endsWith('.pdf') || String(f).includes('.tmp'))).toEqual([]);
});

test('a blank sheet of the chosen units is saved as a PDF with every unit and its items', async () => {
  const { page } = app;
  await page.click('[data-testid=hospital-queue-demo]');
  await page.click('[data-testid=new-inspection]');
  await page.locator('.dept', { hasText: '儿科' }).locator('[data-testid^="dept-all-"]').check();
  const downloading = page.waitForEvent('download');
  await page.click('[data-testid=blank-save]');
  const file = path.join(tmp, 'blank.pdf');
  await (await downloading).saveAs(file);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const tag of ['MZ-EK-KS-01', 'MZ-EK-RS-01']) expect(text).toContain(tag);
  expect(text).toContain('机柜外观与固定');
  expect(text).toContain('盖章');
});
