/**
 * The Electron shell, run against a fake `electron` module: main.ts is imported as it is and
 * everything it registered (scheme, window, IPC, guards, protocol) is called like Electron would.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppProtocolHandler } from '../../src-main/electron/protocol';
import { hardenContents, isAppUrl } from '../../src-main/electron/guards';
import { CONTENT_SECURITY_POLICY } from '../../src-main/static/static-files';
import { APP_ORIGIN, IPC_CHANNEL } from '../../src-shared/rpc/contract';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const events: string[] = [];
  let ready!: () => void;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const appListeners = new Map<string, Listener>();
  const ipcHandlers = new Map<string, Listener>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const sessionHandlers: { request?: Listener; check?: Listener } = {};
  const windows: FakeWindow[] = [];
  const userData = { dir: '' };

  class FakeWindow {
    readonly once = vi.fn();
    readonly on = vi.fn();
    readonly show = vi.fn();
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly webContents = { on: vi.fn(), reload: vi.fn() };
    constructor(readonly options: Record<string, unknown>) {
      events.push('new BrowserWindow');
      windows.push(this);
    }
    static getAllWindows = (): FakeWindow[] => [];
    static getFocusedWindow = (): FakeWindow | null => null;
  }

  const electron = {
    app: {
      whenReady: vi.fn(() => (events.push('whenReady'), readyPromise)),
      on: vi.fn((name: string, listener: Listener) => {
        appListeners.set(name, listener);
      }),
      quit: vi.fn(),
      exit: vi.fn(),
      relaunch: vi.fn(),
      getPath: vi.fn((name: string) => `/nowhere/${name}`),
      setPath: vi.fn((name: string) => events.push(`setPath ${name}`)),
      setAppLogsPath: vi.fn(),
      getVersion: vi.fn(() => '1.2.3'),
      getLocale: vi.fn(() => 'en-US'),
      isReady: vi.fn(() => false),
      isPackaged: false,
      requestSingleInstanceLock: vi.fn(() => (events.push('requestSingleInstanceLock'), true)),
      setAppUserModelId: vi.fn(),
      disableHardwareAcceleration: vi.fn(),
      enableSandbox: vi.fn(() => events.push('enableSandbox')),
    },
    crashReporter: { start: vi.fn(() => events.push('crashReporter.start')) },
    Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
    shell: { openPath: vi.fn(() => Promise.resolve('')) },
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: vi.fn((channel: string, handler: Listener) => {
        events.push('ipcMain.handle');
        ipcHandlers.set(channel, handler);
      }),
      removeHandler: vi.fn(),
      removeAllListeners: vi.fn(),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => events.push('registerSchemesAsPrivileged')),
      handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
        events.push('protocol.handle');
        protocolHandlers.set(scheme, handler);
      }),
    },
    // Reversible stand-in for the OS keychain: enough to show the key never lands in plain text.
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => true),
      encryptString: vi.fn((text: string) => Buffer.from(text, 'utf8').reverse()),
      decryptString: vi.fn((sealed: Buffer) => Buffer.from(sealed).reverse().toString('utf8')),
    },
    dialog: {
      showSaveDialog: vi.fn(() => Promise.resolve({ canceled: true, filePath: '' })),
      showErrorBox: vi.fn(),
      showMessageBox: vi.fn(() => Promise.resolve({ response: 0 })),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn((h: Listener) => (sessionHandlers.request = h)),
        setPermissionCheckHandler: vi.fn((h: Listener) => (sessionHandlers.check = h)),
      },
    },
  };
  return { electron, events, ready, appListeners, ipcHandlers, protocolHandlers, sessionHandlers, windows, userData };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
// electron-log/main requires the real `electron` (a binary path here); its Node build writes the same file.
vi.mock('electron-log/main', async () => {
  const node = await vi.importActual<{ default: unknown }>('electron-log/node');
  return { default: node.default };
});

// main.ts hands the protocol a reader over node:fs/promises; serve its index.html from here.
const served = vi.hoisted(() => ({ files: new Map<string, string>() }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = ((file: unknown, ...rest: unknown[]) =>
    typeof file === 'string' && served.files.has(file)
      ? Promise.resolve(Buffer.from(served.files.get(file)!))
      : (actual.readFile as (...a: unknown[]) => Promise<unknown>)(file, ...rest)) as typeof actual.readFile;
  return { ...actual, readFile, default: { ...actual, readFile } };
});

// ---------- helpers ----------

/** Lets main.ts's `whenReady().then(...)` run. */
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function invokeIpc(senderUrl: string | null, channel: unknown, input: unknown = {}): Promise<unknown> {
  const handler = fake.ipcHandlers.get(IPC_CHANNEL);
  if (!handler) throw new Error('no IPC handler registered');
  const event = { senderFrame: senderUrl === null ? null : { url: senderUrl } };
  return handler(event, channel, input) as Promise<unknown>;
}

