/**
 * The Electron shell: lifecycle, the hardened window and the bindings. Each concern lives in its
 * own module beside this one (data folder, log file, single instance, menu, crash recovery,
 * permissions); this file only puts them in order. Before `ready`: the data folder, the log, the
 * single-instance lock, settings.json (hardware acceleration), crash dumps, the app scheme.
 */
import { app, BrowserWindow, crashReporter, dialog, ipcMain, Menu, protocol, safeStorage, session, shell } from 'electron';
import log from 'electron-log/main';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_ORIGIN } from '../../src-shared/rpc/constants';
import { createHandlers } from '../handlers';
import type { DesktopPorts } from '../handlers/desktop-ports';
import { configureFileLog } from '../logging/log-file';
import { createRouter } from '../rpc/router';
import { readSettingsSync } from '../settings/app-settings';
import { watchRenderer } from './crash-recovery';
import { chooseDataDir, shellFolders } from './data-dir';
import { applyPermissions, hardenContents } from './guards';
import { bindRouter } from './ipc';
import { mainTranslator } from './main-locale';
import { menuTemplate } from './menu';
import { electronOfficeTransport } from './net-transport';
import { APP_SCHEME, createAppProtocolHandler } from './protocol';
import { electronPdfViewer } from './pdf-window';
import { electronSaveDialog } from './save-dialog';
import { safeStorageSecretStore } from './secret-store';
import { claimSingleInstance } from './single-instance';
import { createFailureHandling } from './startup-failure';
import { electronDeviceUpdater } from './updater';
import { windowOptions } from './window';

// ---- before ready: the data folder first, because the lock, the profile and the log live in it.
const dataChoice = chooseDataDir({ platform: process.platform, argv: process.argv, env: process.env, appData: app.getPath('appData') });
const dataDir = dataChoice.dir;
const folders = shellFolders(dataDir);
const logFile = path.join(folders.logs, 'main.log');
const sink = configureFileLog(log, { file: logFile, console: !app.isPackaged });
// electron-log/main registers its own IPC channel for renderer logging at import; the renderer
// logs through `app.log` instead, so the router's channel stays the only IPC a page can reach.
ipcMain.removeHandler('__ELECTRON_LOG__');
ipcMain.removeAllListeners('__ELECTRON_LOG__');
const logLine = (line: string): void => sink.write('warn', 'main', line);
// Before ready Chromium's locale is unknown; Node's ICU tells the system's.
const t = () => mainTranslator(app.isReady() ? app.getLocale() : Intl.DateTimeFormat().resolvedOptions().locale);
const failure = createFailureHandling({ log: logLine, showErrorBox: (title, content) => dialog.showErrorBox(title, content), exit: (code) => app.exit(code), t, logFile });
process.on('uncaughtException', failure.onUncaught('uncaughtException'));
process.on('unhandledRejection', failure.onUncaught('unhandledRejection'));

let mainWindow: BrowserWindow | null = null;
/** The settings this run started with (settings.json may change; they apply at the next start). */
let running = { hardwareAcceleration: true };

function prepare(): boolean {
  mkdirSync(folders.logs, { recursive: true });
  app.setPath('userData', dataDir);
  app.setPath('sessionData', dataDir);
  app.setPath('crashDumps', folders.crashDumps);
  app.setAppLogsPath(folders.logs);
  if (!claimSingleInstance(app, () => mainWindow, (line) => sink.write('info', 'main', line))) return false;
  sink.write('info', 'main', `starting ${app.getVersion()} (electron ${process.versions.electron ?? '?'}), data folder ${dataDir} (${dataChoice.source})`);
  if (process.platform === 'win32') app.setAppUserModelId('cn.xunjian.app');
  const settings = readSettingsSync(folders.settings, logLine);
  if (!settings.hardwareAcceleration || process.argv.includes('--disable-hardware-acceleration')) {
    app.disableHardwareAcceleration();
    settings.hardwareAcceleration = false;
    sink.write('info', 'main', 'hardware acceleration off');
  }
  running = settings;
  // Dumps stay in <dataDir>/crashes for the office to collect; nothing is uploaded.
  crashReporter.start({ uploadToServer: false });
  // The app scheme is a secure, standard origin with fetch support: registered before ready.
  protocol.registerSchemesAsPrivileged([APP_SCHEME]);
  app.enableSandbox();
  return true;
}

