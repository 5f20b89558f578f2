/**
 * A hospital's contacts (issue 9): shown on the hospital page from the shipped catalog, and the
 * office's own, loaded into a real office service and pulled by the device after enrollment.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEngineer } from '../../src-server/admin/operations';
import { startOffice } from '../../src-server/start';
import { openApp, type TestApp } from './helpers/app';
import { enrollInApp } from './helpers/office';

const HOSPITAL = 'queue-demo';

let app: TestApp;
let page: Page;

beforeAll(async () => {
  app = await openApp();
  page = app.page;
});
afterAll(() => app?.close());

describe('contacts from the catalog', () => {
  test('the hospital page lists its contacts from the catalog, phone numbers as text that can be selected', async () => {
    await page.goto(`${app.host.url}#/hospital/yunan-peoples`);
    const contacts = page.locator('[data-testid=contact]');
    await expect.poll(() => contacts.count()).toBe(4);
    const it = contacts.filter({ hasText: '信息科科长' });
    expect(await it.getAttribute('data-role')).toBe('it_office');
    expect(await it.textContent()).toContain('0766-0000 0002 分机 8001');
    expect(await contacts.filter({ hasText: '体检中心主任' }).textContent()).toMatch(/科室负责人.*体检中心/);
    const phone = it.locator('[data-testid=phone]').first();
    await phone.click({ clickCount: 3 });
    expect(await page.evaluate(() => window.getSelection()?.toString().trim())).toBe('0766-0000 0002 分机 8001');
  });
});

describe('contacts from the office', () => {
  test('the office’s catalog, with its own contacts, reaches the device through the reference pull', async () => {
    // The office's catalog folder: the shipped templates and its own file for the demo hospital.
    const officeDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-find-office-'));
    const catalogDir = path.join(officeDir, 'catalog');
    await cp(path.resolve('assets/catalog/templates'), path.join(catalogDir, 'templates'), { recursive: true });
    await mkdir(path.join(catalogDir, 'hospitals'));
    const file = JSON.parse(await readFile(path.resolve(`assets/catalog/hospitals/${HOSPITAL}.json`), 'utf8')) as { hospital: Record<string, unknown> };
    file.hospital.contacts = [
      { role: 'it_office', departmentId: 'it', name: '钱工', title: { zh: '信息科网络管理员', en: 'Network administrator, IT office' }, phones: ['000-2222 3333 分机 12'] },
      { role: 'other', name: '门诊部值班室', phones: ['000-2222 4444'], note: { zh: '夜间报修', en: 'Night repairs' } },
    ];
    await writeFile(path.join(catalogDir, 'hospitals', `${HOSPITAL}.json`), JSON.stringify(file));
    const office = await startOffice({ dataDir: path.join(officeDir, 'data'), catalogDir, port: 0, logLevel: false });
    try {
      await createEngineer(office.ctx, { id: 'qian-gong', name: '钱工', hospitalIds: [HOSPITAL] }, 'test');
      await page.goto(app.host.url);
      await enrollInApp(page, office, { id: 'qian-gong', name: '钱工' }, '钱工的笔记本');
      await page.click('[data-testid=sync-now]');

      // The office's contacts replace the shipped demo ones.
      await page.goto(`${app.host.url}#/hospital/${HOSPITAL}`);
      const contacts = page.locator('[data-testid=contact]');
      await expect.poll(() => contacts.allTextContents(), { timeout: 20_000 }).toEqual([
        expect.stringMatching(/^信息科钱工信息科网络管理员信息科000-2222 3333 分机 12$/),
        expect.stringMatching(/^其他门诊部值班室000-2222 4444夜间报修$/),
      ]);
    } finally {
      await office.app.close();
      await rm(officeDir, { recursive: true, force: true });
    }
  });
});
