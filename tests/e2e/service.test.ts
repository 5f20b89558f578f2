/**
 * Service records through the UI (issue 11): a failed inspection item becomes a fault with the level
 * the engineer chose, its steps are recorded with one tap and corrected with a reason, the board
 * shows the breach once the clock has moved, a follow-up call takes a record off the waiting list,
 * and a reload in the middle of the new-record form keeps what was typed.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterEach, expect, test } from 'vitest';
import { openApp, type TestApp } from './helpers/app';
import { currentItem, firstSystem, startInspection } from './helpers/engineer';
import { pngFiles } from './helpers/images';

let app: TestApp | undefined;
let assets: string | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  if (assets) await rm(assets, { recursive: true, force: true });
  assets = undefined;
});

/** A Tuesday morning in service hours, Beijing time; the page's clock is pinned and moved by hand. */
const T0 = Date.parse('2026-03-10T09:00:00+08:00');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.resolve('docs/screenshots', name), fullPage: true });
}

async function pinClock(page: Page, when: Date): Promise<void> {
  await page.clock.setFixedTime(when);
}

/** The engineer's laptop is in China: times on screen and in the form are Beijing time. */
async function beijing(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Shanghai' });
}

/** Beijing wall-clock text for a datetime-local input. */
const local = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

/** A record through the new-record form, reported at `reportedAt`, at the contract's level `levelId`. */
async function newRecord(page: Page, hospital: string, title: string, reportedAt: Date, levelId: string): Promise<void> {
  await page.click('[data-testid=nav-service]');
  await page.click('[data-testid=service-new]');
  await page.waitForSelector('[data-testid=service-form]');
  const value = await page.locator('[data-testid=form-hospital] option', { hasText: hospital }).getAttribute('value');
  await page.selectOption('[data-testid=form-hospital]', value!);
  await page.locator(`[data-testid=form-level-${levelId}]`).check();
  await page.fill('[data-testid=form-reporter]', '信息科值班');
  await page.fill('[data-testid=form-reported-at]', local(reportedAt));
  await page.fill('[data-testid=form-title]', title);
  await page.fill('[data-testid=form-engineer]', '李工');
  await page.click('[data-testid=form-submit]');
  await page.waitForSelector('[data-testid=service-record]');
}

