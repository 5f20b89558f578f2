/**
 * 关于与诊断 → 诊断信息 in Chromium through the loopback host (issue 13): the table, the log folder,
 * copying the diagnostics, the hardware-acceleration switch (desktop only: disabled here; its
 * desktop path is driven with app.diagnostics answered as the Electron main process answers it),
 * notices that follow a language switch, the sections' panels, and a page error reaching the log.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostics } from '../../src-shared/rpc/app-channels';
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

const switchLanguage = (to: 'English' | '中文') => app.page.locator('.topnav button', { hasText: to }).click();
const ok = (route: Route, value: unknown) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value }) });

describe('the diagnostics section', () => {
  it('shows the versions and folders, and names the log folder it cannot open', async () => {
    const { page, host } = app;
    await expect.poll(() => page.getByTestId('diag-dataDir').textContent()).toContain(host.dataDir);
    expect(await page.getByTestId('diag-shell').textContent()).toContain('浏览器（本机服务）');
    expect(await page.getByTestId('diag-node').count()).toBe(1);
    expect(await page.getByTestId('diag-electron').count()).toBe(0);
    // The browser host writes no main.log: the intro names only what the table lists.
    expect(await page.getByTestId('diag-intro').textContent()).not.toContain('main.log');
    await page.getByTestId('diag-open-logs').click();
    await expect.poll(() => page.getByTestId('diag-notice').textContent()).toContain(path.join(host.dataDir, 'logs'));
    await page.screenshot({ path: '/tmp/xunjian-diagnostics-zh.png', fullPage: true });
  });

  it('puts a notice shown before a language switch into the new language', async () => {
    const { page, host } = app;
    expect(await page.getByTestId('diag-notice').textContent()).toContain('在浏览器里无法直接打开文件夹');
    await switchLanguage('English');
    await expect.poll(() => page.getByTestId('diag-notice').textContent()).toBe(`A browser cannot open folders; open this one in the file manager: ${path.join(host.dataDir, 'logs')}`);
    await switchLanguage('中文');
    await expect.poll(() => page.getByTestId('diag-notice').textContent()).toContain('在浏览器里无法直接打开文件夹');
  });

  it('copies the table as plain text', async () => {
    const { page, host } = app;
    await page.getByTestId('diag-copy').click();
    await expect.poll(() => page.getByTestId('diag-notice').textContent()).toContain('已复制');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text.split('\n')[0]).toBe('诊断信息');
    expect(text).toContain(`数据文件夹: ${host.dataDir}`);
  });

  it('shows the hardware-acceleration switch disabled in a browser, saying it is for the desktop app', async () => {
    const { page, host } = app;
    expect(await page.getByTestId('diag-hw-accel').isDisabled()).toBe(true);
    expect(await page.getByTestId('diag-hw-accel-help').textContent()).toContain('此设置只对桌面应用有效');
    expect(await page.getByTestId('diag-hwAccel').textContent()).toContain('由浏览器决定');
    await expect(stat(path.join(host.dataDir, 'settings.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('in the desktop app saves the switch, offers a restart, and the notice follows a language switch', async () => {
    const { page, host } = app;
    let settings = { hardwareAcceleration: true };
    const sent: unknown[] = [];
    // The host's own answer, made the desktop app's: its settings, the run's, and its main.log.
    await page.route('**/rpc/app.diagnostics', async (route) => {
      const real = ((await (await route.fetch()).json()) as { value: Diagnostics }).value;
      await ok(route, { ...real, shell: 'electron', settings, running: { hardwareAcceleration: true }, logFiles: [{ name: 'main.log', bytes: 2048 }] } satisfies Diagnostics);
    });
    await page.route('**/rpc/app.settings.set', (route) => {
      settings = route.request().postDataJSON() as typeof settings;
      sent.push(settings);
      return ok(route, { settings, restartNeeded: true });
    });
    await page.reload();
    await expect.poll(() => page.getByTestId('diag-intro').textContent()).toContain('附上日志文件夹里的 main.log');
    expect(await page.getByTestId('diag-hw-accel-help').textContent()).toContain('更改在应用重新启动后生效');
    await page.getByTestId('diag-hw-accel').uncheck();
    await expect.poll(() => page.getByTestId('diag-notice').textContent()).toContain('已保存，重新启动应用后生效。');
    expect(sent).toEqual([{ hardwareAcceleration: false }]);
    expect(await page.getByTestId('diag-restart').count()).toBe(1);
    await expect.poll(() => page.getByTestId('diag-hwAccel').textContent()).toContain('开启 → 关闭');
    await switchLanguage('English');
    await expect.poll(() => page.getByTestId('diag-notice').textContent()).toContain('Saved; takes effect when the app restarts.');
    await page.screenshot({ path: '/tmp/xunjian-diagnostics-desktop-en.png', fullPage: true });
    await switchLanguage('中文');
    await page.unroute('**/rpc/app.diagnostics');
    await page.unroute('**/rpc/app.settings.set');
    await page.reload();
    // Nothing was written by the host: the desktop answers were the test's.
    await expect(stat(path.join(host.dataDir, 'settings.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('boxes every section of the About screen the same way', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('key-section').count()).toBe(1);
    const looks = await page.evaluate(() =>
      ['diagnostics', 'backup-section', 'update-section', 'key-section'].map((id) => {
        const style = getComputedStyle(document.querySelector(`[data-testid="${id}"]`)!);
        return { id, border: style.borderTopStyle, radius: style.borderTopLeftRadius, background: style.backgroundColor, padding: style.paddingLeft };
      }),
    );
    const [first, ...rest] = looks;
    expect(first!.border).toBe('solid');
    for (const look of rest) expect({ ...look, id: first!.id }).toEqual(first);
  });

  it('puts the signing-key section\'s error into the new language after a switch', async () => {
    const { page } = app;
    await page.route('**/rpc/key.status', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'desktop_only', message: 'test' } }) }),
    );
    await page.reload();
    await expect.poll(() => page.getByTestId('key-problem').textContent()).toBe('只有桌面应用才能执行这项操作。');
    await switchLanguage('English');
    await expect.poll(() => page.getByTestId('key-problem').textContent()).toBe('Only the desktop app can do this.');
    await switchLanguage('中文');
    await page.unroute('**/rpc/key.status');
    await page.reload();
  });

  it('sends an uncaught page error and a rejected promise to the log, and the intro then names renderer.log', async () => {
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
    await page.reload();
    await expect.poll(() => page.getByTestId('diag-intro').textContent()).toBe('向办公室报告问题时，请点“复制诊断信息”，并附上日志文件夹里的 renderer.log。');
  });

  it('reads in English too', async () => {
    const { page } = app;
    await page.evaluate(() => localStorage.setItem('xunjian.locale', 'en'));
    await page.reload();
    await expect.poll(() => page.getByTestId('diagnostics').textContent()).toContain('Hardware acceleration');
    expect(await page.getByTestId('diag-shell').textContent()).toContain('Browser (local service)');
    expect(await page.getByTestId('diag-intro').textContent()).toContain('attach renderer.log from the log folder');
    expect(await page.getByTestId('diag-hw-accel-help').textContent()).toContain('applies to the desktop app only');
    await page.screenshot({ path: '/tmp/xunjian-diagnostics-en.png', fullPage: true });
  });
});
