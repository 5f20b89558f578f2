/**
 * Issue 13's backup → wipe → restore, in Chromium through the loopback host: a draft inspection
 * with answers of several kinds, a note and a photo, a service record and a half-typed new record
 * are backed up from the About screen; the IndexedDB database is deleted (the app then shows no
 * drafts); restoring from the About screen brings back every row and photo byte. A truncated
 * backup in the folder is listed as damaged, offers no restore, and changes nothing. A window
 * reloaded after the database was deleted and before the import finished shows a banner that
 * brings the data back; a lone `.json.gz` (renamed, without its sidecar) restores everything.
 */
import { readdir, rename, rm, truncate } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, expect, test } from 'vitest';
import { openApp, type TestApp } from './helpers/app';
import { answerCurrent, currentItem, firstSystem, startInspection } from './helpers/engineer';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const HOSPITAL = 'gd-provincial';

/** Every row of the tables a draft lives in, read straight from IndexedDB; Blobs as SHA-256 and type. */
type Dump = Record<'inspections' | 'answers' | 'attachments' | 'serviceRecords' | 'serviceAttachments', unknown[]>;

async function dump(page: Page): Promise<Dump> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('xunjian');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const q = db.transaction(store).objectStore(store).getAll();
        q.onsuccess = () => resolve(q.result as unknown[]);
        q.onerror = () => reject(q.error);
      });
    const hex = async (blob: Blob) =>
      Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())), (b) => b.toString(16).padStart(2, '0')).join('');
    const out: Record<string, unknown[]> = {};
    for (const store of ['inspections', 'answers', 'attachments', 'serviceRecords', 'serviceAttachments']) {
      const rows = await all(store);
      out[store] = await Promise.all(
        rows.map(async (row) => {
          const r = row as Record<string, unknown>;
          return r.blob instanceof Blob ? { ...r, blob: { sha256: await hex(r.blob), type: r.blob.type, size: r.blob.size } } : r;
        }),
      );
    }
    db.close();
    return out as Dump;
  });
}

/** A draft of queue-demo's paediatrics units: answers of every kind met up to a photo item, the first check failed with its note. */
async function draftInspection(page: Page): Promise<Set<string>> {
  await startInspection(page, 'queue-demo', '王工', async (p) => {
    await p.locator('.dept', { hasText: '儿科' }).locator('[data-testid^="dept-all-"]').check();
  });
  const kinds = new Set<string>();
  let failed = false;
  for (let i = 0; i < 80 && !(failed && kinds.has('photo')); i++) {
    const { kind } = await currentItem(page);
    const fail: boolean = kind === 'check' && !failed;
    await answerCurrent(page, { fail });
    failed ||= fail;
    kinds.add(kind);
  }
  return kinds;
}

async function serviceRecords(page: Page): Promise<void> {
  await page.click('[data-testid=nav-service]');
  await page.click('[data-testid=service-new]');
  await page.waitForSelector('[data-testid=service-form]');
  await page.selectOption('[data-testid=form-hospital]', HOSPITAL);
  await page.locator('[data-testid^=form-level-]').first().check();
  await page.fill('[data-testid=form-reporter]', '信息科值班');
  await page.fill('[data-testid=form-title]', '门诊叫号屏黑屏');
  await page.fill('[data-testid=form-engineer]', '李工');
  await page.click('[data-testid=form-submit]');
  await page.waitForSelector('[data-testid=service-record]');
  // A second one begun and not yet stored: it lives in localStorage only.
  await page.click('[data-testid=nav-service]');
  await page.click('[data-testid=service-new]');
  await page.waitForSelector('[data-testid=service-form]');
  await page.locator('[data-testid=form-title]').pressSequentially('药房自助机打印卡纸');
}

async function toAbout(page: Page): Promise<void> {
  await page.click('[data-testid=nav-about]');
  await page.waitForSelector('[data-testid=backup-section]');
}

async function backUpNow(page: Page): Promise<string> {
  await toAbout(page);
  const rows = await page.locator('[data-testid=backup-row]').count();
  await page.click('[data-testid=backup-now]');
  await expect.poll(() => page.locator('[data-testid=backup-notice]').textContent(), { timeout: 60_000 }).toMatch(/已备份：xunjian-\d{8}-\d{6}-v\d+-manual\.json\.gz/);
  await expect.poll(() => page.locator('[data-testid=backup-row]').count()).toBe(rows + 1);
  return (await page.locator('[data-testid=backup-row]').first().getAttribute('data-file'))!;
}

async function draftsShown(page: Page): Promise<number> {
  await page.click('.brand');
  await page.click('[data-testid=hospital-queue-demo]');
  await page.waitForSelector('[data-testid=new-inspection]');
  // The list loads after the header: give it a moment to show what there is.
  await page.waitForTimeout(500);
  return page.locator('[data-testid=inspection-row][data-status=draft]').count();
}

