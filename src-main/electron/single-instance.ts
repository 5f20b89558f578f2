/**
 * One instance per data folder: a second launch (a double-click on a slow PC) must not open the
 * same IndexedDB and key files from another process. Electron scopes the lock to the userData
 * folder, so it is taken after that folder is set. Two Windows users on one PC each have their own
 * %LOCALAPPDATA%\Xunjian and therefore their own instance; the same user with `--data-dir=` on
 * another folder gets a separate instance too (a separate data set, nothing shared).
 */
import type { App, BrowserWindow } from 'electron';

type LockApp = Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>;
type FocusableWindow = Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>;

/** True when this process holds the lock; false means it has asked app.quit() and must do nothing else. */
export function claimSingleInstance(app: LockApp, currentWindow: () => FocusableWindow | null, log: (line: string) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    log('a second launch was refused; showing this window instead');
    const win = currentWindow();
    if (!win) return; // still starting: the window will show itself when ready
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}