test('a failed item becomes a fault with a changed level; steps, a corrected time and a breach on the board', async () => {
  app = await openApp();
  const { page } = app;
  await beijing(page);
  await pinClock(page, at(0));
  await page.reload();
  await startInspection(page, 'gd-provincial', '李工', firstSystem);
  expect((await currentItem(page)).kind).toBe('check');
  await page.keyboard.press('2');
  await page.waitForSelector('[data-testid=evidence-needed]');
  await page.locator('[data-testid=note]').pressSequentially('机柜门锁损坏，已告知信息科。');
  await expect.poll(() => page.locator('[data-testid=save-state]').getAttribute('data-state')).toBe('saved');

  // The suggestion is only a suggestion: the engineer picks another of the contract's levels.
  const picker = page.locator('[data-testid=finding-level]');
  const suggested = await picker.inputValue();
  const options = await picker.locator('option').evaluateAll((els) => els.map((e) => ({ value: (e as HTMLOptionElement).value, label: e.textContent ?? '' })));
  const chosen = options.find((o) => o.value !== suggested)!;
  expect(chosen).toBeDefined();
  await picker.selectOption(chosen.value);
  await expect.poll(() => page.locator('[data-testid=finding-service]').textContent()).toContain('已确认等级');
  expect(await picker.inputValue()).toBe(chosen.value);

  await page.click('[data-testid=finding-make-record]');
  await page.click('[data-testid=finding-record]');
  await page.waitForSelector('[data-testid=service-record]');
  expect(await page.locator('[data-testid=record-level]').textContent()).toContain(chosen.label);
  expect(await page.locator('[data-testid=record-origin]').count()).toBe(1);
  expect(await page.locator('[data-testid=text-description-input]').inputValue()).toContain('机柜门锁损坏');

  // One tap: responded, now (09:20).
  await pinClock(page, at(20));
  await page.click('[data-testid=step-responded]');
  await page.waitForSelector('[data-testid=step-time-responded]');

  // The time is corrected to 09:10; without a reason nothing is stored.
  await page.click('[data-testid=edit-responded]');
  await page.fill('[data-testid=edit-at]', local(at(10)));
  await page.click('[data-testid=edit-save]');
  await expect.poll(() => page.locator('[data-testid=edit-error]').textContent()).toContain('修改原因');
  expect(await page.locator('[data-testid=step-time-responded] [data-testid=step-was]').count()).toBe(0);
  await page.fill('[data-testid=edit-reason]', '电话记录显示 9:10 已回电');
  await page.click('[data-testid=edit-save]');
  const respondedRow = page.locator('[data-testid=step-time-responded]');
  await expect.poll(() => respondedRow.locator('[data-testid=step-was]').count()).toBe(1);
  const shown = await page.evaluate(
    ([a, b]) => [a, b].map((ms) => new Date(ms!).toLocaleString('zh-CN', { dateStyle: 'short', timeStyle: 'short' })),
    [at(10).getTime(), at(20).getTime()],
  );
  expect(await respondedRow.locator('[data-testid=step-at]').textContent()).toBe(shown[0]);
  expect(await respondedRow.locator('[data-testid=step-was]').textContent()).toBe(shown[1]);
  const history = await page.locator('[data-testid=timeline]').textContent();
  expect(history).toContain(`${shown[1]} → ${shown[0]}`);
  expect(history).toContain('电话记录显示 9:10 已回电');
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, 'service-record.png');

  // On the board the record is open and not breached yet.
  await page.click('[data-testid=nav-service]');
  const row = page.locator('[data-testid=board-row]');
  await expect.poll(() => row.count()).toBe(1);
  expect(await row.getAttribute('data-breached')).toBe('false');
  expect(await row.textContent()).toContain('广东省人民医院');

  // Ten days later, nothing done since: the board says breached, in words and not only colour.
  await pinClock(page, new Date(T0 + 10 * 86_400_000));
  await page.reload();
  await expect.poll(() => row.getAttribute('data-breached')).toBe('true');
  expect(await row.locator('[data-status=breached]').first().textContent()).toContain('已超时');
  await page.check('[data-testid=board-breached]');
  expect(await row.count()).toBe(1);
  await page.uncheck('[data-testid=board-breached]');

  // Two more: one reported 25 minutes ago on a 30-minute response (amber), one just now (green).
  const later = new Date(T0 + 10 * 86_400_000);
  await newRecord(page, '郁南', 'HIS 门诊收费站点无法登录', new Date(later.getTime() - 25 * 60_000), 'level-1');
  await newRecord(page, '武汉', 'DRG 分组结果与病案首页不一致', later, 'minor');
  await page.click('[data-testid=nav-service]');
  await expect.poll(() => row.count()).toBe(3);
  // What runs out first comes first: the breach, then the amber clock, then the rest.
  expect(await row.nth(0).getAttribute('data-breached')).toBe('true');
  expect(await row.nth(1).locator('.clock.amber').count()).toBeGreaterThan(0);
  expect(await row.nth(2).locator('.clock.ok').count()).toBeGreaterThan(0);
  await shot(page, 'service-board.png');
  await page.setViewportSize({ width: 1024, height: 800 });
  await shot(page, 'service-board-1024.png');
  // No part of the board runs off the right edge at the narrow width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);

  // Arrived, with one tap on the board row.
  const first = page.locator('[data-testid=board-row]', { hasText: '广东省人民医院' });
  await first.locator('[data-testid=step-arrived]').click();
  await expect.poll(() => first.locator('[data-testid=step-arrived]').count()).toBe(0);
  expect(await first.textContent()).toContain('已到场');
});

