/**
 * A stand-in for the `electron` module that records what the shell asks of it, for loading the
 * built main.cjs under Node (tests/unit/electron-bundle.test.ts). Only what main.cjs and the
 * libraries it bundles (electron-log) call is here; an unknown call fails the test loudly.
 */
type Listener = (...args: unknown[]) => unknown;

export interface StubOptions {
  packaged: boolean;
  /** What requestSingleInstanceLock answers: false = another instance holds it. */
  lock: boolean;
  appData: string;
  locale?: string;
}

export class StubWindow {
  readonly listeners = new Map<string, Listener[]>();
  readonly contentsListeners = new Map<string, Listener[]>();
  readonly loaded: string[] = [];
  readonly calls: string[] = [];
  minimized = true;
  destroyed = false;
  readonly webContents = {
    on: (name: string, listener: Listener) => {
      this.contentsListeners.set(name, [...(this.contentsListeners.get(name) ?? []), listener]);
      return this.webContents;
    },
    reload: () => this.calls.push('reload'),
  };
  constructor(readonly options: Record<string, unknown>) {}
  on(name: string, listener: Listener) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  once(name: string, listener: Listener) {
    return this.on(name, listener);
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  isMinimized() {
    return this.minimized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  restore() {
    this.calls.push('restore');
    this.minimized = false;
  }
  show() {
    this.calls.push('show');
  }
  focus() {
    this.calls.push('focus');
  }
}

export function createElectronStub(options: StubOptions) {
  const events: string[] = [];
  const paths = new Map<string, string>([['appData', options.appData]]);
  const appListeners = new Map<string, Listener[]>();
  const ipcHandlers = new Map<string, Listener>();
  const ipcListeners = new Map<string, Listener>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const permission: { request?: Listener; check?: Listener } = {};
  const windows: StubWindow[] = [];
  const menus: unknown[] = [];
  const opened: string[] = [];
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  let isReady = false;
  const record = (name: string) => events.push(name);

  const app = {
    isPackaged: options.packaged,
    name: 'xunjian',
    getName: () => 'xunjian',
    getPath: (name: string) => paths.get(name) ?? `/nowhere/${name}`,
    setPath: (name: string, value: string) => {
      record(`setPath ${name}`);
      paths.set(name, value);
    },
    setAppLogsPath: (value: string) => paths.set('logs', value),
    getVersion: () => '9.8.7',
    getLocale: () => options.locale ?? 'zh-CN',
    isReady: () => isReady,
    requestSingleInstanceLock: () => (record('requestSingleInstanceLock'), options.lock),
    setAppUserModelId: (id: string) => record(`setAppUserModelId ${id}`),
    disableHardwareAcceleration: () => record('disableHardwareAcceleration'),
    enableSandbox: () => record('enableSandbox'),
    whenReady: () => (record('whenReady'), whenReady),
    on: (name: string, listener: Listener) => {
      appListeners.set(name, [...(appListeners.get(name) ?? []), listener]);
      return app;
    },
    once: (name: string, listener: Listener) => app.on(name, listener),
    off: () => app,
    quit: () => record('quit'),
    exit: (code: number) => record(`exit ${code}`),
    relaunch: () => record('relaunch'),
  };
  const electron = {
    app,
    BrowserWindow: class extends StubWindow {
      constructor(windowOptions: Record<string, unknown>) {
        super(windowOptions);
        record('new BrowserWindow');
        windows.push(this);
      }
      static getAllWindows = () => windows.filter((w) => !w.destroyed);
      static getFocusedWindow = () => null;
    },
    crashReporter: { start: (o: unknown) => record(`crashReporter.start ${JSON.stringify(o)}`) },
    dialog: {
      showErrorBox: (title: string, content: string) => record(`showErrorBox ${title}: ${content}`),
      showMessageBox: () => Promise.resolve({ response: 0, checkboxChecked: false }),
      showSaveDialog: () => Promise.resolve({ canceled: true, filePath: '' }),
    },
    ipcMain: {
      handle: (channel: string, handler: Listener) => {
        record(`ipcMain.handle ${channel}`);
        ipcHandlers.set(channel, handler);
      },
      on: (channel: string, listener: Listener) => {
        record(`ipcMain.on ${channel}`);
        ipcListeners.set(channel, listener);
      },
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
      removeAllListeners: (channel: string) => ipcListeners.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: { template: unknown } | null) => {
        record('Menu.setApplicationMenu');
        menus.push(menu?.template ?? null);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => record(`registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        record(`protocol.handle ${scheme}`);
        protocolHandlers.set(scheme, handler);
      },
    },
    // Reversible stand-in for the OS keychain.
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (text: string) => Buffer.from(text, 'utf8').reverse(),
      decryptString: (sealed: Buffer) => Buffer.from(sealed).reverse().toString('utf8'),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => (permission.request = h),
        setPermissionCheckHandler: (h: Listener) => (permission.check = h),
      },
    },
    shell: { openPath: (p: string) => (opened.push(p), Promise.resolve('')) },
    webContents: { getAllWebContents: () => [] },
  };

  return {
    electron,
    events,
    paths,
    appListeners,
    ipcHandlers,
    ipcListeners,
    protocolHandlers,
    permission,
    windows,
    menus,
    opened,
    makeReady() {
      isReady = true;
      ready();
    },
    emitApp(name: string, ...args: unknown[]) {
      for (const listener of appListeners.get(name) ?? []) listener(...args);
    },
  };
}

export type ElectronStub = ReturnType<typeof createElectronStub>;
