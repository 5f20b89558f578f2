/** Bad input gets a clear message in the user's language and nothing saved is lost. */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { openApp } from './helpers/app';
import { currentItem, startInspection, waitSaved } from './helpers/engineer';

test('a malformed template is named with its path and the app still starts', async () => {
  const assets = await mkdtemp(path.join(os.tmpdir(), 'xunjian-assets-'));
  await cp(path.resolve('assets'), assets, { recursive: true });
  await writeFile(path.join(assets, 'catalog/templates/zz-broken.json'), '{"id":"zz-broken","version":1,"kind":"system","name":{"zh":"坏","en":"bad"},"sources":["x"],"sections":[{"id":"s","title":{"zh":"a","en":"a"},"items":[{"id":"i","kind":"dial","label":{"zh":"a","en":"a"},"guidance":{"zh":"a","en":"a"}}]}]}');
  const app = await openApp({ assetsDir: assets });
  try {
    const banner = app.page.locator('[data-testid=catalog-problems]');
    await expect.poll(() => banner.textContent()).toContain('templates/zz-broken.json');
    expect(await banner.textContent()).toContain('sections[0].items[0].kind');
    expect(await app.page.locator('[data-testid^=hospital-]').count()).toBe(5);
  } finally {
    await app.close();
    await rm(assets, { recursive: true, force: true });
  }
});

test('a reading in the wrong format or beyond any sane bound is refused with a message and not saved', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await startInspection(page, 'gd-provincial', '李工', async (p) => {
      await p.locator('[data-testid^=system-]').first().check();
    });
    const first = await currentItem(page);
    await page.keyboard.press('1');
    await waitSaved(page, first.key);
    await expect.poll(async () => (await currentItem(page)).kind).toBe('number');
    const { key } = await currentItem(page);
    await page.locator('[data-testid=reading]').pressSequentially('12abc');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=reading-error]').textContent()).toContain('不是数字');
    await page.locator('[data-testid=reading]').fill('100000');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=reading-error]').textContent()).toContain('合理范围');
    expect(await page.locator(`li[data-step-key="${key}"]`).getAttribute('data-state')).toBe('open');
    expect(await page.locator(`li[data-step-key="${first.key}"]`).getAttribute('data-state')).toBe('saved');
  } finally {
    await app.close();
  }
});
