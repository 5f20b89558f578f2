/**
 * Issue 11's whole path, as the engineer and the office meet it, in Chromium against a real office
 * on 127.0.0.1: enroll; fail an inspection item (note, photo), confirm its level and make the fault
 * from it; record its steps with one tap, correct one time with a reason, pause and resume; let the
 * resolution clock run out and see the board say so; resolve and record the follow-up call; make the
 * fault report and a signed 维护单 (pdftotext, pdfsig), print the blank 维护单 and attach its scan;
 * export the hospital's records (.xlsx read back with exceljs); sync, and find the record with its
 * files at the office and on the console's service-record pages.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createAdminUser, createEngineer } from '../../src-server/admin/operations';
import { startOffice, type RunningOffice } from '../../src-server/start';
import type { ServiceRecord } from '../../src-shared/service/record';
import { openApp, type TestApp } from './helpers/app';
import { currentItem, firstSystem, PNG_8x8, startInspection } from './helpers/engineer';
import { distinctPng } from './helpers/images';
import { enrollInApp } from './helpers/office';
import { drawOnPad } from './helpers/signoff';

const run = promisify(execFile);

let office: RunningOffice;
let officeDir: string;
let app: TestApp;
let work: string;
// The engineer's laptop is in China: the app's main process (which prints the signing times) keeps Beijing time, as the page does.
process.env.TZ = 'Asia/Shanghai';

beforeAll(async () => {
  officeDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-e2e-office-'));
  work = await mkdtemp(path.join(os.tmpdir(), 'xunjian-e2e-service-'));
  // The office seeds its reference data from assets/catalog on first start (the same contracts as the device).
  office = await startOffice({ dataDir: officeDir, port: 0, logLevel: false });
  await createEngineer(office.ctx, { id: 'zhao-gong', name: '赵工', hospitalIds: ['gd-provincial'] }, 'test');
  await createAdminUser(office.ctx, 'admin', 'correct horse battery', 'test');
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
  await office?.app.close();
  await rm(officeDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

/** Tuesday 10 March 2026, 09:00 in Beijing: inside the contract's service hours (workdays 8:00–18:00). */
const T0 = Date.parse('2026-03-10T09:00:00+08:00');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);
const DAY = 24 * 60;
const local = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
const flat = (s: string): string => s.replace(/\s+/g, '');
const REASON = '电话记录显示 9:10 已回电';
const PAUSE = '等待信息科提供服务器管理员账号';

async function beijing(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Shanghai' });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.resolve('docs/screenshots', name), fullPage: true });
}

/** A document the panel filed: dataDir/reports/<hospital>/<yyyy-mm>/<number>.pdf. */
async function filedPdf(number: string): Promise<string> {
  const root = path.join(app.host.dataDir, 'reports', 'gd-provincial');
  for (const month of await readdir(root)) {
    if ((await readdir(path.join(root, month))).includes(`${number}.pdf`)) return path.join(root, month, `${number}.pdf`);
  }
  throw new Error(`${number}.pdf is not filed under ${root}`);
}

/** The text in reading order (not -layout, which would interleave a wrapped cell with its neighbours). */
async function pdfText(file: string): Promise<string> {
  return (await run('pdftotext', [file, '-'])).stdout;
}

async function signatureValid(file: string): Promise<boolean> {
  const { stdout } = await run('pdfsig', [file]).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
  return /Signature Validation: Signature is Valid\./.test(stdout);
}

/** Opens a document on the panel, has each signer write a name and sign on the pad, and makes it; returns its number. */
async function makeDocument(page: Page, button: string, names: Partial<Record<'department' | 'it_office', string>>): Promise<string> {
  const before = await page.locator('[data-testid=doc-list] li').count();
  await page.click(`[data-testid=${button}]`);
  await page.waitForSelector('[data-testid=doc-signers]');
  for (const [role, name] of Object.entries(names)) await page.fill(`[data-testid=doc-name-${role}]`, name);
  for (const role of [...Object.keys(names), 'engineer']) await drawOnPad(page, `pad-doc-${role}`);
  // The button waits for every signer's name and ink.
  await expect.poll(() => page.locator('[data-testid=doc-make]').isEnabled()).toBe(true);
  await page.click('[data-testid=doc-make]');
  await expect.poll(() => page.locator('[data-testid=doc-list] li').count(), { timeout: 30_000 }).toBe(before + 1);
  const number = (await page.locator('[data-testid=doc-list] li .mono').nth(before).textContent())!;
  await expect.poll(() => page.locator('[data-testid=doc-message]').textContent()).toContain(number);
  return number;
}

