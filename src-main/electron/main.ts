/**
 * The Electron shell: lifecycle, the hardened window and the bindings. Everything it exposes
 * lives in plain modules behind the router, so this file stays thin.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_ORIGIN } from '../../src-shared/rpc/contract';
import { createHandlers } from '../handlers';
import { createRouter } from '../rpc/router';
import { denyPermissions, hardenContents } from './guards';
import { bindRouter } from './ipc';
import { APP_SCHEME, createAppProtocolHandler } from './protocol';
import { electronPdfViewer } from './pdf-window';
import { electronSaveDialog } from './save-dialog';
import { safeStorageSecretStore } from './secret-store';
import { windowOptions } from './window';

// Must happen before `ready`: the app scheme is a secure, standard origin with fetch support.
protocol.registerSchemesAsPrivileged([APP_SCHEME]);
app.enableSandbox();

/** dist-main/ sits beside dist-renderer/ and assets/ in development; packaged, assets are resources. */
const appRoot = path.resolve(__dirname, '..');
const assetsDir = app.isPackaged ? path.join(process.resourcesPath, 'assets') : path.join(appRoot, 'assets');
const rendererDir = path.join(appRoot, 'dist-renderer');

app.on('web-contents-created', (_event, contents) => hardenContents(contents));

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

function openWindow(): void {
  const win = new BrowserWindow(windowOptions(path.join(__dirname, 'preload.cjs'), 'Xunjian 巡检'));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

void app.whenReady().then(() => {
  const dataDir = app.getPath('userData');
  mkdirSync(dataDir, { recursive: true });
  const log = (line: string): void => console.error(`[xunjian] ${line}`);
  denyPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME.scheme, createAppProtocolHandler(rendererDir, (file) => readFile(file)));
  const secrets = safeStorageSecretStore(safeStorage, path.join(dataDir, 'keys'), log);
  const saveDialog = electronSaveDialog(dialog, () => BrowserWindow.getFocusedWindow());
  // scripts/main-bundles.ts bundles the report thread beside main.cjs; Electron reads it from the asar too.
  const renderWorker = { bundled: path.join(__dirname, 'render-worker.cjs') };
  // The PDF window and the system viewer (issue 13): Electron's pieces are asked for only when a PDF is opened.
  const desktop = { pdfViewer: electronPdfViewer(() => ({ BrowserWindow, session, shell }), log) };
  bindRouter(ipcMain, createRouter(createHandlers({ shell: 'electron', version: app.getVersion(), assetsDir, dataDir, log, secrets, saveDialog, renderWorker, desktop }), log));
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});
