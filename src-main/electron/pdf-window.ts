/**
 * How the Electron shell shows a PDF (issue 13, point 7), chosen with Electron's known PDF bugs
 * in mind:
 * - printing a PDF from an iframe prints blank pages or nothing (electron/electron#12273,
 *   #33907), and a PDF in an iframe or served by a custom protocol may not render at all
 *   (#25350, #24859, #33094): the app window's blob frame is not used under Electron;
 * - `webContents.print()` / `window.print()` of a PDF document printed a blank page until
 *   Electron 30-32 (#30947, fixed by #43309) and still depends on the viewer having loaded:
 *   nothing here calls print() itself;
 * - the print button of Chromium's own PDF viewer works since Electron 9 (#22179, fixed by
 *   #22760), in a top-level window with `plugins: true`.
 * So: a window of its own, top-level on the file itself (file://, which Chromium's viewer reads as
 * any browser does; the grantFileProtocolExtraPrivileges fuse is off, so the page gets no more than
 * a browser would), and the engineer prints with the viewer's button or Ctrl+P. And, always
 * offered, the system's PDF program through `shell.openPath`.
 *
 * The window is narrow: sandboxed, no preload (so no bridge to the app), its own in-memory
 * session whose permissions are all refused, every navigation and new window refused, and on
 * that session no file:// URL is served but the one file main chose for it.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Session, Shell } from 'electron';
import { pathToFileURL } from 'node:url';
import type { PdfViewer } from '../handlers/report-view-handlers';
import { applyPermissions } from './guards';

export const PDF_PARTITION = 'xunjian-pdf-viewer';

export function pdfWindowOptions(title: string): BrowserWindowConstructorOptions {
  return {
    width: 980,
    height: 1000,
    title,
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      // No preload: nothing in this window can reach the app's IPC.
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Chromium's PDF viewer (and its print button).
      plugins: true,
      partition: PDF_PARTITION,
    },
  };
}

type WindowLike = Pick<BrowserWindow, 'once' | 'on' | 'show' | 'focus' | 'loadFile' | 'isDestroyed' | 'destroy'> & {
  webContents: Pick<BrowserWindow['webContents'], 'on' | 'setWindowOpenHandler'>;
};

/** The Electron pieces used, handed in lazily: they exist only after `ready`. */
export interface PdfElectron {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => WindowLike;
  session: { fromPartition(partition: string): Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & { webRequest: Pick<Session['webRequest'], 'onBeforeRequest'> } };
  shell: Pick<Shell, 'openPath'>;
}

export function electronPdfViewer(electron: () => PdfElectron, log: (line: string) => void): PdfViewer {
  // The file:// URLs the open PDF windows may load; everything else on their session is refused.
  const allowed = new Set<string>();
  let sessionReady = false;
  const prepareSession = (e: PdfElectron): void => {
    if (sessionReady) return;
    const pdfSession = e.session.fromPartition(PDF_PARTITION);
    // The app's own rule: only app://xunjian may keep persistent storage, so this session is refused everything.
    applyPermissions(pdfSession, log);
    pdfSession.webRequest.onBeforeRequest({ urls: ['file://*/*'] }, (details, callback) => {
      const ok = allowed.has(details.url);
      if (!ok) log(`pdf window: refused ${details.url}`);
      callback({ cancel: !ok });
    });
    sessionReady = true;
  };

  return {
    async showInWindow(file, title) {
      const e = electron();
      prepareSession(e);
      const url = pathToFileURL(file).href;
      allowed.add(url);
      const win = new e.BrowserWindow(pdfWindowOptions(title));
      // Loaded once by main; the viewer never leaves the file (links in a PDF are not followed).
      win.webContents.on('will-navigate', (event) => event.preventDefault());
      win.webContents.on('will-redirect', (event) => event.preventDefault());
      win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      // The page's <title> would replace ours with the file's name; the report number says more.
      win.on('page-title-updated', (event) => event.preventDefault());
      win.on('closed', () => allowed.delete(url));
      win.once('ready-to-show', () => {
        if (!win.isDestroyed()) {
          win.show();
          win.focus();
        }
      });
      try {
        await win.loadFile(file);
      } catch (error) {
        // Not left as an invisible window: the renderer offers the system viewer instead.
        if (!win.isDestroyed()) win.destroy();
        allowed.delete(url);
        throw error;
      }
    },
    async openWithSystem(file) {
      // openPath answers an error message, or '' when the OS took the file.
      const problem = await electron().shell.openPath(file);
      if (problem) throw new Error(problem);
    },
  };
}
