/**
 * The production bundles as Electron would load them: scripts/main-bundles.ts builds main.cjs,
 * preload.cjs and render-worker.cjs, and main.cjs runs under Node with a stub `electron` module
 * (tests/unit/electron-stub.ts) that records every call. Two layouts: development (dist-main/
 * beside assets/ and dist-renderer/) and packaged (app.isPackaged, resources/assets, main.cjs
 * under resources/app.asar/dist-main/ — a plain folder named app.asar, as Electron presents it),
 * plus a second launch that finds the single-instance lock taken.
 */
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMainBundle } from '../../scripts/main-bundles';
import { menuRoles } from '../../src-main/electron/menu';
import { IPC_CHANNEL } from '../../src-shared/rpc/constants';
import type { MenuItemConstructorOptions } from 'electron';
import { createElectronStub, type ElectronStub, type StubWindow } from './electron-stub';
import { sixtyItemReport } from './report/fixture';
import { pdfSig } from './report/poppler';

const ROOT = path.resolve('.');
const nodeRequire = createRequire(import.meta.url);
const Module = nodeRequire('node:module') as { _load: (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown };

/** Which stub a bundle gets: the one registered for the folder its file lives in. */
const stubsByFolder = new Map<string, ElectronStub>();
const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'electron' && parent?.filename) {
    for (const [folder, stub] of stubsByFolder) if (parent.filename.startsWith(folder + path.sep)) return stub.electron;
  }
  return originalLoad.call(this, request, parent, isMain);
};

let temp: string;
let built: string;

interface Layout {
  stub: ElectronStub;
  dataDir: string;
  mainDir: string;
  appRoot: string;
}

/** Copies the built bundles into `mainDir` and loads main.cjs there with its own stub and data folder. */
async function launch(name: string, { packaged, lock, settings }: { packaged: boolean; lock: boolean; settings?: object }): Promise<Layout> {
  const base = path.join(temp, name);
  const appRoot = packaged ? path.join(base, 'resources', 'app.asar') : base;
  const mainDir = path.join(appRoot, 'dist-main');
  await mkdir(mainDir, { recursive: true });
  await cp(built, mainDir, { recursive: true });
  await mkdir(path.join(appRoot, 'dist-renderer'), { recursive: true });
  await writeFile(path.join(appRoot, 'dist-renderer', 'index.html'), `<html>${name}</html>`);
  // Development reads assets/ beside dist-main/; packaged, from resources/assets (outside the asar).
  await symlink(path.join(ROOT, 'assets'), packaged ? path.join(base, 'resources', 'assets') : path.join(base, 'assets'), 'dir');
  const dataDir = path.join(base, 'data');
  if (settings) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify(settings));
  }
  const stub = createElectronStub({ packaged, lock, appData: path.join(base, 'appData') });
  stubsByFolder.set(mainDir, stub);
  const before = { exception: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
  process.env.XUNJIAN_DATA_DIR = dataDir;
  (process as { resourcesPath?: string }).resourcesPath = packaged ? path.join(base, 'resources') : undefined;
  try {
    nodeRequire(path.join(mainDir, 'main.cjs'));
  } finally {
    delete process.env.XUNJIAN_DATA_DIR;
    // main.cjs installs process-wide handlers; the test worker must keep its own.
    for (const l of process.listeners('uncaughtException')) if (!before.exception.includes(l)) process.off('uncaughtException', l);
    for (const l of process.listeners('unhandledRejection')) if (!before.rejection.includes(l)) process.off('unhandledRejection', l);
  }
  return { stub, dataDir, mainDir, appRoot };
}

function invoke(stub: ElectronStub, senderUrl: string, channel: string, input: unknown = {}): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const handler = stub.ipcHandlers.get(IPC_CHANNEL);
  if (!handler) throw new Error('no IPC handler');
  return handler({ senderFrame: { url: senderUrl } }, channel, input) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
}

const layouts: Record<'development' | 'packaged', Layout> = {} as Record<'development' | 'packaged', Layout>;
let second: Layout;

beforeAll(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), 'xunjian-bundle-'));
  built = path.join(temp, 'built');
  await Promise.all((['main', 'preload', 'renderWorker'] as const).map((name) => buildMainBundle(name, built, ROOT)));
  layouts.development = await launch('development', { packaged: false, lock: true, settings: { hardwareAcceleration: false } });
  layouts.packaged = await launch('packaged', { packaged: true, lock: true });
  second = await launch('second', { packaged: true, lock: false });
  for (const layout of Object.values(layouts)) layout.stub.makeReady();
  second.stub.makeReady();
  await new Promise((resolve) => setTimeout(resolve, 50));
}, 120_000);

afterAll(async () => {
  Module._load = originalLoad;
  await rm(temp, { recursive: true, force: true });
});

describe('a second launch that finds the lock taken', () => {
  it('sets its data folder, asks for the lock, quits at once and opens nothing', () => {
    const { events } = second.stub;
    expect(events.indexOf('setPath userData')).toBeLessThan(events.indexOf('requestSingleInstanceLock'));
    expect(events).toContain('quit');
    expect(events).not.toContain('whenReady');
    expect(second.stub.windows).toHaveLength(0);
    expect([...second.stub.ipcHandlers.keys()]).toEqual([]);
    expect(second.stub.protocolHandlers.size).toBe(0);
    expect(second.stub.menus).toHaveLength(0);
  });
});

