/**
 * The `app.*` channels through the router, as the loopback host serves them (no desktop ports)
 * and as the Electron shell does (ports that record calls).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../src-main/handlers';
import type { LogSink } from '../../src-main/logging/log-file';
import { createRouter } from '../../src-main/rpc/router';

let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), 'xunjian-app-handlers-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

function routerFor(dataDir: string, desktop?: Parameters<typeof createHandlers>[0]['desktop']) {
  return createRouter(createHandlers({ shell: desktop ? 'electron' : 'web', version: '1.0.0', assetsDir: path.resolve('assets'), dataDir, log: () => {}, ...(desktop ? { desktop } : {}) }));
}

describe('under the loopback host', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = path.join(temp, 'host');
  });

  it('writes renderer lines to <data>/logs/renderer.log, shortened, and rate-limited', async () => {
    const router = routerFor(dataDir);
    const long = `${'错'.repeat(9000)}`;
    expect(await router.dispatch('app.log', { level: 'error', message: long, source: 'window.error' })).toEqual({ ok: true, value: { written: true } });
    const results = [];
    for (let i = 0; i < 130; i += 1) results.push(await router.dispatch('app.log', { level: 'warn', message: `loop ${i}` }));
    expect(results.filter((r) => r.ok && (r.value as { written: boolean }).written)).toHaveLength(119);
    const text = await readFile(path.join(dataDir, 'logs', 'renderer.log'), 'utf8');
    const first = text.split('\n')[0]!;
    expect(first).toMatch(/\[error\]\s+\(renderer\)\s+window\.error: 错+…$/);
    expect(first.match(/错/g)).toHaveLength(7999);
    expect(text).toContain('loop 118');
    expect(text).not.toContain('loop 119');
    expect(text).toContain('dropping the rest of this minute');
  });

  it('answers diagnostics without Electron versions, names folders instead of opening them, refuses a restart', async () => {
    const router = routerFor(dataDir);
    const diag = await router.dispatch('app.diagnostics', {});
    expect(diag).toMatchObject({ ok: true, value: { shell: 'web', dataDir, logDir: path.join(dataDir, 'logs'), settings: { hardwareAcceleration: true } } });
    const value = (diag as { value: { versions: Record<string, string>; logFiles: { name: string; bytes: number }[]; crashDumpsDir?: string } }).value;
    expect(value.versions).toEqual({ app: '1.0.0', node: process.versions.node, v8: process.versions.v8 });
    expect(value.logFiles.map((f) => f.name)).toEqual(['renderer.log']);
    expect(value.crashDumpsDir).toBeUndefined();
    expect(await router.dispatch('app.openFolder', { which: 'logs' })).toEqual({ ok: true, value: { opened: false, path: path.join(dataDir, 'logs') } });
    expect(await router.dispatch('app.relaunch', {})).toMatchObject({ ok: false, error: { code: 'desktop_only' } });
  });

  it('writes settings.json and reads it back', async () => {
    const router = routerFor(dataDir);
    expect(await router.dispatch('app.settings.set', { hardwareAcceleration: false })).toEqual({ ok: true, value: { settings: { hardwareAcceleration: false }, restartNeeded: false } });
    expect(JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'))).toEqual({ hardwareAcceleration: false });
    expect(await router.dispatch('app.diagnostics', {})).toMatchObject({ ok: true, value: { settings: { hardwareAcceleration: false } } });
    expect(await router.dispatch('app.settings.set', { hardwareAcceleration: 'no' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });
});

describe('under the Electron shell', () => {
  it('logs through the shell sink, opens folders, says a restart is needed and relaunches', async () => {
    const dataDir = path.join(temp, 'electron');
    const lines: string[] = [];
    const logSink: LogSink = { file: path.join(dataDir, 'logs', 'main.log'), write: (level, scope, message) => lines.push(`${level} ${scope} ${message}`) };
    const desktop = { logSink, openPath: vi.fn(() => Promise.resolve('')), relaunch: vi.fn(), crashDumpsDir: path.join(dataDir, 'crashes'), dataDirSource: 'default' as const, running: { hardwareAcceleration: true } };
    const router = routerFor(dataDir, desktop);
    await router.dispatch('app.log', { level: 'info', message: 'storage persisted: true', source: 'boot' });
    expect(lines).toEqual(['info renderer boot: storage persisted: true']);
    expect(await router.dispatch('app.openFolder', { which: 'data' })).toEqual({ ok: true, value: { opened: true, path: dataDir } });
    expect(desktop.openPath).toHaveBeenCalledWith(dataDir);
    expect(await router.dispatch('app.settings.set', { hardwareAcceleration: false })).toMatchObject({ ok: true, value: { restartNeeded: true } });
    expect(await router.dispatch('app.diagnostics', {})).toMatchObject({
      ok: true,
      value: { shell: 'electron', crashDumpsDir: desktop.crashDumpsDir, dataDirSource: 'default', running: { hardwareAcceleration: true }, settings: { hardwareAcceleration: false } },
    });
    vi.useFakeTimers();
    try {
      expect(await router.dispatch('app.relaunch', {})).toEqual({ ok: true, value: { relaunching: true } });
      expect(desktop.relaunch).not.toHaveBeenCalled(); // the answer goes out first
      vi.advanceTimersByTime(100);
      expect(desktop.relaunch).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
