/**
 * 关于与诊断 → 诊断信息 in Chromium through the loopback host (issue 13): the table, the log folder,
 * copying the diagnostics, the hardware-acceleration switch, and a page error reaching the log.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type TestApp } from './helpers/app';

let app: TestApp;

beforeAll(async () => {
  app = await openApp();
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.host.url });
  await app.page.goto(`${app.host.url}#/about`);
});

afterAll(async () => {
  await app?.close();
});

describe('the diagnostics section', () => {
  it('shows the versions and folders, and names the log folder it cannot open', async () => {
    const { page, host } = app;
    await expect.poll(() => page.getByTestId('diag-dataDir').textContent()).toContain(host.dataDir);
    expect(await page.getByTestId('diag-shell').textContent()).toContain('浏览器（本机服务）');
    expect(await page.getByTestId('diag-node').count()).toBe(1);
    expect(await page.getByTestId('diag-electron').count()).toBe(0);
    await page.getByTestId('diag-open-logs').click();
    await expect.poll(() => page.getByTestId('diag-notice').textContent()).toContain(path.join(host.dataDir, 'logs'));
    await page.screenshot({ path: '/tmp/xunjian-diagnostics-zh.png', fullPage: true });
  });

  it('copies the table as plain text', async () => {
    const { page, host } = app;
    await page.getByTestId('diag-copy').click();
    await expect.poll(() => page.getByTestId('diag-notice').textContent()).toContain('已复制');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text.split('\n')[0]).toBe('诊断信息');
    expect(text).toContain(`数据文件夹: ${host.dataDir}`);
  });

  it('saves the hardware-acceleration switch to settings.json', async () => {
    const { page, host } = app;
    await page.getByTestId('diag-hw-accel').uncheck();
    await expect.poll(() => page.getByTestId('diag-notice').textContent()).toContain('已保存');
    expect(JSON.parse(await readFile(path.join(host.dataDir, 'settings.json'), 'utf8'))).toEqual({ hardwareAcceleration: false });
    expect(await page.getByTestId('diag-hw-accel').isChecked()).toBe(false);
    await expect.poll(() => page.getByTestId('diag-hwAccel').textContent()).toContain('关闭');
  });

  it('sends an uncaught page error and a rejected promise to the log', async () => {
    const { page, host } = app;
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('e2e uncaught boom');
      }, 0);
      void Promise.reject(new Error('e2e rejected boom'));
    });
    const log = path.join(host.dataDir, 'logs', 'renderer.log');
    await expect.poll(() => readFile(log, 'utf8').catch(() => '')).toMatch(/window\.error[^:\n]*: Error: e2e uncaught boom/);
    await expect.poll(() => readFile(log, 'utf8')).toContain('unhandledrejection: Error: e2e rejected boom');
  });

  it('reads in English too', async () => {
    const { page } = app;
    await page.evaluate(() => localStorage.setItem('xunjian.locale', 'en'));
    await page.reload();
    await expect.poll(() => page.getByTestId('diagnostics').textContent()).toContain('Hardware acceleration');
    expect(await page.getByTestId('diag-shell').textContent()).toContain('Browser (local service)');
    await page.screenshot({ path: '/tmp/xunjian-diagnostics-en.png', fullPage: true });
  });
});
