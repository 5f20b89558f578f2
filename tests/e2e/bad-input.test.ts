/** Bad input gets a clear message in the user's language and nothing saved is lost. */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { openApp } from './helpers/app';
import { currentItem, PNG_8x8, firstSystem, startInspection, waitSaved } from './helpers/engineer';

test('a malformed template is named with its path and the app still starts', async () => {
  const assets = await mkdtemp(path.join(os.tmpdir(), 'xunjian-assets-'));
  await cp(path.resolve('assets'), assets, { recursive: true });
  await writeFile(path.join(assets, 'catalog/templates/zz-broken.json'), '{"id":"zz-broken","version":1,"kind":"system","name":{"zh":"坏","en":"bad"},"sources":["x"],"sections":[{"id":"s","title":{"zh":"a","en":"a"},"items":[{"id":"i","kind":"dial","label":{"zh":"a","en":"a"},"guidance":{"zh":"a","en":"a"}}]}]}');
  const app = await openApp({ assetsDir: assets });
  try {
    const banner = app.page.locator('[data-testid=catalog-problems]');
    await expect.poll(() => banner.textContent()).toContain('templates/zz-broken.json');
    expect(await banner.textContent()).toContain('sections[0].items[0].kind');
    // The hospitals come from a live query that may answer after the banner is drawn.
    await expect.poll(() => app.page.locator('[data-testid^=hospital-]').count()).toBe(5);
  } finally {
    await app.close();
    await rm(assets, { recursive: true, force: true });
  }
});

test('a reading in the wrong format or beyond any sane bound is refused with a message and not saved', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await startInspection(page, 'gd-provincial', '李工', firstSystem);
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

test('a photo that is not an image or is over 20 MB is refused with its name; photos already added stay', async () => {
  const app = await openApp();
  const { page } = app;
  try {
    await startInspection(page, 'gd-provincial', '李工', firstSystem);
    const { key } = await currentItem(page);
    // A failed check opens its finding, where photos of the fault are attached.
    await page.keyboard.press('2');
    await page.waitForSelector('[data-testid=evidence-needed]');
    const input = page.locator('[data-testid=photo-input]').first();
    await input.setInputFiles({ name: 'rack.png', mimeType: 'image/png', buffer: PNG_8x8 });
    await expect.poll(() => page.locator('[data-testid=photos] img').count()).toBe(1);

    await input.setInputFiles({ name: '报告.png', mimeType: 'image/png', buffer: Buffer.from('这不是图片，只是文字。') });
    await expect.poll(() => page.locator('[data-testid=photo-problem]').textContent()).toContain('“报告.png”不是可识别的图片文件');

    const huge = Buffer.alloc(21 * 1024 * 1024);
    PNG_8x8.copy(huge);
    await input.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: huge });
    await expect.poll(() => page.locator('[data-testid=photo-problem]').textContent()).toContain('超过 20 MB');

    expect(await page.locator('[data-testid=photos] img').count()).toBe(1);
    await page.reload();
    await page.waitForSelector('[data-testid=item]');
    expect((await currentItem(page)).key).toBe(key);
    await expect.poll(() => page.locator('[data-testid=photos] img').count()).toBe(1);
    expect(await page.locator(`li[data-step-key="${key}"]`).getAttribute('data-state')).toBe('finding');
  } finally {
    await app.close();
  }
});

test('a second window on the same inspection is read-only until the first closes', async () => {
  const app = await openApp();
  const { page, context } = app;
  try {
    await startInspection(page, 'gd-provincial', '李工', firstSystem);
    const first = await currentItem(page);
    await page.keyboard.press('1');
    await waitSaved(page, first.key);

    const second = await context.newPage();
    await second.goto(page.url());
    await expect.poll(() => second.locator('[data-testid=locked]').textContent()).toContain('另一个窗口中编辑');
    expect(await second.locator('[data-testid=inspection]').getAttribute('data-read-only')).toBe('true');
    // Keys do nothing there and the answer the first window saved is shown, unchanged.
    const shown = await currentItem(second);
    await second.keyboard.press('2');
    await second.waitForTimeout(300);
    expect(await second.locator(`li[data-step-key="${shown.key}"]`).getAttribute('data-state')).not.toBe('finding');
    expect(await second.locator(`li[data-step-key="${first.key}"]`).getAttribute('data-state')).toBe('saved');

    await page.close();
    await second.reload();
    await second.waitForSelector('[data-testid=item]');
    expect(await second.locator('[data-testid=locked]').count()).toBe(0);
    expect(await second.locator('[data-testid=inspection]').getAttribute('data-read-only')).toBe('false');
  } finally {
    await app.close();
  }
});
