/**
 * What happens when the page dies or hangs. A crashed renderer is reloaded (the data is in
 * IndexedDB, only what was being typed is lost); if it crashes again and again, a dialog asks
 * instead of looping forever. A hung page gets a wait-or-reload dialog. Everything is logged.
 */
import type { BrowserWindow, Dialog, MessageBoxOptions, RenderProcessGoneDetails } from 'electron';
import type { Translate } from './main-locale';

export const CRASH_LIMIT = 3;
export const CRASH_WINDOW_MS = 60_000;

/** Remembers recent crashes: `reload` up to `limit` within the window, then `ask`. */
export function createCrashCounter({ limit = CRASH_LIMIT, windowMs = CRASH_WINDOW_MS, now = Date.now } = {}) {
  let times: number[] = [];
  return {
    record(): { action: 'reload' | 'ask'; count: number } {
      const t = now();
      times = [...times.filter((at) => t - at < windowMs), t];
      return { action: times.length > limit ? 'ask' : 'reload', count: times.length };
    },
    reset(): void {
      times = [];
    },
  };
}

export interface RecoveryDeps {
  log: (level: 'error' | 'warn' | 'info', message: string) => void;
  t: Translate;
  showMessageBox: (win: BrowserWindow, options: MessageBoxOptions) => ReturnType<Dialog['showMessageBox']>;
  quit: () => void;
  logFile: string;
  now?: () => number;
}

type WatchedWindow = Pick<BrowserWindow, 'isDestroyed'> & { webContents: Pick<BrowserWindow['webContents'], 'on' | 'reload'> };

export function watchRenderer(win: WatchedWindow, deps: RecoveryDeps): void {
  const crashes = createCrashCounter(deps.now ? { now: deps.now } : {});
  let asking = false;
  const ask = async (options: MessageBoxOptions, onAnswer: (response: number) => void) => {
    if (asking || win.isDestroyed()) return;
    asking = true;
    try {
      const { response } = await deps.showMessageBox(win as BrowserWindow, options);
      if (!win.isDestroyed()) onAnswer(response);
    } finally {
      asking = false;
    }
  };

  win.webContents.on('render-process-gone', (_event, details: RenderProcessGoneDetails) => {
    deps.log(details.reason === 'clean-exit' ? 'info' : 'error', `renderer gone: ${details.reason} (exit code ${details.exitCode})`);
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    const { action, count } = crashes.record();
    if (action === 'reload') {
      win.webContents.reload();
      return;
    }
    void ask(
      {
        type: 'error',
        title: deps.t('shell.crash.title'),
        message: deps.t('shell.crash.message', { count, reason: details.reason }),
        detail: deps.t('shell.crash.detail', { log: deps.logFile }),
        buttons: [deps.t('shell.crash.reload'), deps.t('shell.crash.quit')],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      },
      (response) => {
        if (response === 0) {
          deps.log('info', 'reloading after repeated crashes, as the user chose');
          crashes.reset();
          win.webContents.reload();
        } else {
          deps.log('info', 'quitting after repeated crashes, as the user chose');
          deps.quit();
        }
      },
    );
  });

  win.webContents.on('unresponsive', () => {
    deps.log('warn', 'renderer unresponsive');
    void ask(
      {
        type: 'warning',
        title: deps.t('shell.hang.title'),
        message: deps.t('shell.hang.message'),
        detail: deps.t('shell.hang.detail'),
        buttons: [deps.t('shell.hang.wait'), deps.t('shell.hang.reload')],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      },
      (response) => {
        if (response === 1) {
          deps.log('info', 'reloading the unresponsive page, as the user chose');
          win.webContents.reload();
        }
      },
    );
  });
  win.webContents.on('responsive', () => deps.log('info', 'renderer responsive again'));
}
