/**
 * Issue 14's "How it is checked", in Chromium against a real office on 127.0.0.1: an administrator
 * adds an engineer in the console and issues a code, and the device enrolls with its link; adds a
 * hospital and a contract, assigns the hospital, imports 200 units from an .xlsx made here (the
 * bad rows refused and named); publishes a new version of a checklist; the device pulls and
 * inspects a new unit with it, while an inspection it started before keeps the old version to its
 * signed report; a hospital's read-only user changes nothing (403). Two pages: the console and the
 * device app. The steps run in order, each a test, sharing the office.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAdminUser } from '../../src-server/admin/operations';
import { startOffice, type RunningOffice } from '../../src-server/start';
import { openApp, type TestApp } from './helpers/app';
import { answerAll, answerCurrent, waitSaved } from './helpers/engineer';
import { giveVerdicts, signAsAsked } from './helpers/signoff';

const ADMIN = { username: 'admin', password: 'correct horse battery' };
const READER = { username: 'donghu-it', password: 'donghu reader 2026' };
const ENGINEER = { id: 'wang-gong', name: '王工' };
const HOSPITAL = { id: 'donghu', name: '东湖社区医院' };
const CONTRACT = { id: 'donghu-queue-2026', name: '东湖社区医院排队叫号维保' };
const NEW_ITEM = '叫号语音与屏幕同步';
/** Version 1 of the room-screen checklist: its 13 items, some of them by label. */
const V1 = { items: 13, labels: ['外观与安装', '供电与定时开关机', '叫号同步显示', '屏端语音播报', '备用门口屏与配件'] };
/** The note answerCurrent writes for a failed item. */
const FAIL_NOTE = '现场发现异常，已记录并通知信息科。';
/** The 200 rows of the equipment list: three of them bad, each in its own way (one repeats the first row's tag). */
const UNITS = 200;
const BAD = { duplicate: 60, room: 120, type: 180 };
/** Both rows of the repeated tag (the first unit's and row 61) are refused: the administrator decides which to keep. */
const REFUSED = 4;

let office: RunningOffice;
let officeDir: string;
let app: TestApp;
let admin: BrowserContext;
let consolePage: Page;
/** The inspection the device starts on version 1, before version 2 is published: its address and the items answered then. */
let early: { url: string; answered: string[] };

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

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROOMS = ['候诊区', '诊室1', '诊室2', '诊室3', '诊室4'];

/** Fills inputs by their name: the rows of a table of campuses or departments have no label of their own. */
async function fillByName(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(fields)) await page.locator(`[name="${name}"]`).fill(value);
}

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

/** The engineer presses 同步 and waits for the reference data (hospitals, units, checklists) to arrive. */
async function pull(): Promise<Page> {
  const laptop = await device();
  await laptop.click('[data-testid=nav-sync]');
  await laptop.click('[data-testid=sync-now]');
  // The new hospital, its contract, 196 units and any new checklist version, in pages: wait for the last.
  await expect.poll(() => laptop.getByTestId('queue-panel').textContent(), { timeout: 30_000 }).toContain('基础数据已更新');
  return laptop;
}

/** Starts an inspection of one unit of the new hospital, by its asset tag. */
async function inspectUnit(laptop: Page, tag: string): Promise<void> {
  await laptop.goto(`${app.host.url}#/hospital/${HOSPITAL.id}`);
  await laptop.click('[data-testid=new-inspection]');
  await laptop.fill('[data-testid=engineer]', ENGINEER.name);
  await laptop.locator('label.check', { hasText: tag }).locator('input').check();
  await laptop.click('[data-testid=start]');
  await laptop.waitForSelector('[data-testid=item]');
  expect(await laptop.locator('[data-testid=item] header').textContent()).toContain(tag);
}