test('back up, wipe the store, restore from the About screen: every draft, answer, note and photo is back', async () => {
  app = await openApp();
  const { page } = app;
  const kinds = await draftInspection(page);
  expect(kinds.has('photo')).toBe(true);
  expect(kinds.size).toBeGreaterThanOrEqual(3);
  await serviceRecords(page);
  const before = await dump(page);
  expect(before.inspections).toHaveLength(1);
  expect(before.answers.length).toBeGreaterThanOrEqual(3);
  expect(before.answers.some((a) => ((a as { note?: string }).note ?? '').includes('现场发现异常'))).toBe(true);
  expect(before.attachments.length).toBeGreaterThanOrEqual(1);
  expect(before.serviceRecords).toHaveLength(1);

  const file = await backUpNow(page);
  expect(await readdir(path.join(app.host.dataDir, 'backups'))).toEqual(expect.arrayContaining([file, `${file}.meta.json`]));
  const row = page.locator(`[data-testid=backup-row][data-file="${file}"]`);
  await expect.poll(() => row.textContent()).toContain('手动');

  // The store is lost (as a broken profile would lose it), and the half-typed form with it.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        localStorage.removeItem('xunjian.serviceDraft');
        const del = indexedDB.deleteDatabase('xunjian');
        del.onsuccess = () => resolve();
        del.onerror = () => reject(del.error);
      }),
  );
  await page.reload();
  await page.waitForSelector('[data-testid=nav-about]');
  expect(await draftsShown(page)).toBe(0);

  await toAbout(page);
  await page.locator(`[data-testid=backup-row][data-file="${file}"] [data-testid=backup-restore]`).click();
  const confirm = page.locator('[data-testid=restore-confirm]');
  await expect.poll(() => confirm.textContent()).toContain('本机当前的全部数据将被替换：0 份巡检');
  expect(await confirm.textContent()).toContain(`备份中有：1 份巡检、${before.answers.length} 条答案`);
  await page.click('[data-testid=restore-go]');
  // The app reloads itself once the backup is in.
  await page.waitForFunction(() => !document.querySelector('[data-testid=restore-confirm]') && !!document.querySelector('[data-testid=nav-about]'), undefined, { timeout: 60_000 });
  await page.waitForSelector('[data-testid=backup-section]', { state: 'detached', timeout: 60_000 }).catch(() => undefined);

  expect(await dump(page)).toEqual(before);
  expect(await draftsShown(page)).toBe(1);
  await page.click('[data-testid=nav-service]');
  await expect.poll(() => page.locator('[data-testid=board-row]').count()).toBe(1);
  await page.click('[data-testid=service-new]');
  await expect.poll(() => page.locator('[data-testid=form-title]').inputValue()).toBe('药房自助机打印卡纸');

  // What the restore replaced was an empty store: no before-restore backup of it, the folder as it was.
  await toAbout(page);
  await expect.poll(() => page.locator('[data-testid=backup-row]').count()).toBe(1);
  expect(await page.locator('[data-testid=backup-row]').first().getAttribute('data-file')).toBe(file);
  await page.locator('[data-testid=backup-section]').screenshot({ path: path.resolve('docs/screenshots', 'about-backups.zh-CN.png') });
  await page.click('.topnav button');
  await expect.poll(() => page.locator('[data-testid=backup-now]').textContent()).toBe('Back up now');
  await page.locator('[data-testid=backup-row]').first().locator('[data-testid=backup-restore]').click();
  await page.waitForSelector('[data-testid=restore-confirm]');
  await page.locator('[data-testid=backup-section]').screenshot({ path: path.resolve('docs/screenshots', 'about-backups.en.png') });
});

test('a truncated backup is listed as damaged and cannot be restored; nothing changes', async () => {
  app = await openApp();
  const { page } = app;
  await page.click(`[data-testid=hospital-${HOSPITAL}]`);
  await page.click('[data-testid=new-inspection]');
  await page.fill('[data-testid=engineer]', '李工');
  await firstSystem(page);
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=item]');
  await answerCurrent(page);
  const file = await backUpNow(page);
  // The notice is kept as what it means, so the language switch puts it into English.
  await page.click('.topnav button');
  await expect.poll(() => page.locator('[data-testid=backup-notice]').textContent()).toMatch(new RegExp(`^Backed up: ${file.replace(/\./g, '\\.')} \\(`));
  await page.click('.topnav button');
  await expect.poll(() => page.locator('[data-testid=backup-notice]').textContent()).toMatch(/^已备份：/);
  await truncate(path.join(app.host.dataDir, 'backups', file), 1000);
  const before = await dump(page);

  await page.reload();
  await toAbout(page);
  const row = page.locator(`[data-testid=backup-row][data-file="${file}"]`);
  await expect.poll(() => row.getAttribute('data-state')).toBe('damaged');
  expect(await row.locator('[data-testid=backup-damaged]').textContent()).toBe('已损坏，不能恢复');
  expect(await row.locator('[data-testid=backup-restore]').count()).toBe(0);
  expect(await dump(page)).toEqual(before);
  expect(await page.locator('[data-testid=backup-row]').count()).toBe(1);
});

