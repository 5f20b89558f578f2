/**
 * The shell's pure pieces (issue 13): where the data folder is, settings.json, log rotation and
 * the renderer's rate limit, the menu, single instance, crash recovery, start-up failures and
 * the permission decision. main.ts only puts these in order (electron-bundle.test.ts runs it).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodeLog from 'electron-log/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCrashCounter, watchRenderer } from '../../src-main/electron/crash-recovery';
import { chooseDataDir } from '../../src-main/electron/data-dir';
import { permissionAllowed } from '../../src-main/electron/guards';
import { mainLocale, mainTranslator } from '../../src-main/electron/main-locale';
import { menuRoles, menuTemplate } from '../../src-main/electron/menu';
import { claimSingleInstance } from '../../src-main/electron/single-instance';
import { createFailureHandling } from '../../src-main/electron/startup-failure';
import { configureFileLog, listLogFiles, rotateArchives } from '../../src-main/logging/log-file';
import { createRateLimiter } from '../../src-main/logging/rate-limit';
import { parseSettings, readSettingsSync, writeSettings } from '../../src-main/settings/app-settings';
import { truncateText } from '../../src-shared/text/truncate';

let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), 'xunjian-shell-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

describe('chooseDataDir', () => {
  const win = { platform: 'win32' as const, appData: 'C:\\Users\\wang\\AppData\\Roaming' };
  it('uses Local AppData on Windows, not Roaming, under an ASCII name', () => {
    expect(chooseDataDir({ ...win, argv: [], env: { LOCALAPPDATA: 'C:\\Users\\wang\\AppData\\Local' } })).toEqual({ dir: 'C:\\Users\\wang\\AppData\\Local\\Xunjian', source: 'default' });
    // Without LOCALAPPDATA, Local is Roaming's sibling.
    expect(chooseDataDir({ ...win, argv: [], env: {} }).dir).toBe('C:\\Users\\wang\\AppData\\Local\\Xunjian');
  });
  it('uses <appData>/Xunjian elsewhere', () => {
    expect(chooseDataDir({ platform: 'linux', appData: '/home/wang/.config', argv: [], env: {} })).toEqual({ dir: '/home/wang/.config/Xunjian', source: 'default' });
  });
  it('lets --data-dir win over XUNJIAN_DATA_DIR, which wins over the default', () => {
    const base = { platform: 'linux' as const, appData: '/home/wang/.config' };
    expect(chooseDataDir({ ...base, argv: ['xunjian', '--data-dir=/srv/x'], env: { XUNJIAN_DATA_DIR: '/env/x' } })).toEqual({ dir: '/srv/x', source: 'argument' });
    expect(chooseDataDir({ ...base, argv: ['xunjian', '--data-dir', '/srv/y'], env: {} })).toEqual({ dir: '/srv/y', source: 'argument' });
    expect(chooseDataDir({ ...base, argv: ['xunjian'], env: { XUNJIAN_DATA_DIR: '/env/x' } })).toEqual({ dir: '/env/x', source: 'environment' });
    expect(chooseDataDir({ ...base, argv: ['xunjian', '--data-dir='], env: { XUNJIAN_DATA_DIR: '  ' } }).source).toBe('default');
  });
});

describe('settings.json', () => {
  it('takes defaults for missing keys and ignores a broken file with a log line', async () => {
    expect(parseSettings('{}')).toEqual({ settings: { hardwareAcceleration: true } });
    expect(parseSettings('{"hardwareAcceleration":false}')).toEqual({ settings: { hardwareAcceleration: false } });
    expect(parseSettings('{"hardwareAcceleration":"no"}').problem).toContain('hardwareAcceleration');
    const file = path.join(temp, 'broken', 'settings.json');
    const log = vi.fn();
    expect(readSettingsSync(file, log)).toEqual({ hardwareAcceleration: true });
    expect(log).not.toHaveBeenCalled(); // missing = first start
    await writeSettings(file, { hardwareAcceleration: false });
    expect(readSettingsSync(file, log)).toEqual({ hardwareAcceleration: false });
    await writeFile(file, '{"hardwareAcceleration": fal');
    expect(readSettingsSync(file, log)).toEqual({ hardwareAcceleration: true });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('not JSON'));
  });
  it('writes atomically: no temporary file is left', async () => {
    const file = path.join(temp, 'atomic', 'settings.json');
    await writeSettings(file, { hardwareAcceleration: false });
    await writeSettings(file, { hardwareAcceleration: true });
    expect(await readdir(path.dirname(file))).toEqual(['settings.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ hardwareAcceleration: true });
  });
});

describe('the log file', () => {
  it('rotates main.log into at most five numbered archives', async () => {
    const dir = path.join(temp, 'rotate');
    const file = path.join(dir, 'main.log');
    const sink = configureFileLog(nodeLog.create({ logId: `rotate-test:${file}` }), { file, console: false, maxBytes: 2000 });
    for (let i = 0; i < 200; i += 1) sink.write('info', 'main', `line ${i} ${'x'.repeat(80)}`);
    const files = listLogFiles(dir).map((f) => f.name);
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.4.log', 'main.5.log', 'main.log']);
    for (const f of listLogFiles(dir)) expect(f.bytes).toBeLessThan(2000 + 200);
    // The newest lines are in main.log, the ones before in main.1.log.
    expect(await readFile(file, 'utf8')).toContain('line 199');
    const text = await readFile(path.join(dir, 'main.1.log'), 'utf8');
    expect(text).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d\] \[info\]\s+\(main\)\s+line \d+/);
  });
  it('rotateArchives shifts what exists and drops the oldest', async () => {
    const dir = path.join(temp, 'shift');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir);
    for (const [name, body] of [['main.log', 'now'], ['main.1.log', 'one'], ['main.3.log', 'three']]) await writeFile(path.join(dir, name!), body!);
    rotateArchives(path.join(dir, 'main.log'), 3);
    expect((await readdir(dir)).sort()).toEqual(['main.1.log', 'main.2.log']);
    expect(await readFile(path.join(dir, 'main.1.log'), 'utf8')).toBe('now');
    expect(await readFile(path.join(dir, 'main.2.log'), 'utf8')).toBe('one');
  });
  it('lists nothing for a missing folder', () => {
    expect(listLogFiles(path.join(temp, 'nothing-here'))).toEqual([]);
  });
});

describe('createRateLimiter', () => {
  it('lets max lines through per window, reports the first drop once and the count when the window reopens', () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 2, windowMs: 1000, now: () => now });
    expect([limiter.take(), limiter.take()].map((r) => r.verdict)).toEqual(['write', 'write']);
    expect(limiter.take().verdict).toBe('drop-first');
    expect(limiter.take().verdict).toBe('drop');
    now = 1000;
    expect(limiter.take()).toEqual({ verdict: 'write', dropped: 2 });
    expect(limiter.take()).toEqual({ verdict: 'write', dropped: 0 });
  });
});

describe('truncateText', () => {
  it('keeps short text, cuts long text with an ellipsis and never splits a surrogate pair', () => {
    expect(truncateText('abc', 3)).toBe('abc');
    expect(truncateText('abcdef', 4)).toBe('abc…');
    const cut = truncateText('ab😀cd', 4); // the emoji's high surrogate would be the last unit kept
    expect(cut).toBe('ab…');
    expect(cut.length).toBeLessThanOrEqual(4);
  });
});

describe('menuTemplate', () => {
  const actions = { openAbout: vi.fn(), openLogs: vi.fn() };
  it('has no reload or DevTools when packaged, keeps edit roles and zoom, and labels in Chinese', () => {
    const t = mainTranslator('zh-CN');
    const packaged = menuTemplate({ packaged: true, platform: 'win32', t, actions });
    const roles = menuRoles(packaged);
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'quit']));
    expect(packaged.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(menuRoles(menuTemplate({ packaged: false, platform: 'win32', t, actions }))).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });
  it('speaks English on a non-Chinese system and starts with the app menu on macOS', () => {
    expect(mainLocale('zh-TW')).toBe('zh-CN');
    expect(mainLocale('en-US')).toBe('en');
    const template = menuTemplate({ packaged: true, platform: 'darwin', t: mainTranslator('en-US'), actions });
    expect(template[0]!.role).toBe('appMenu');
    expect(template.at(-1)!.label).toBe('Help');
  });
});

describe('permissionAllowed', () => {
  it('grants persistent storage to the app origin only', () => {
    expect(permissionAllowed('persistent-storage', 'app://xunjian/index.html')).toBe(true);
    expect(permissionAllowed('persistent-storage', 'app://xunjian')).toBe(true);
    expect(permissionAllowed('persistent-storage', 'app://evil/')).toBe(false);
    expect(permissionAllowed('persistent-storage', '')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'storage-access']) expect(permissionAllowed(p, 'app://xunjian/'), p).toBe(false);
  });
});

describe('claimSingleInstance', () => {
  function fakeApp(lock: boolean) {
    const listeners = new Map<string, () => void>();
    return { listeners, app: { requestSingleInstanceLock: vi.fn(() => lock), quit: vi.fn(), on: vi.fn((name: string, l: () => void) => listeners.set(name, l)) } };
  }
  it('quits at once without listening when another instance holds the lock', () => {
    const { app } = fakeApp(false);
    expect(claimSingleInstance(app as never, () => null, vi.fn())).toBe(false);
    expect(app.quit).toHaveBeenCalled();
    expect(app.on).not.toHaveBeenCalled();
  });
  it('restores a minimized window, shows and focuses it on a second launch', () => {
    const { app, listeners } = fakeApp(true);
    const calls: string[] = [];
    const win = { isMinimized: () => true, restore: () => calls.push('restore'), show: () => calls.push('show'), focus: () => calls.push('focus') };
    let current: typeof win | null = null;
    expect(claimSingleInstance(app as never, () => current as never, vi.fn())).toBe(true);
    listeners.get('second-instance')!(); // before the window exists: nothing to do, no throw
    current = win;
    listeners.get('second-instance')!();
    expect(calls).toEqual(['restore', 'show', 'focus']);
  });
});

describe('crash recovery', () => {
  it('counts crashes within a minute: reload three times, then ask', () => {
    let now = 0;
    const counter = createCrashCounter({ now: () => now });
    expect([1, 2, 3].map(() => counter.record().action)).toEqual(['reload', 'reload', 'reload']);
    expect(counter.record()).toEqual({ action: 'ask', count: 4 });
    now = 61_000;
    expect(counter.record().action).toBe('reload');
  });

  function watched(response: number) {
    const listeners = new Map<string, (...a: unknown[]) => void>();
    const win = { isDestroyed: () => false, webContents: { on: (n: string, l: (...a: unknown[]) => void) => listeners.set(n, l), reload: vi.fn() } };
    const deps = { log: vi.fn(), t: mainTranslator('zh-CN'), showMessageBox: vi.fn(() => Promise.resolve({ response, checkboxChecked: false })), quit: vi.fn(), logFile: '/data/logs/main.log', now: () => 0 };
    watchRenderer(win as never, deps);
    return { listeners, win, deps };
  }

  it('reloads after a crash, not after a clean exit, and asks instead of looping', async () => {
    const { listeners, win, deps } = watched(1);
    const gone = listeners.get('render-process-gone')!;
    gone({}, { reason: 'clean-exit', exitCode: 0 });
    expect(win.webContents.reload).not.toHaveBeenCalled();
    for (let i = 0; i < 3; i += 1) gone({}, { reason: 'crashed', exitCode: 11 });
    expect(win.webContents.reload).toHaveBeenCalledTimes(3);
    gone({}, { reason: 'oom', exitCode: 1 });
    await Promise.resolve();
    await Promise.resolve();
    expect(win.webContents.reload).toHaveBeenCalledTimes(3);
    expect(deps.showMessageBox).toHaveBeenCalledWith(win, expect.objectContaining({ title: '页面反复崩溃', buttons: ['重新载入', '退出'] }));
    expect(deps.quit).toHaveBeenCalled(); // the user chose 退出
    expect(deps.log).toHaveBeenCalledWith('error', 'renderer gone: crashed (exit code 11)');
  });

  it('offers wait or reload when the page hangs', async () => {
    const { listeners, win, deps } = watched(1);
    listeners.get('unresponsive')!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(deps.showMessageBox).toHaveBeenCalledWith(win, expect.objectContaining({ buttons: ['继续等待', '重新载入'] }));
    expect(win.webContents.reload).toHaveBeenCalledTimes(1);
  });
});

describe('start-up failures', () => {
  it('logs, shows a dialog naming the log file and exits 1; after start only logs', () => {
    const deps = { log: vi.fn(), showErrorBox: vi.fn(), exit: vi.fn(), t: () => mainTranslator('en'), logFile: '/data/logs/main.log' };
    const failure = createFailureHandling(deps);
    failure.onUncaught('unhandledRejection')(new Error('profile locked'));
    expect(deps.showErrorBox).toHaveBeenCalledWith('Xunjian cannot start', expect.stringContaining('profile locked'));
    expect(deps.showErrorBox.mock.calls[0]![1]).toContain('/data/logs/main.log');
    expect(deps.exit).toHaveBeenCalledWith(1);
    const later = { ...deps, showErrorBox: vi.fn(), exit: vi.fn(), log: vi.fn() };
    const running = createFailureHandling(later);
    running.markStarted();
    running.onUncaught('uncaughtException')(new Error('late'));
    expect(later.log).toHaveBeenCalledWith(expect.stringContaining('late'));
    expect(later.showErrorBox).not.toHaveBeenCalled();
    expect(later.exit).not.toHaveBeenCalled();
  });
});