/** A fake webContents that records the listeners hardenContents installs. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: Listener | undefined;
  const contents = {
    on: (name: string, listener: Listener) => {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler: (h: Listener) => {
      openHandler = h;
    },
  };
  return {
    contents,
    /** Emits an event with a preventDefault spy; says whether it was prevented. */
    emit(name: string, ...args: unknown[]): boolean {
      const event = { preventDefault: vi.fn() };
      const listener = listeners.get(name);
      if (!listener) throw new Error(`no ${name} listener`);
      listener(event, ...args);
      return event.preventDefault.mock.calls.length > 0;
    },
    openWindow: (url: string) => openHandler?.({ url }),
  };
}

const mainDir = path.resolve('src-main/electron');
let tempRoot: string;

beforeAll(async () => {
  tempRoot = await mkdtemp(path.join(os.tmpdir(), 'xunjian-electron-'));
  fake.userData.dir = path.join(tempRoot, 'userData');
  // The data folder override an IT office would use; main.ts reads it before ready.
  process.env.XUNJIAN_DATA_DIR = fake.userData.dir;
  // Under vitest, main.ts's __dirname is its own folder; built, it is dist-main/. Either way
  // the renderer is read from <that folder>/../dist-renderer.
  served.files.set(path.join(mainDir, '..', 'dist-renderer', 'index.html'), '<html>app</html>');
  const before = process.listeners('uncaughtException');
  await import('../../src-main/electron/main');
  delete process.env.XUNJIAN_DATA_DIR;
  // main.ts handles uncaught errors process-wide; vitest keeps its own.
  for (const l of process.listeners('uncaughtException')) if (!before.includes(l)) process.off('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection')) process.off('unhandledRejection', l);
});

afterAll(async () => {
  await rm(tempRoot, { recursive: true, force: true });
});

// ---------- main.ts ----------