test('a failed item becomes a fault that breaches, is resolved, documented, exported and reaches the office', async () => {
  const { page } = app;
  await enrollInApp(page, office, { id: 'zhao-gong', name: '赵工' }, '赵工的笔记本');
  await beijing(page);
  await page.clock.setFixedTime(at(0));
  await page.reload();

  // 2. A failed item, with its note and a photo; its level confirmed (the contract's 信息系统故障); the fault made from it.
  await page.click('.brand');
  await startInspection(page, 'gd-provincial', '赵工', firstSystem);
  expect((await currentItem(page)).kind).toBe('check');
  await page.keyboard.press('2');
  await page.waitForSelector('[data-testid=evidence-needed]');
  await page.locator('[data-testid=note]').pressSequentially('电子发票服务器机柜风扇停转，机柜温度偏高。');
  await page.locator('[data-testid=item] [data-testid=photo-input]').setInputFiles({ name: 'fan.png', mimeType: 'image/png', buffer: distinctPng(7) });
  await expect.poll(() => page.locator('[data-testid=item] [data-testid=photos] img').count()).toBe(1);
  await expect.poll(() => page.locator('[data-testid=save-state]').getAttribute('data-state')).toBe('saved');
  const picker = page.locator('[data-testid=finding-level]');
  if ((await picker.inputValue()) === 'fault') await page.click('[data-testid=finding-level-confirm]');
  else await picker.selectOption('fault');
  await expect.poll(() => page.locator('[data-testid=finding-service]').textContent()).toContain('已确认等级');
  await page.click('[data-testid=finding-make-record]');
  await page.click('[data-testid=finding-record]');
  await page.waitForSelector('[data-testid=service-record]');
  expect(await page.locator('[data-testid=record-level]').textContent()).toContain('信息系统故障');
  expect(await page.locator('[data-testid=record-photos]').textContent()).toContain('1 张照片');
  const recordId = (await page.locator('[data-testid=record-facts] code').textContent())!;
  const recordUrl = page.url();
  // The record is titled with the failed item's label.
  const title = (await page.locator('[data-testid=record-title]').textContent())!;
  expect(title).not.toBe('');

  // 3. One tap each: responded at 09:20 (corrected to 09:10 with a reason), arrived at 09:50.
  await page.clock.setFixedTime(at(20));
  await page.click('[data-testid=step-responded]');
  await page.click('[data-testid=edit-responded]');
  await page.fill('[data-testid=edit-at]', local(at(10)));
  await page.fill('[data-testid=edit-reason]', REASON);
  await page.click('[data-testid=edit-save]');
  await expect.poll(() => page.locator('[data-testid=step-time-responded] [data-testid=step-was]').count()).toBe(1);
  await page.clock.setFixedTime(at(50));
  await page.click('[data-testid=step-arrived]');
  await page.waitForSelector('[data-testid=step-time-arrived]');
  // Waiting on the hospital from 10:00 to 11:00: the clocks stop, with the reason.
  await page.clock.setFixedTime(at(60));
  await page.fill('[data-testid=pause-reason]', PAUSE);
  await page.click('[data-testid=pause]');
  await expect.poll(() => page.locator('[data-testid=paused-since]').textContent()).toContain(PAUSE);
  await page.clock.setFixedTime(at(120));
  await page.click('[data-testid=resume]');
  await page.waitForSelector('[data-testid=pause-reason]');
  const history = (await page.locator('[data-testid=timeline]').textContent()) ?? '';
  expect(history).toContain(REASON);
  expect(history).toContain(PAUSE);

  // Friday 10:00, not resolved: two working days have run out, and the board says so in words.
  await page.clock.setFixedTime(at(3 * DAY + 60));
  await page.click('[data-testid=nav-service]');
  const row = page.locator(`[data-testid=board-row][data-record="${recordId}"]`);
  await expect.poll(() => row.getAttribute('data-breached')).toBe('true');
  expect(await row.locator('[data-testid=clock-resolve]').getAttribute('data-status')).toBe('breached');
  expect(await row.locator('[data-testid=clock-resolve]').textContent()).toContain('已超时');

  // Resolved at Friday 10:00 with its cause and resolution written; the resolution clock is met late.
  await page.goto(recordUrl);
  await page.waitForSelector('[data-testid=service-record]');
  for (const [field, text] of [
    ['cause', '机柜风扇电源模块老化损坏。'],
    ['resolution', '更换风扇电源模块，机柜温度恢复正常。'],
  ] as const) {
    await page.fill(`[data-testid=text-${field}-input]`, text);
    await page.click(`[data-testid=text-${field}-save]`);
    await expect.poll(() => page.locator(`[data-testid=text-${field}-save]`).isDisabled()).toBe(true);
  }
  await page.click('[data-testid=step-resolved]');
  await expect.poll(() => page.locator('[data-testid=record-status]').textContent()).toBe('已解决');
  expect(await page.locator('.record-clocks [data-testid=clock-resolve]').getAttribute('data-status')).toBe('met_late');

  // 4. The follow-up call, an hour later.
  await page.clock.setFixedTime(at(3 * DAY + 120));
  await page.reload();
  await page.waitForSelector('[data-testid=follow-up]');
  await page.fill('[data-testid=fu-contact]', '刘护士长');
  await page.fill('[data-testid=fu-phone]', '020-83827812');
  await page.check('[data-testid=fu-rating-good]');
  await page.fill('[data-testid=fu-comment]', '处理及时，机房温度正常。');
  await page.click('[data-testid=fu-submit]');
  await expect.poll(() => page.locator('[data-testid=follow-up-list]').textContent()).toContain('刘护士长');

  // 5. The written fault report (the engineer signs) and the 维护单 signed by the department and the IT centre.
  const report = await makeDocument(page, 'doc-fault-report', {});
  const sheet = await makeDocument(page, 'doc-maintenance-sheet', { department: '刘护士长', it_office: '陈主任' });
  const reportText = flat(await pdfText(await filedPdf(report)));
  for (const needle of ['书面故障说明报告', report, '响应', '到场', '解决', REASON, PAUSE, '超时', '机柜风扇电源模块老化损坏', '赵工']) expect(reportText).toContain(flat(needle));
  const sheetText = flat(await pdfText(await filedPdf(sheet)));
  for (const needle of ['维护单', sheet, '第一联', '第二联', '刘护士长', '陈主任', '赵工', '超时']) expect(sheetText).toContain(flat(needle));
  expect(await signatureValid(await filedPdf(report))).toBe(true);
  expect(await signatureValid(await filedPdf(sheet))).toBe(true);

  // The blank 维护单 for wet ink goes to the print frame. The page's CSP keeps fetch() off blob: URLs,
  // so the test keeps the blob the frame is given and reads its bytes.
  await page.evaluate(() => {
    const made = URL.createObjectURL.bind(URL);
    const kept: Blob[] = [];
    (window as unknown as { keptBlobs: Blob[] }).keptBlobs = kept;
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      if (blob instanceof Blob) kept.push(blob);
      return made(blob);
    };
  });
  await page.click('[data-testid=doc-blank-sheet]');
  await page.waitForSelector('iframe.print-frame', { state: 'attached' });
  const blank = await page.evaluate(async () => {
    const blob = (window as unknown as { keptBlobs: Blob[] }).keptBlobs.find((b) => b.type === 'application/pdf')!;
    return Array.from(new Uint8Array(await blob.arrayBuffer()), (b) => String.fromCharCode(b)).join('');
  });
  const blankFile = path.join(work, 'blank.pdf');
  await writeFile(blankFile, Buffer.from(blank, 'latin1'));
  expect(flat(await pdfText(blankFile))).toContain('维护单');
  await page.locator('[data-testid=doc-attach-scan]').setInputFiles({ name: 'sheet-scan.png', mimeType: 'image/png', buffer: PNG_8x8 });
  await expect.poll(() => page.locator('[data-testid=doc-list]').textContent()).toContain('维护单扫描件');
  // After a reload (which also ends the print frame: headless Chromium crashes on a full-page
  // screenshot while a print is pending), the record still lists all three files.
  await page.reload();
  await expect.poll(() => page.locator('[data-testid=doc-list] li').count()).toBe(3);
  expect(await page.locator('[data-testid=doc-list]').textContent()).toContain('维护单扫描件');
  expect(await page.locator('[data-testid=timeline]').textContent()).toContain('维护单扫描件');
  await page.setViewportSize({ width: 1280, height: 860 });
  await shot(page, 'service-record-documents.png');

  // 6. The hospital's records as a spreadsheet, read back cell by cell.
  await page.click('[data-testid=service-record] a[href="#/hospital/gd-provincial"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=service-export]')]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path())!);
  const sheet1 = book.worksheets[0]!;
  const headers = (sheet1.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  const cell = (header: string): string => String(sheet1.getRow(2).getCell(headers.indexOf(header)).value ?? '');
  expect(cell('标题')).toBe(title);
  expect(cell('级别')).toBe('信息系统故障');
  expect(cell('解决结果')).toMatch(/^超时 /);
  expect(cell('响应结果')).toBe('按时');
  expect(cell('回访评价')).toBe('良');
  expect(cell('回访人')).toBe('刘护士长');

  // 7. Sync: the record, its photo and its three files reach the office.
  await page.click('[data-testid=nav-sync]');
  await page.click('[data-testid=sync-now]');
  // The engine may have pushed earlier versions already; the office must end up with the last one.
  const atOffice = async (): Promise<ServiceRecord | undefined> => (await office.ctx.store.getCurrentFault(recordId))?.body as ServiceRecord | undefined;
  await expect.poll(async () => (await atOffice())?.events.filter((e) => e.type === 'document').length, { timeout: 30_000 }).toBe(3);
  await expect.poll(() => page.locator('[data-testid=queue-counts]').getAttribute('data-pending'), { timeout: 30_000 }).toBe('0');
  expect(await page.locator('[data-testid=queue-counts]').getAttribute('data-attention')).toBe('0');
  const record = (await atOffice())!;
  expect(record.events.flatMap((e) => (e.type === 'document' ? [e.number] : []))).toEqual(expect.arrayContaining([report, sheet]));
  const files = [...record.photos.map((p) => p.sha256), ...record.events.flatMap((e) => (e.type === 'document' ? [e.sha256] : []))];
  expect(files).toHaveLength(4);
  for (const sha of files) expect(await office.ctx.blobs.stat(sha)).toBeDefined();
  expect(await office.ctx.store.getServiceRecord(recordId)).toMatchObject({ hospitalId: 'gd-provincial', levelId: 'fault', status: 'resolved' });

  // The console, as the office admin: listed with its late resolution; its page has the correction's reason.
  const admin = await app.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 860 } });
  const consolePage = await admin.newPage();
  await consolePage.goto(`${office.url}/console/login`);
  await consolePage.fill('input[name=username]', 'admin');
  await consolePage.fill('input[name=password]', 'correct horse battery');
  await consolePage.click('button[type=submit]');
  await consolePage.waitForURL(/\/console$/);
  await consolePage.goto(`${office.url}/console/service-records`);
  const listed = consolePage.locator(`tr[data-record="${recordId}"]`);
  expect(await listed.locator('[data-clock=resolve]').getAttribute('data-status')).toBe('met_late');
  expect(await listed.locator('[data-clock=resolve]').textContent()).toContain('超时');
  await listed.locator('a').first().click();
  await consolePage.waitForSelector('table.timeline');
  const consoleText = (await consolePage.locator('main').textContent()) ?? '';
  expect(consoleText).toContain(REASON);
  expect(consoleText).toContain(PAUSE);
  expect(consoleText).toContain(`维护单 ${sheet}`);
  expect(consoleText).toContain('良');
  await shot(consolePage, 'office-service-record-e2e.png');
  await admin.close();
  await page.bringToFront();
}, 300_000);