/** dist-main/ sits beside dist-renderer/ and assets/ in development; packaged, assets are resources. */
const appRoot = path.resolve(__dirname, '..');
const assetsDir = app.isPackaged ? path.join(process.resourcesPath, 'assets') : path.join(appRoot, 'assets');
const rendererDir = path.join(appRoot, 'dist-renderer');
const aboutUrl = `${APP_ORIGIN}/index.html#/about`;

function openWindow(): void {
  const win = new BrowserWindow(windowOptions(path.join(__dirname, 'preload.cjs'), 'Xunjian 巡检', { devTools: !app.isPackaged }));
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  watchRenderer(win, {
    log: (level, message) => sink.write(level, 'window', message),
    t: t(),
    showMessageBox: (parent, options) => dialog.showMessageBox(parent, options),
    quit: () => app.quit(),
    logFile,
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

function onReady(): void {
  applyPermissions(session.defaultSession, (line) => sink.write('info', 'permissions', line));
  protocol.handle(APP_SCHEME.scheme, createAppProtocolHandler(rendererDir, (file) => readFile(file)));
  const openLogs = () => void shell.openPath(folders.logs);
  const openAbout = () => void mainWindow?.loadURL(aboutUrl);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ packaged: app.isPackaged, platform: process.platform, t: t(), actions: { openAbout, openLogs } })));
  const secrets = safeStorageSecretStore(safeStorage, path.join(dataDir, 'keys'), logLine);
  const saveDialog = electronSaveDialog(dialog, () => BrowserWindow.getFocusedWindow());
  // scripts/main-bundles.ts bundles the report thread beside main.cjs; Electron reads it from the asar too.
  const renderWorker = { bundled: path.join(__dirname, 'render-worker.cjs') };
  // What only this shell offers the handlers; other areas add their ports here.
  const desktop: DesktopPorts = {
    logSink: sink,
    openPath: (folder) => shell.openPath(folder),
    openBackupFolder: async (dir) => {
      mkdirSync(dir, { recursive: true });
      const problem = await shell.openPath(dir);
      if (problem) logLine(`backups: cannot open ${dir}: ${problem}`);
    },
    relaunch: () => {
      app.relaunch();
      app.exit(0);
    },
    crashDumpsDir: folders.crashDumps,
    dataDirSource: dataChoice.source,
    running,
    // Updates from the enrolled office, only when the user asks (updater.ts); electron-updater loads on the first check.
    // The PDF window and the system viewer: Electron's pieces are asked for only when a PDF is opened.
    pdfViewer: electronPdfViewer(() => ({ BrowserWindow, session, shell }), logLine),
    updater: electronDeviceUpdater({ dataDir, secrets, currentVersion: app.getVersion(), isPackaged: app.isPackaged, log: logLine }),
  };
  const handlers = createHandlers({ shell: 'electron', version: app.getVersion(), assetsDir, dataDir, log: logLine, secrets, saveDialog, renderWorker, desktop, officeTransport: electronOfficeTransport({ session, log: logLine }) });
  bindRouter(ipcMain, createRouter(handlers, logLine));
  openWindow();
  failure.markStarted();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

function listen(): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('child-process-gone', (_event, details) =>
    sink.write(details.reason === 'clean-exit' ? 'info' : 'error', 'main', `child process gone: ${details.type} ${details.reason} (exit code ${details.exitCode})`),
  );
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(onReady).catch((error: unknown) => failure.failStart(error, 'ready'));
}

try {
  // The second instance stops here: no window, no handlers (the first one shows its window).
  if (prepare()) listen();
} catch (error) {
  failure.failStart(error, 'before ready');
}