describe('main.ts before ready', () => {
  it('registers the app scheme as privileged (standard, secure) and enables the sandbox before ready', () => {
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    const [schemes] = fake.electron.protocol.registerSchemesAsPrivileged.mock.calls[0] as unknown as [
      { scheme: string; privileges: Record<string, boolean> }[],
    ];
    expect(schemes).toHaveLength(1);
    expect(schemes[0]!.scheme).toBe('app');
    expect(schemes[0]!.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(fake.electron.app.enableSandbox).toHaveBeenCalled();
    expect(fake.events.indexOf('registerSchemesAsPrivileged')).toBeLessThan(fake.events.indexOf('whenReady'));
  });

  it('moves userData to the data folder before asking for the single-instance lock', () => {
    expect(fake.electron.app.setPath).toHaveBeenCalledWith('userData', fake.userData.dir);
    expect(fake.events.indexOf('setPath userData')).toBeLessThan(fake.events.indexOf('requestSingleInstanceLock'));
    expect(fake.events.indexOf('crashReporter.start')).toBeLessThan(fake.events.indexOf('whenReady'));
  });

  it('creates nothing until the app is ready', () => {
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(fake.protocolHandlers.size).toBe(0);
    expect(fake.electron.session.defaultSession.setPermissionRequestHandler).not.toHaveBeenCalled();
  });
});

describe('main.ts after ready', () => {
  beforeAll(async () => {
    fake.ready();
    await flush();
  });

  it('opens one hardened window with a preload script, at the app origin', () => {
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0]!;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(path.isAbsolute(prefs.preload as string)).toBe(true);
    expect(prefs.preload).toBe(path.join(mainDir, 'preload.cjs'));
    expect(win.options.show).toBe(false);
    expect(win.loadURL).toHaveBeenCalledWith(`${APP_ORIGIN}/index.html`);
    expect(win.once).toHaveBeenCalledWith('ready-to-show', expect.any(Function));
    expect(prefs.devTools).toBe(true); // not packaged
    expect(win.webContents.on).toHaveBeenCalledWith('render-process-gone', expect.any(Function));
  });

  it('sets a menu with DevTools in development', () => {
    expect(fake.electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const [template] = fake.electron.Menu.buildFromTemplate.mock.calls[0] as unknown as [unknown[]];
    expect(JSON.stringify(template)).toContain('toggleDevTools');
  });

  it('binds the guards, protocol and IPC before the window opens', () => {
    const at = (name: string) => fake.events.indexOf(name);
    expect(at('protocol.handle')).toBeGreaterThan(at('whenReady'));
    expect(at('protocol.handle')).toBeLessThan(at('new BrowserWindow'));
    expect(at('ipcMain.handle')).toBeLessThan(at('new BrowserWindow'));
  });

  it('denies every permission request and check but persistent storage for the app', () => {
    const app = { getURL: () => 'app://xunjian/index.html' };
    const details = { requestingUrl: 'app://xunjian/index.html' };
    const callback = vi.fn();
    fake.sessionHandlers.request!(app, 'media', callback, details);
    expect(callback).toHaveBeenCalledWith(false);
    fake.sessionHandlers.request!(app, 'geolocation', callback, details);
    expect(callback).toHaveBeenCalledTimes(2);
    expect(callback.mock.calls.every(([allowed]) => allowed === false)).toBe(true);
    expect(fake.sessionHandlers.check!(app, 'notifications', 'app://xunjian', {})).toBe(false);
    const storage = vi.fn();
    fake.sessionHandlers.request!(app, 'persistent-storage', storage, details);
    expect(storage).toHaveBeenCalledWith(true);
    expect(fake.sessionHandlers.check!(app, 'persistent-storage', 'app://xunjian', {})).toBe(true);
    fake.sessionHandlers.request!({ getURL: () => 'https://evil.example/' }, 'persistent-storage', storage, { requestingUrl: 'https://evil.example/' });
    expect(storage).toHaveBeenLastCalledWith(false);
  });

  it('answers app.info over IPC for a frame of the app', async () => {
    const result = await invokeIpc('app://xunjian/index.html', 'app.info', {});
    expect(result).toEqual({ ok: true, value: { version: '1.2.3', shell: 'electron', dataDir: fake.userData.dir } });
  });

  it('validates IPC input and the channel name', async () => {
    expect(await invokeIpc('app://xunjian/index.html', 'app.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await invokeIpc('app://xunjian/index.html', 42)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await invokeIpc('app://xunjian/index.html', 'no.such')).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses IPC from any other origin or an unknown frame', async () => {
    for (const url of ['https://evil.example', 'https://evil.example/app://xunjian', 'app://xunjian.evil/index.html', 'file:///index.html', '']) {
      expect(await invokeIpc(url, 'app.info'), url).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(await invokeIpc(null, 'app.info')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('seals the signing key with safeStorage: the key file holds no PEM', async () => {
    const result = await invokeIpc('app://xunjian/index.html', 'signing.identity', {});
    expect(result).toMatchObject({ ok: true, value: { selfSigned: true } });
    expect(fake.electron.safeStorage.encryptString).toHaveBeenCalled();
    const sealed = await readFile(path.join(fake.userData.dir, 'keys', 'signing-key.safe'));
    expect(sealed.toString('latin1')).not.toContain('PRIVATE KEY');
    const unsealed = Buffer.from(Buffer.from(sealed).reverse().toString('utf8'), 'base64').toString('utf8');
    expect(unsealed).toContain('BEGIN PRIVATE KEY');
  });

  it('hardens every web contents: no navigation away, no new windows, no webviews', () => {
    const created = fake.appListeners.get('web-contents-created');
    expect(created).toBeDefined();
    const wc = fakeContents();
    created!({}, wc.contents);
    expect(wc.emit('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.emit('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.emit('will-navigate', 'app://xunjian/index.html')).toBe(false);
    expect(wc.emit('will-redirect', 'https://evil.example/')).toBe(true);
    expect(wc.emit('will-redirect', 'app://xunjian/inspections')).toBe(false);
    expect(wc.emit('will-attach-webview')).toBe(true);
    expect(wc.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(wc.openWindow('app://xunjian/index.html')).toEqual({ action: 'deny' });
  });

  it('serves the renderer over the app scheme from dist-renderer beside the main bundle', async () => {
    const handler = fake.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    const ok = await handler!(new Request('app://xunjian/index.html'));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('<html>app</html>');
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler!(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('quits when the last window closes (outside macOS) and reopens a window on activate', () => {
    fake.appListeners.get('window-all-closed')!();
    expect(fake.electron.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
    fake.appListeners.get('activate')!();
    expect(fake.windows).toHaveLength(2);
  });
});

// ---------- the pieces on their own ----------

describe('isAppUrl', () => {
  it('accepts only the app origin', () => {
    expect(isAppUrl('app://xunjian/index.html')).toBe(true);
    expect(isAppUrl('app://xunjian/')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('app://xunjian:8080/index.html')).toBe(false);
    expect(isAppUrl('http://xunjian/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('hardenContents', () => {
  it('blocks new windows whatever they ask for', () => {
    const wc = fakeContents();
    hardenContents(wc.contents as unknown as Parameters<typeof hardenContents>[0]);
    expect(wc.openWindow('app://xunjian/popup.html')).toEqual({ action: 'deny' });
  });
});

describe('createAppProtocolHandler', () => {
  let rendererDir: string;
  const reads: string[] = [];
  const handler = () =>
    createAppProtocolHandler(rendererDir, async (file) => {
      reads.push(file);
      const { readFile } = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
      return readFile(file);
    });

  beforeAll(async () => {
    rendererDir = path.join(tempRoot, 'renderer');
    const { mkdir } = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<html>index</html>');
    await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
    await writeFile(path.join(tempRoot, 'secret.json'), '{"secret":true}');
  });

  it('serves a file under the renderer folder with its type and the CSP', async () => {
    const res = await handler()(new Request('app://xunjian/assets/app.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toBe('export {};');
  });

  it('serves index.html for app routes', async () => {
    const res = await handler()(new Request('app://xunjian/inspections/42'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<html>index</html>');
  });

  it('404s for other origins without reading anything', async () => {
    reads.length = 0;
    for (const url of ['app://evil/index.html', 'https://evil.example/index.html', 'file:///index.html']) {
      expect((await handler()(new Request(url))).status, url).toBe(404);
    }
    expect(reads).toEqual([]);
  });

  it('404s for traversal out of the renderer folder and for missing files', async () => {
    for (const p of ['/%2e%2e/secret.json', '/..%2fsecret.json', '/assets/%2e%2e/%2e%2e/secret.json', '/nothing.js']) {
      const res = await handler()(new Request(`app://xunjian${p}`));
      expect(res.status, p).toBe(404);
      expect(await res.text()).not.toContain('secret');
    }
  });
});