test('a record made on the form is resolved, followed up by phone and leaves the waiting list', async () => {
  assets = await mkdtemp(path.join(os.tmpdir(), 'xunjian-assets-'));
  await cp(path.resolve('assets'), assets, { recursive: true });
  // Seed 002 asks for a 电话回访 after every repair.
  const file = path.join(assets, 'catalog/hospitals/zhanjiang-central.json');
  const data = JSON.parse(await readFile(file, 'utf8')) as { contracts: { followUpCalls?: boolean }[] };
  for (const c of data.contracts) c.followUpCalls = true;
  await writeFile(file, JSON.stringify(data));
  app = await openApp({ assetsDir: assets });
  const { page } = app;
  const zhanjiang = await hospitalIdOf(page, '湛江');
  await page.goto(`${app.host.url}#/service/new/${zhanjiang}`);
  await page.waitForSelector('[data-testid=service-form]');
  await page.fill('[data-testid=form-reporter]', '陈护士长');
  await page.fill('[data-testid=form-department]', '急诊科');
  await page.fill('[data-testid=form-phone]', '0759-2387000');
  await page.fill('[data-testid=form-title]', '5G 急救平台无法上传心电图');
  await page.fill('[data-testid=form-description]', '救护车上传心电图一直失败。');
  await page.fill('[data-testid=form-engineer]', '赵工');
  await page.click('[data-testid=form-submit]');
  await page.waitForSelector('[data-testid=service-record]');
  // Photos taken at the ambulance go with the record: shown here, counted, and kept for sync.
  await page.setInputFiles('[data-testid=record-photo-input]', pngFiles(1, 2));
  await expect.poll(() => page.locator('[data-testid=record-photo]').count()).toBe(2);
  expect(await page.locator('[data-testid=record-photos]').textContent()).toContain('2 张照片');

  await page.click('[data-testid=step-responded]');
  await page.waitForSelector('[data-testid=step-time-responded]');
  await page.click('[data-testid=step-resolved]');
  await expect.poll(() => page.locator('[data-testid=record-status]').textContent()).toBe('已解决');

  await page.click('[data-testid=nav-service]');
  await page.click('[data-testid=follow-ups-link]');
  await expect.poll(() => page.locator('[data-testid=follow-up-row]').count()).toBe(1);
  await page.click('[data-testid=follow-up-open]');
  await page.waitForSelector('[data-testid=follow-up]');
  // No rating: refused with a sentence, nothing recorded.
  await page.click('[data-testid=fu-submit]');
  await expect.poll(() => page.locator('[data-testid=follow-up]').textContent()).toContain('请选择评价');
  await page.check('[data-testid=fu-rating-good]');
  await page.fill('[data-testid=fu-comment]', '上传恢复正常，响应及时。');
  await page.click('[data-testid=fu-submit]');
  await expect.poll(() => page.locator('[data-testid=follow-up-list]').textContent()).toContain('良');
  expect(await page.locator('[data-testid=follow-up-list]').textContent()).toContain('陈护士长');
  expect(await page.locator('[data-testid=timeline]').textContent()).toContain('电话回访 陈护士长：良');

  await page.click('[data-testid=nav-service]');
  await page.click('[data-testid=follow-ups-link]');
  await page.waitForSelector('[data-testid=follow-ups-empty]');

  // The hospital's records: filtered by state, and exported as a spreadsheet that reads back.
  await page.goto(`${app.host.url}#/hospital/${zhanjiang}`);
  const rows = page.locator('[data-testid=hospital-service-row]');
  await expect.poll(() => rows.count()).toBe(1);
  await page.selectOption('[data-testid=svc-state]', 'open');
  await expect.poll(() => rows.count()).toBe(0);
  await page.selectOption('[data-testid=svc-state]', 'resolved');
  await expect.poll(() => rows.count()).toBe(1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=service-export]')]);
  expect(download.suggestedFilename()).toMatch(/^湛江.*\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path())!);
  const cells = book.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map(String));
  expect(cells).toContain('5G 急救平台无法上传心电图');
});

test('a reload in the middle of typing the new-record form keeps the text', async () => {
  app = await openApp();
  const { page } = app;
  await page.click('[data-testid=nav-service]');
  await page.click('[data-testid=service-new]');
  await page.waitForSelector('[data-testid=service-form]');
  await page.locator('[data-testid=form-title]').pressSequentially('门诊叫号屏黑屏');
  await page.locator('[data-testid=form-description]').pressSequentially('二楼内科候诊区两块屏幕同时黑屏，重启无效');
  await page.reload();
  await page.waitForSelector('[data-testid=draft-restored]');
  expect(await page.locator('[data-testid=form-title]').inputValue()).toBe('门诊叫号屏黑屏');
  expect(await page.locator('[data-testid=form-description]').inputValue()).toBe('二楼内科候诊区两块屏幕同时黑屏，重启无效');
  expect(await page.locator('[data-testid=form-description-counter]').textContent()).toContain('/4000');
  // A time in the future is refused with a sentence, and nothing is stored.
  await page.fill('[data-testid=form-reporter]', '刘医生');
  await page.fill('[data-testid=form-reported-at]', '2099-01-01T08:00');
  await page.click('[data-testid=form-submit]');
  await expect.poll(() => page.locator('[data-testid=form-time-error]').textContent()).toContain('不能晚于现在');
  expect(await page.locator('[data-testid=service-form]').count()).toBe(1);
});

async function hospitalIdOf(page: Page, name: string): Promise<string> {
  const id = await page.locator('[data-testid^=hospital-]', { hasText: name }).first().getAttribute('data-testid');
  return id!.replace(/^hospital-/, '');
}
