/**
 * Issue 14's "How it is checked", in Chromium against a real office on 127.0.0.1: an administrator
 * adds an engineer in the console and issues a code, and the device enrolls with its link; adds a
 * hospital and a contract, assigns the hospital, imports 200 units from an .xlsx made here (the
 * bad rows refused and named); publishes a new version of a checklist; the device pulls and
 * inspects a new unit with it; a hospital's read-only user changes nothing (403). Two pages: the
 * console and the device app. The steps run in order, each a test, sharing the office.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAdminUser } from '../../src-server/admin/operations';
import { startOffice, type RunningOffice } from '../../src-server/start';
import { openApp, type TestApp } from './helpers/app';

const ADMIN = { username: 'admin', password: 'correct horse battery' };
const READER = { username: 'donghu-it', password: 'donghu reader 2026' };
const ENGINEER = { id: 'wang-gong', name: '王工' };
const HOSPITAL = { id: 'donghu', name: '东湖社区医院' };
const CONTRACT = { id: 'donghu-queue-2026', name: '东湖社区医院排队叫号维保' };
const NEW_ITEM = '叫号语音与屏幕同步';
/** The 200 rows of the equipment list: three of them bad, each in its own way. */
const UNITS = 200;
const BAD = { duplicate: 60, room: 120, type: 180 };

let office: RunningOffice;
let officeDir: string;
let app: TestApp;
let admin: BrowserContext;
let consolePage: Page;

beforeAll(async () => {
  officeDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-e2e-admin-'));
  office = await startOffice({ dataDir: officeDir, port: 0, logLevel: false });
  await createAdminUser(office.ctx, ADMIN.username, ADMIN.password, 'test');
  app = await openApp();
  admin = await app.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
  consolePage = await admin.newPage();
});
afterAll(async () => {
  await app?.close();
  await office?.app.close();
  await rm(officeDir, { recursive: true, force: true });
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.resolve('docs/screenshots', `${name}.png`), fullPage: true });
}