/** Deletes the store as a restore does, then reloads the window before the import can begin. */
async function reloadAfterTheDelete(page: Page): Promise<void> {
  await page.evaluate(() => {
    const factory = indexedDB;
    const realDelete = factory.deleteDatabase.bind(factory);
    const realOpen = factory.open.bind(factory);
    let deleted = false;
    factory.deleteDatabase = (name: string) => {
      const request = realDelete(name);
      if (name === 'xunjian') {
        deleted = true;
        request.addEventListener('success', () => location.reload());
      }
      return request;
    };
    // The import never gets its database: the reload takes the page first.
    factory.open = (name: string, version?: number) => {
      if (deleted && name === 'xunjian') return new Promise<never>(() => {}) as unknown as IDBOpenDBRequest;
      return realOpen(name, version);
    };
  });
}

test('a reload after the store was deleted and before the import finished: the banner brings the data back', async () => {
  app = await openApp();
  const { page } = app;
  await draftInspection(page);
  const file = await backUpNow(page);
  // Since that backup: a service record. The restore would replace it; it must survive the mishap.
  await serviceRecords(page);
  const before = await dump(page);
  expect(before.serviceRecords).toHaveLength(1);

  await toAbout(page);
  await page.locator(`[data-testid=backup-row][data-file="${file}"] [data-testid=backup-restore]`).click();
  await page.waitForSelector('[data-testid=restore-confirm]');
  await reloadAfterTheDelete(page);
  await page.click('[data-testid=restore-go]');

  const banner = page.locator('[data-testid=restore-interrupted]');
  await banner.waitFor({ timeout: 60_000 });
  expect(await banner.textContent()).toContain(`上次恢复备份 ${file}`);
  expect(await draftsShown(page)).toBe(0);
  expect(await banner.isVisible()).toBe(true); // on every screen until the engineer chooses

  await page.click('[data-testid=restore-interrupted-safety]');
  await page.waitForSelector('[data-testid=restore-interrupted]', { state: 'detached', timeout: 60_000 });
  await page.waitForSelector('[data-testid=nav-about]');
  await expect.poll(() => dump(page), { timeout: 30_000 }).toEqual(before);
  expect(await page.evaluate(() => localStorage.getItem('xunjian.restoreInProgress'))).toBeNull();
  // One before-restore backup (the data), none of the empty store in between.
  const names = await readdir(path.join(app.host.dataDir, 'backups'));
  expect(names.filter((n) => n.endsWith('-before-restore.json.gz'))).toHaveLength(1);
});

test('a lone .json.gz, renamed and without its sidecar, restores everything with the typing and the engineer name', async () => {
  app = await openApp();
  const { page } = app;
  await draftInspection(page);
  await serviceRecords(page);
  const before = await dump(page);
  const engineer = await page.evaluate(() => localStorage.getItem('xunjian.engineer'));
  expect(engineer).toBeTruthy();
  const file = await backUpNow(page);
  const dir = path.join(app.host.dataDir, 'backups');
  await rename(path.join(dir, file), path.join(dir, '巡检备份 副本.json.gz'));
  await rm(path.join(dir, `${file}.meta.json`));

  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        localStorage.removeItem('xunjian.serviceDraft');
        localStorage.removeItem('xunjian.engineer');
        const del = indexedDB.deleteDatabase('xunjian');
        del.onsuccess = () => resolve();
        del.onerror = () => reject(del.error);
      }),
  );
  await page.reload();
  await toAbout(page);
  const row = page.locator('[data-testid=backup-row][data-file="巡检备份 副本.json.gz"]');
  await expect.poll(() => row.getAttribute('data-state')).toBe('lone');
  expect(await row.locator('[data-testid=backup-lone]').textContent()).toContain('恢复时会从备份文件本身读取');
  await row.locator('[data-testid=backup-restore]').click();
  const confirm = page.locator('[data-testid=restore-confirm]');
  await expect.poll(() => confirm.textContent(), { timeout: 60_000 }).toContain(`备份中有：1 份巡检、${before.answers.length} 条答案`);
  await page.click('[data-testid=restore-go]');
  await page.waitForSelector('[data-testid=backup-section]', { state: 'detached', timeout: 60_000 }).catch(() => undefined);
  await page.waitForSelector('[data-testid=nav-about]');

  await expect.poll(() => dump(page), { timeout: 30_000 }).toEqual(before);
  expect(await page.evaluate(() => localStorage.getItem('xunjian.engineer'))).toBe(engineer);
  await page.click('[data-testid=nav-service]');
  await page.click('[data-testid=service-new]');
  await expect.poll(() => page.locator('[data-testid=form-title]').inputValue()).toBe('药房自助机打印卡纸');
});