/** The report's text in reading order, with all white space gone: pdftotext breaks lines where the layout does. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
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
  sheet.addRow(['资产编号', '设备名称', '类型', '型号', '院区', '科室', '诊室']);
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

  /** A form field by its label, which a required field marks with a trailing *. */
  const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

  test('3. a hospital with a campus, departments and rooms, and a contract covering its queue-calling screens', async () => {
    const page = await consoleAt('/console/hospitals/new');
    await field(page, '编号').fill(HOSPITAL.id);
    await field(page, '名称（中文）').fill(HOSPITAL.name);
    await field(page, '名称（英文）').fill('Donghu Community Hospital');
    await page.getByLabel('城市（中文）').fill('武汉');
    await page.getByLabel('城市（英文）').fill('Wuhan');
    // Campuses and departments are tables of rows: a blank row adds one.
    await fillByName(page, { 'campus.0.id': 'main', 'campus.0.nameZh': '本院', 'campus.0.nameEn': 'Main campus' });
    for (const [n, id, zh, en] of [
      [0, 'internal', '内科', 'Internal medicine'],
      [1, 'paediatrics', '儿科', 'Paediatrics'],
    ] as const) {
      await fillByName(page, { [`dept.${n}.campus`]: 'main', [`dept.${n}.id`]: id, [`dept.${n}.nameZh`]: zh, [`dept.${n}.nameEn`]: en, [`dept.${n}.rooms`]: ROOMS.join('\n') });
    }
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.waitForURL(`**/console/hospitals/${HOSPITAL.id}?**`);
    await shot(page, 'console-e2e-hospital');

    await page.getByRole('link', { name: '新建合同' }).click();
    await field(page, '编号').fill(CONTRACT.id);
    await field(page, '名称（中文）').fill(CONTRACT.name);
    await field(page, '名称（英文）').fill('Donghu queue-calling maintenance');
    await page.getByLabel('依据（招标文件等）').fill('东湖社区医院排队叫号维保合同');
    await page.getByLabel('诊室叫号屏').check();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.waitForURL(`**/console/contracts/${CONTRACT.id}?**`);
    await shot(page, 'console-e2e-contract');
    const contract = await office.ctx.store.getReference('contract', CONTRACT.id);
    expect(contract?.hospitalId).toBe(HOSPITAL.id);
    expect((contract?.data as { hardwareTemplateIds: string[] }).hardwareTemplateIds).toEqual(['queue-room-screen']);
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
    const page = await consoleAt(`/console/hospitals/${HOSPITAL.id}/units/import`);
    await page.getByLabel('Excel 文件').setInputFiles({ name: '东湖设备清单.xlsx', mimeType: XLSX, buffer: await equipmentList() });
    await page.getByRole('button', { name: '上传并读取' }).click();
    // The list calls its room column 诊室, which the console cannot guess: the administrator picks it.
    const room = page.getByRole('row', { name: /^房间/ }).getByRole('combobox');
    expect(await room.inputValue()).toBe('');
    await room.selectOption({ label: 'G — 诊室 (诊室2)' });
    await shot(page, 'console-e2e-mapping');
    await page.getByRole('button', { name: '检查并预览' }).click();

    // Nothing is written yet; the bad rows are named, by their row in Excel, with what is wrong.
    await expect.poll(() => page.getByTestId('import-counts').locator('[data-count=refused]').textContent()).toBe(String(REFUSED));
    expect(await page.getByTestId('import-counts').locator('[data-count=new]').textContent()).toBe(String(UNITS - REFUSED));
    for (const [n, problem] of [
      [1, 'tagInFile'],
      [BAD.duplicate, 'tagInFile'],
      [BAD.room, 'roomUnknown'],
      [BAD.type, 'typeUnknown'],
    ] as const) {
      expect(await page.locator(`tr[data-row="${n + 1}"] [data-problem]`).getAttribute('data-problem'), `row ${n + 1}`).toBe(problem);
    }
    expect(await page.locator(`tr[data-row="${BAD.room + 1}"]`).textContent()).toContain('诊室9');
    expect(await page.locator(`tr[data-row="${BAD.type + 1}"]`).textContent()).toContain('打印机');
    // All 200 rows are listed, refused ones first: the top of the page is what to see.
    await page.screenshot({ path: path.resolve('docs/screenshots/console-e2e-preview.png') });
    expect(await office.ctx.store.listReference('asset', HOSPITAL.id)).toEqual([]);

    await page.getByLabel(`跳过 ${REFUSED} 行被拒绝的行`).check();
    await page.getByRole('button', { name: `确认：写入 ${UNITS - REFUSED} 台（新增 ${UNITS - REFUSED}、更新 0）` }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain(`新增 ${UNITS - REFUSED} 台`);
    expect(await office.ctx.store.listReference('asset', HOSPITAL.id)).toHaveLength(UNITS - REFUSED);
    // The list of 196 units is long: its top is enough to see.
    await page.screenshot({ path: path.resolve('docs/screenshots/console-e2e-units.png') });
  });

  test('6. the device pulls the new hospital and starts an inspection of one of its units on version 1 of the checklist', async () => {
    const laptop = await pull();
    await inspectUnit(laptop, 'DH-RS-101');
    const outline = laptop.locator('li[data-step-key]');
    expect(await outline.count()).toBe(V1.items);
    expect(await outline.filter({ hasText: NEW_ITEM }).count()).toBe(0);
    // Two items answered before version 2 comes: the first failed, with its note.
    const answered = [await answerCurrent(laptop, { fail: true }), await answerCurrent(laptop)];
    expect(answered.map((key) => key.split('#')[1])).toEqual(['rs-mount', 'rs-power']);
    early = { url: laptop.url(), answered };
  });

  test('7. a new version of the room-screen checklist: drafted with a new item, checked, published', async () => {
    const page = await consoleAt('/console/templates/queue-room-screen');
    await page.getByRole('button', { name: '起草第 2 版' }).click();
    const add = page.locator('#section-appearance details.tpl-new');
    await add.getByText('新增检查项').click();
    await add.getByLabel('新编号').fill('rs-voice-sync');
    await add.getByLabel('检查项（中文）').fill(NEW_ITEM);
    await add.getByLabel('检查项（英文）').fill('Voice and screen call together');
    await add.getByLabel('检查方法（中文）').fill('在分诊台呼叫一位患者：屏幕显示与语音播报同时出现，诊室号一致。');
    await add.getByLabel('检查方法（英文）').fill('Call a patient at the triage desk: the screen and the voice announce together, with the same room.');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('link', { name: '检查并发布' }).first().click();
    expect(await page.getByTestId('passes').count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain(NEW_ITEM);
    await shot(page, 'console-e2e-template-check');
    await page.getByRole('button', { name: '发布第 2 版' }).click();
    await page.waitForURL('**/console/templates/queue-room-screen/v/2?notice=published');
    expect(await page.locator('main').textContent()).toContain('已发布第 2 版');
    expect((await office.ctx.store.getReference('template', 'queue-room-screen@2'))?.deleted).toBe(false);
  });

  test('8. the device pulls, inspects a new unit of the new contract, and sees the new version\'s new item', async () => {
    const laptop = await pull();
    await inspectUnit(laptop, 'DH-RS-200');
    // Version 2's new item is in the unit's outline; opened, it shows the guidance the administrator wrote.
    const item = laptop.locator('li[data-step-key]', { hasText: NEW_ITEM });
    await expect.poll(() => item.count()).toBe(1);
    await item.getByRole('button').click();
    await expect.poll(() => laptop.locator('[data-testid=item]').textContent()).toContain('屏幕显示与语音播报同时出现');
    await shot(laptop, 'inspection-e2e-new-item');
  });

  test('9. the inspection started on version 1 keeps it: its items and answers, through sign-off to a report that renders', async () => {
    const laptop = await device();
    await laptop.goto(early.url);
    await laptop.waitForSelector('[data-testid=item]');
    const outline = laptop.locator('li[data-step-key]');
    expect(await outline.count()).toBe(V1.items);
    expect(await outline.filter({ hasText: NEW_ITEM }).count()).toBe(0);
    for (const key of early.answered) await waitSaved(laptop, key);
    expect(await laptop.locator(`li[data-step-key="${early.answered[0]}"]`).getAttribute('data-state')).toBe('finding');
    await shot(laptop, 'inspection-e2e-old-version');

    // The rest answered from the keyboard, completed, judged and signed.
    await answerAll(laptop);
    await laptop.click('[data-testid=complete]');
    await laptop.waitForSelector('[data-testid=signoff]');
    await giveVerdicts(laptop);
    await signAsAsked(laptop);
    await laptop.click('[data-testid=sign]');
    await laptop.waitForSelector('[data-testid=report-panel], [data-testid=sign-problem]');
    expect(await laptop.locator('[data-testid=sign-problem]').count()).toBe(0);
    await expect.poll(() => laptop.locator('[data-testid=report-path]').count(), { timeout: 30_000 }).toBe(1);
    const number = (await laptop.locator('[data-testid=report-number]').textContent())!;
    const filed = (await laptop.locator('[data-testid=report-path]').textContent())!;
    expect(filed).toBe(path.join(app.host.dataDir, 'reports', HOSPITAL.id, path.basename(path.dirname(filed)), `${number}.pdf`));

    // The filed PDF holds version 1's items and the note answered before the publish, and not version 2's new item.
    const text = pdfText(filed);
    for (const needle of [number, HOSPITAL.name, 'DH-RS-101', ...V1.labels, FAIL_NOTE]) expect(text).toContain(needle);
    expect(text).not.toContain(NEW_ITEM);
  });

  test('10. a read-only user of the hospital sees no admin pages and gets 403 for every change', async () => {
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