async function logIn(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.goto(`${office.url}/console/login`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** Opens a console page as the administrator, in front (a page behind is throttled). */
async function consoleAt(route: string): Promise<Page> {
  await consolePage.bringToFront();
  await consolePage.goto(`${office.url}${route}`);
  return consolePage;
}

async function device(): Promise<Page> {
  await app.page.bringToFront();
  return app.page;
}

/** Row n (1-based, after the header) of the equipment list: tag, name, type, model, campus, department, room. */
function unitRow(n: number): string[] {
  const tag = `DH-RS-${String(n).padStart(3, '0')}`;
  const department = n % 2 ? '内科' : '儿科';
  const room = `诊室${(n % 4) + 1}`;
  if (n === BAD.duplicate) return ['DH-RS-001', `${department}${room}叫号屏`, '诊室叫号屏', 'HJ-RS215P', '本院', department, room];
  if (n === BAD.room) return [tag, `${department}诊室9叫号屏`, '诊室叫号屏', 'HJ-RS215P', '本院', department, '诊室9'];
  if (n === BAD.type) return [tag, `${department}${room}打印机`, '打印机', 'HP M404', '本院', department, room];
  return [tag, `${department}${room}叫号屏`, '诊室叫号屏', 'HJ-RS215P', '本院', department, room];
}

async function equipmentList(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('设备清单');
  sheet.addRow(['资产编号', '设备名称', '类型', '型号', '院区', '科室', '房间']);
  for (let n = 1; n <= UNITS; n++) sheet.addRow(unitRow(n));
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe.sequential('the office runs its own data from the console', () => {
  test('1. the administrator logs in and adds an engineer through the form', async () => {
    await logIn(consolePage, ADMIN);
    const page = await consoleAt('/console/engineers');
    const add = page.locator('form[action="/console/engineers"]');
    await add.getByLabel('编号').fill(ENGINEER.id);
    await add.getByLabel('姓名').fill(ENGINEER.name);
    await add.getByRole('button', { name: '添加工程师' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('已添加工程师');
    expect((await office.ctx.store.listEngineers()).map((e) => e.name)).toEqual([ENGINEER.name]);
  });

  test('2. an enrollment code is issued as text, link and QR code, and the device enrolls with the link', async () => {
    const page = await consoleAt(`/console/engineers/${ENGINEER.id}`);
    await page.getByRole('button', { name: '签发注册码' }).click();
    const link = await page.getByRole('textbox', { name: '注册链接' }).inputValue();
    expect(link).toMatch(new RegExp(`^${office.url}/enroll#[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$`));
    expect(await page.getByRole('img', { name: '注册链接的二维码' }).locator('svg').count()).toBe(1);
    await shot(page, 'console-e2e-code');

    // The laptop's scanner types the link into the code field, ending with Enter; the engineer names the laptop and enrolls.
    const laptop = await device();
    await laptop.click('[data-testid=nav-sync]');
    await laptop.locator('[data-testid=enroll-code]').focus();
    await laptop.keyboard.type(`${link}\n`);
    await expect.poll(() => laptop.locator('[data-testid=office-url]').inputValue()).toBe(office.url);
    await laptop.fill('[data-testid=device-name]', '王工的笔记本');
    await laptop.click('[data-testid=enroll-submit]');
    await expect.poll(() => laptop.locator('[data-testid=enrolled-engineer]').textContent(), { timeout: 20_000 }).toContain(ENGINEER.name);
  });

  test('3. a hospital with a campus, departments and rooms, and a contract covering its queue-calling screens', async () => {
    const page = await consoleAt('/console/hospitals/new');
    await page.getByLabel('编号').first().fill(HOSPITAL.id);
    await page.getByLabel('名称（中文）').first().fill(HOSPITAL.name);
    await page.getByLabel('名称（英文）').first().fill('Donghu Community Hospital');
    await page.getByLabel('城市（中文）').fill('武汉');
    await page.getByLabel('城市（英文）').fill('Wuhan');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(`**/console/hospitals/${HOSPITAL.id}`);
    await shot(page, 'console-e2e-hospital');

    await page.goto(`${office.url}/console/hospitals/${HOSPITAL.id}/contracts/new`);
    await page.getByLabel('编号').first().fill(CONTRACT.id);
    await page.getByLabel('名称（中文）').first().fill(CONTRACT.name);
    await page.getByLabel('诊室叫号屏').check();
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(`**/console/contracts/${CONTRACT.id}`);
    await shot(page, 'console-e2e-contract');
    expect((await office.ctx.store.getReference('contract', CONTRACT.id))?.hospitalId).toBe(HOSPITAL.id);
  });

  test('4. the hospital is assigned to the engineer', async () => {
    const page = await consoleAt(`/console/engineers/${ENGINEER.id}`);
    const form = page.getByTestId('engineer-form');
    await form.getByLabel(HOSPITAL.name).check();
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('已保存');
    expect((await office.ctx.store.listEngineers()).find((e) => e.id === ENGINEER.id)?.hospitalIds).toEqual([HOSPITAL.id]);
    // The list: the hospital, and the laptop enrolled in step 2.
    await page.goto(`${office.url}/console/engineers`);
    expect(await page.locator(`tr[data-engineer="${ENGINEER.id}"]`).textContent()).toContain(HOSPITAL.name);
    await shot(page, 'console-e2e-engineers');
  });

  test('5. 200 units from an .xlsx: columns mapped, the bad rows named in the preview, the rest written on confirm', async () => {
    const page = await consoleAt(`/console/hospitals/${HOSPITAL.id}/units`);
    await page.getByLabel('Excel 文件').setInputFiles({ name: '东湖设备清单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await equipmentList() });
    await page.getByRole('button', { name: '上传' }).click();
    // Column mapping: the list's own headings, each to a unit's field.
    await shot(page, 'console-e2e-mapping');
    await page.getByRole('button', { name: '预览' }).click();
    const preview = page.locator('main');
    const said = (await preview.textContent()) ?? '';
    for (const row of Object.values(BAD)) expect(said).toContain(`第 ${row + 1} 行`);
    await shot(page, 'console-e2e-preview');
    expect(await office.ctx.store.listReference('asset', HOSPITAL.id)).toEqual([]);
    await page.getByRole('button', { name: '确认导入' }).click();
    await expect.poll(async () => (await office.ctx.store.listReference('asset', HOSPITAL.id)).length).toBe(UNITS - 3);
    await shot(page, 'console-e2e-units');
  });

  test('6. a new version of the room-screen checklist: drafted with a new item, checked, published', async () => {
    const page = await consoleAt('/console/templates/queue-room-screen');
    await page.getByRole('button', { name: '起草新版本' }).click();
    await page.getByRole('button', { name: '添加检查项' }).first().click();
    await page.getByLabel('名称（中文）').last().fill(NEW_ITEM);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('button', { name: '检查' }).click();
    await shot(page, 'console-e2e-template-check');
    await page.getByRole('button', { name: '发布' }).click();
    await expect.poll(async () => (await office.ctx.store.getReference('template', 'queue-room-screen@2'))?.deleted).toBe(false);
    await shot(page, 'console-e2e-templates');
  });

  test('7. the device pulls, inspects a new unit of the new contract, and sees the new version\'s new item', async () => {
    const laptop = await device();
    await laptop.click('[data-testid=nav-sync]');
    await laptop.click('[data-testid=sync-now]');
    await laptop.goto(`${app.host.url}#/hospital/${HOSPITAL.id}`);
    await laptop.click('[data-testid=new-inspection]');
    await laptop.fill('[data-testid=engineer]', ENGINEER.name);
    await laptop.locator('label.check', { hasText: 'DH-RS-200' }).locator('input').check();
    await laptop.click('[data-testid=start]');
    await laptop.waitForSelector('[data-testid=item]');
    expect(await laptop.locator('[data-testid=item] header').textContent()).toContain('DH-RS-200');
    await expect.poll(() => laptop.locator('li[data-step-key]', { hasText: NEW_ITEM }).count()).toBe(1);
    await shot(laptop, 'inspection-e2e-new-item');
  });

  test('8. a read-only user of the hospital sees no admin pages and gets 403 for every change', async () => {
    const page = await consoleAt('/console/users');
    const add = page.locator('form[action="/console/users"]');
    await add.getByLabel('用户名').fill(READER.username);
    await add.getByLabel('初始密码').fill(READER.password);
    await add.getByLabel('只读').check();
    await add.getByLabel(HOSPITAL.name).check();
    await add.getByRole('button', { name: '添加用户' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('已添加用户');
    await shot(page, 'console-e2e-users');

    const readerContext = await app.browser.newContext({ locale: 'zh-CN' });
    try {
      const reader = await readerContext.newPage();
      await logIn(reader, READER);
      const nav = (await reader.locator('header').textContent()) ?? '';
      for (const adminOnly of ['工程师', '控制台用户', '导入']) expect(nav).not.toContain(adminOnly);
      // Their hospital can be read; the pages that change things answer 403.
      expect((await reader.goto(`${office.url}/console/hospitals/${HOSPITAL.id}`))?.status()).toBe(200);
      for (const route of ['/console/engineers', '/console/users', '/console/hospitals/new', `/console/hospitals/${HOSPITAL.id}/contracts/new`]) {
        expect((await reader.goto(`${office.url}${route}`))?.status(), route).toBe(403);
      }
      await shot(reader, 'console-e2e-reader-403');
      // A POST with the reader's own CSRF token (from the logout form) is refused, and nothing changes.
      await reader.goto(`${office.url}/console/hospitals/${HOSPITAL.id}`);
      const csrf = await reader.locator('form[action="/console/logout"] input[name=csrf]').inputValue();
      const before = await office.ctx.store.listEngineers();
      for (const [route, form] of [
        ['/console/engineers', { csrf, id: 'li-gong', name: '李工' }],
        [`/console/engineers/${ENGINEER.id}/code`, { csrf, days: '7', officeUrl: office.url }],
        ['/console/hospitals/new', { csrf, id: 'other', nameZh: '别的医院' }],
      ] as const) {
        const res = await reader.request.post(`${office.url}${route}`, { form, maxRedirects: 0 });
        expect(res.status(), route).toBe(403);
      }
      expect(await office.ctx.store.listEngineers()).toEqual(before);
    } finally {
      await readerContext.close();
    }
  });
});
