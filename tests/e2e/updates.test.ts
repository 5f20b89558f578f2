/**
 * 关于与诊断 → 检查更新 in Chromium. Through the loopback host the section says updates are the
 * IT office's installer's. The desktop flow (offer, consent, progress, confirm, errors) is driven
 * with the page's update.* calls answered as the Electron main process answers them
 * (src-main/electron/updater.ts; that module is tested against a real office in
 * tests/server/device-updater.test.ts): what is checked here is the screen and what it sends.
 */
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../src-shared/rpc/update-channels';
import { openApp, type TestApp } from './helpers/app';

let app: TestApp;

beforeAll(async () => {
  app = await openApp();
});
afterAll(() => app.close());

const answer = (route: Route, value: UpdateStatus) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value }) });

describe('update section', () => {
  it('under the host says the IT office installs updates', async () => {
    const { page } = app;
    await page.click('[data-testid="nav-about"]');
    await expect.poll(() => page.textContent('[data-testid="update-unsupported"]')).toContain('由信息科（IT 办公室）用安装程序安装和更新');
    expect(await page.locator('[data-testid="update-check"]').count()).toBe(0);
  });

  it('shows the office offer, downloads and installs only the agreed version after a confirm', async () => {
    const { page } = app;
    const offer = { version: '1.2.0', releaseNotes: '修复打印预览；改进同步', releaseDate: '2025-03-01T08:00:00.000Z', size: 94_371_840 };
    // Installed for every user of the PC: the screen warns that Windows will ask an administrator.
    let state: UpdateStatus = { supported: true, currentVersion: '1.1.0', needsAdmin: true, state: 'idle' };
    const sent: { channel: string; body: unknown }[] = [];
    let polls = 0;
    await page.route('**/rpc/update.*', async (route) => {
      const channel = decodeURIComponent(route.request().url().split('/rpc/')[1]!);
      sent.push({ channel, body: route.request().postDataJSON() as unknown });
      if (channel === 'update.check') state = { supported: true, currentVersion: '1.1.0', needsAdmin: false, state: 'available', ...offer };
      if (channel === 'update.download') state = { supported: true, currentVersion: '1.1.0', needsAdmin: false, state: 'downloading', percent: 0, ...offer };
      if (channel === 'update.status' && state.supported && state.state === 'downloading') {
        polls++;
        state = polls < 3 ? { ...state, percent: 40 * polls } : { supported: true, currentVersion: '1.1.0', needsAdmin: false, state: 'downloaded', ...offer };
      }
      if (channel === 'update.install') state = { supported: true, currentVersion: '1.1.0', needsAdmin: false, state: 'installing', version: '1.2.0' };
      await answer(route, state);
    });
    await page.reload();
    await page.click('[data-testid="nav-about"]');
    await expect.poll(() => page.textContent('[data-testid="update-section"]')).toContain('本机版本：1.1.0');
    expect(await page.textContent('[data-testid="update-needs-admin"]')).toContain('Windows 会要求管理员确认');
    // Opening the screen asks main for its state only: no check, no download.
    expect(sent.map((s) => s.channel)).toEqual(['update.status']);

    await page.click('[data-testid="update-check"]');
    await expect.poll(() => page.textContent('[data-testid="update-offer"]')).toContain('办公室提供新版本 1.2.0');
    expect(await page.textContent('[data-testid="update-offer"]')).toContain('安装包 90.0 MB');
    expect(await page.textContent('[data-testid="update-offer"]')).toContain('修复打印预览；改进同步');
    await page.screenshot({ path: '/tmp/update-offer.png' });

    await page.click('[data-testid="update-download"]');
    expect(sent.find((s) => s.channel === 'update.download')?.body).toEqual({ version: '1.2.0' });
    await expect.poll(() => page.locator('[data-testid="update-install"]').count()).toBe(1);

    await page.click('[data-testid="update-install"]');
    await expect.poll(() => page.textContent('[data-testid="update-confirm"]')).toContain('本应用会关闭，安装完成后自动重新打开');
    expect(sent.some((s) => s.channel === 'update.install')).toBe(false);
    await page.screenshot({ path: '/tmp/update-confirm.png' });
    await page.click('[data-testid="update-confirm-cancel"]');
    expect(await page.locator('[data-testid="update-confirm"]').count()).toBe(0);
    await page.click('[data-testid="update-install"]');
    await page.click('[data-testid="update-confirm-install"]');
    await expect.poll(() => page.textContent('[data-testid="update-installing"]')).toContain('正在关闭并安装 1.2.0');
    expect(sent.find((s) => s.channel === 'update.install')?.body).toEqual({ version: '1.2.0' });
    await page.unroute('**/rpc/update.*');
  });

  it('names each failure in the user\'s language', async () => {
    const { page } = app;
    const cases: [UpdateStatus & { state: 'error' }, string][] = [
      [{ supported: true, currentVersion: '1.1.0', needsAdmin: false, state: 'error', code: 'hash_mismatch', detail: 'sha512 checksum mismatch' }, '校验值（SHA-512）不符'],
      [{ supported: true, currentVersion: '1.1.0', needsAdmin: false, state: 'error', code: 'signature_invalid', detail: 'not signed' }, '数字签名不是本应用发行方的'],
      [{ supported: true, currentVersion: '1.1.0', needsAdmin: false, state: 'error', code: 'unreachable', detail: 'ECONNREFUSED' }, '连接不上办公室'],
      [{ supported: true, currentVersion: '1.1.0', needsAdmin: false, state: 'error', code: 'not_enrolled', detail: 'not enrolled' }, '请先在“同步”页面注册'],
    ];
    for (const [status, text] of cases) {
      await page.route('**/rpc/update.*', (route) => answer(route, route.request().url().endsWith('update.check') ? status : { supported: true, currentVersion: '1.1.0', needsAdmin: false, state: 'idle' }));
      await page.reload();
      await page.click('[data-testid="nav-about"]');
      await page.click('[data-testid="update-check"]');
      await expect.poll(() => page.textContent('[data-testid="update-error"]')).toContain(text);
      await page.unroute('**/rpc/update.*');
    }
    await page.screenshot({ path: '/tmp/update-error.png' });
  });

  it('puts a failed call\'s message into the new language after a switch', async () => {
    const { page } = app;
    await page.route('**/rpc/update.*', (route) =>
      route.request().url().endsWith('update.check')
        ? route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'desktop_only', message: 'test' } }) })
        : answer(route, { supported: true, currentVersion: '1.1.0', needsAdmin: false, state: 'idle' }),
    );
    await page.reload();
    await page.click('[data-testid="nav-about"]');
    await page.click('[data-testid="update-check"]');
    await expect.poll(() => page.textContent('[data-testid="update-call-error"]')).toBe('只有桌面应用才能执行这项操作。');
    await page.locator('.topnav button', { hasText: 'English' }).click();
    await expect.poll(() => page.textContent('[data-testid="update-call-error"]')).toBe('Only the desktop app can do this.');
    await page.locator('.topnav button', { hasText: '中文' }).click();
    await page.unroute('**/rpc/update.*');
  });
});
