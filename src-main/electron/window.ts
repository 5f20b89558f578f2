import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The one window's options: the renderer gets no Node, no shared context and a sandbox.
 * `devTools` is off in packaged builds: nobody at a hospital PC should open a console onto the data.
 */
export function windowOptions(preloadPath: string, title: string, { devTools = true }: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools,
      // Chromium's PDF viewer, so a report can be shown and printed from the app itself.
      plugins: true,
    },
  };
}