describe.each(['development', 'packaged'] as const)('main.cjs, %s layout', (kind) => {
  const packaged = kind === 'packaged';
  const layout = () => layouts[kind];
  const win = (): StubWindow => layout().stub.windows[0]!;

  it('puts the data folder, session data and crash dumps in place before taking the lock', () => {
    const { stub, dataDir } = layout();
    expect(stub.paths.get('userData')).toBe(dataDir);
    expect(stub.paths.get('sessionData')).toBe(dataDir);
    expect(stub.paths.get('crashDumps')).toBe(path.join(dataDir, 'crashes'));
    expect(stub.events.indexOf('setPath userData')).toBeLessThan(stub.events.indexOf('requestSingleInstanceLock'));
    expect(stub.events).toContain('crashReporter.start {"uploadToServer":false}');
    expect(stub.events.indexOf('crashReporter.start {"uploadToServer":false}')).toBeLessThan(stub.events.indexOf('whenReady'));
  });

  it('turns hardware acceleration off only when settings.json says so', () => {
    expect(layout().stub.events.includes('disableHardwareAcceleration')).toBe(!packaged);
  });

  it('registers the app scheme as privileged before ready and serves dist-renderer beside the bundle', async () => {
    const { stub } = layout();
    const registered = stub.events.find((e) => e.startsWith('registerSchemesAsPrivileged'))!;
    expect(JSON.parse(registered.slice('registerSchemesAsPrivileged '.length))).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
    ]);
    expect(stub.events.indexOf(registered)).toBeLessThan(stub.events.indexOf('whenReady'));
    const handler = stub.protocolHandlers.get('app')!;
    const page = await handler(new Request('app://xunjian/index.html'));
    expect(await page.text()).toBe(`<html>${kind}</html>`);
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('opens one hardened window at the app origin, DevTools only in development', () => {
    const { stub, mainDir } = layout();
    expect(stub.windows).toHaveLength(1);
    expect(win().options.webPreferences).toMatchObject({
      preload: path.join(mainDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
      devTools: !packaged,
    });
    expect(win().loaded).toEqual(['app://xunjian/index.html']);
    expect(win().contentsListeners.has('render-process-gone')).toBe(true);
    expect(win().contentsListeners.has('unresponsive')).toBe(true);
  });

  it('keeps the router the only IPC channel, for the app origin only', async () => {
    const { stub } = layout();
    expect([...stub.ipcHandlers.keys()]).toEqual([IPC_CHANNEL]);
    expect([...stub.ipcListeners.keys()]).toEqual([]);
    expect(await invoke(stub, 'app://xunjian/index.html', 'app.info')).toMatchObject({ ok: true, value: { version: '9.8.7', shell: 'electron', dataDir: layout().dataDir } });
    expect(await invoke(stub, 'https://evil.example/', 'app.info')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('has no Reload, Force Reload or DevTools in the packaged menu; development keeps them', () => {
    const { stub } = layout();
    expect(stub.menus).toHaveLength(1);
    const template = stub.menus[0] as MenuItemConstructorOptions[];
    const roles = menuRoles(template);
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(roles.includes(role), role).toBe(!packaged);
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom']));
    const help = template.find((item) => item.label === '帮助')!;
    const [about, logs] = help.submenu as MenuItemConstructorOptions[];
    expect(about!.label).toBe('关于与诊断');
    (about!.click as () => void)();
    expect(win().loaded.at(-1)).toBe('app://xunjian/index.html#/about');
    (logs!.click as () => void)();
    expect(stub.opened.at(-1)).toBe(path.join(layout().dataDir, 'logs'));
  });

  it('grants persistent storage to the app origin and nothing else', () => {
    const { stub } = layout();
    const answer = (permission: string, url: string): boolean => {
      let granted: boolean | undefined;
      stub.permission.request!({ getURL: () => url }, permission, (g: boolean) => (granted = g), { requestingUrl: url });
      return granted!;
    };
    expect(answer('persistent-storage', 'app://xunjian/index.html')).toBe(true);
    expect(stub.permission.check!(null, 'persistent-storage', 'app://xunjian', {})).toBe(true);
    expect(answer('persistent-storage', 'https://evil.example/')).toBe(false);
    expect(stub.permission.check!(null, 'persistent-storage', 'https://evil.example', {})).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(answer(permission, 'app://xunjian/index.html'), permission).toBe(false);
      expect(stub.permission.check!(null, permission, 'app://xunjian', {}), permission).toBe(false);
    }
  });

  it('restores, shows and focuses its window when a second launch is refused', () => {
    const w = win();
    w.calls.length = 0;
    w.minimized = true;
    layout().stub.emitApp('second-instance', {}, ['xunjian.exe'], ROOT, {});
    expect(w.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('writes main.log in <data>/logs, renderer lines included', async () => {
    const { stub, dataDir } = layout();
    expect(await invoke(stub, 'app://xunjian/index.html', 'app.log', { level: 'error', message: `boom in ${kind}`, source: 'window.error app.js:1:2' })).toMatchObject({
      ok: true,
      value: { written: true },
    });
    const text = await readFile(path.join(dataDir, 'logs', 'main.log'), 'utf8');
    expect(text).toMatch(/\[info\]\s+\(main\)\s+starting 9\.8\.7/);
    expect(text).toMatch(new RegExp(`\\[error\\]\\s+\\(renderer\\)\\s+window\\.error app\\.js:1:2: boom in ${kind}`));
  });

  it('signs a report through IPC that pdfsig finds valid', async () => {
    const { stub } = layout();
    const result = await invoke(stub, 'app://xunjian/index.html', 'report.create', sixtyItemReport({ reportNumber: `XJ-BUNDLE-${kind.toUpperCase()}` }));
    expect(result).toMatchObject({ ok: true });
    const created = result.value as { path: string; signedBy: string };
    expect(created.path.startsWith(layout().dataDir)).toBe(true);
    const report = await pdfSig(await readFile(created.path));
    expect(report).toContain('Signature is Valid');
    expect(report).toContain('Total document signed');
  }, 90_000);
});
