/** Channels for diagnostics, logs, settings (the About screen) (issue 13). */
import { z } from 'zod';
import { channel, NoInput } from './channel';

/** The longest renderer log message kept; longer ones are cut (src-shared/text/truncate.ts). */
export const LOG_MESSAGE_MAX = 8000;

export const LogInput = z.object({
  level: z.enum(['error', 'warn', 'info']),
  // Accepted longer than kept, so an oversized message is shortened rather than lost.
  message: z.string().max(200_000),
  /** Where it came from: "window.error app.js:12:3", "unhandledrejection", a screen's name. */
  source: z.string().max(500).optional(),
});
export type LogInput = z.infer<typeof LogInput>;

export const SettingsInput = z.object({ hardwareAcceleration: z.boolean() }).strict();
export type SettingsInput = z.infer<typeof SettingsInput>;

export const OpenFolderInput = z.object({ which: z.enum(['logs', 'data']) }).strict();

export interface Diagnostics {
  shell: 'electron' | 'web';
  /** Absent ones are omitted (the loopback host has no Electron or Chrome of its own). */
  versions: { app: string; electron?: string; chrome?: string; node?: string; v8?: string };
  os: { platform: string; release: string; arch: string };
  dataDir: string;
  /** Why the data folder is where it is: the default, `--data-dir=` or XUNJIAN_DATA_DIR. */
  dataDirSource?: 'argument' | 'environment' | 'default';
  logDir: string;
  logFiles: { name: string; bytes: number }[];
  /** Where Chromium's crash dumps land (Electron only; never uploaded). */
  crashDumpsDir?: string;
  /** settings.json as it is now, and what this run started with (a change needs a restart). */
  settings: { hardwareAcceleration: boolean };
  running?: { hardwareAcceleration: boolean };
}

export const appChannels = {
  /** One line from the renderer (an uncaught error, a rejected promise, reportError()) into the log. */
  'app.log': channel<{ written: boolean }>()(LogInput),
  'app.diagnostics': channel<Diagnostics>()(NoInput),
  /** Written atomically to settings.json; read at the next start, before the window exists. */
  'app.settings.set': channel<{ settings: SettingsInput; restartNeeded: boolean }>()(SettingsInput),
  /** Opens the folder in the file manager (Electron); the loopback host only tells the path. */
  'app.openFolder': channel<{ opened: boolean; path: string }>()(OpenFolderInput),
  /** Restarts the app (Electron only: `desktop_only` from the loopback host). */
  'app.relaunch': channel<{ relaunching: true }>()(NoInput),
};
