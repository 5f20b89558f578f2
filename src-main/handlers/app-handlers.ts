/**
 * The handlers of `appChannels` (issue 13): the renderer's log lines, diagnostics for the About
 * screen, settings.json, opening the data or log folder, a restart. Under the loopback host
 * (no `ctx.desktop`) every channel still answers: renderer lines go to <dataDir>/logs/renderer.log,
 * folders are only named, a restart is refused with `desktop_only`.
 */
import os from 'node:os';
import path from 'node:path';
import nodeLog from 'electron-log/node';
import type { appChannels, Diagnostics } from '../../src-shared/rpc/app-channels';
import { LOG_MESSAGE_MAX } from '../../src-shared/rpc/app-channels';
import { RpcFailure } from '../../src-shared/rpc/result';
import { truncateText } from '../../src-shared/text/truncate';
import { configureFileLog, listLogFiles, type LogSink } from '../logging/log-file';
import { createRateLimiter } from '../logging/rate-limit';
import { readSettingsSync, writeSettings, type AppSettings } from '../settings/app-settings';
import type { Handlers } from '../rpc/router';
import type { MainContext } from './index';

/** What only the desktop shell can do for these channels; absent in the loopback host. */
export interface AppPorts {
  /** main.log (electron-log/main); renderer lines are written with scope "renderer". */
  logSink: LogSink;
  /** Electron's shell.openPath: '' on success, else the OS's message. */
  openPath(folder: string): Promise<string>;
  /** app.relaunch() then app.exit(0), after this call has answered. */
  relaunch(): void;
  crashDumpsDir: string;
  dataDirSource: 'argument' | 'environment' | 'default';
  /** The settings this run started with (hardware acceleration cannot change while running). */
  running: AppSettings;
}

/** A render loop throwing on every frame must not fill the disk: 120 lines a minute is plenty to diagnose. */
export const RENDERER_LINES_PER_MINUTE = 120;

export function logDirOf(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

export function settingsFileOf(dataDir: string): string {
  return path.join(dataDir, 'settings.json');
}

/** process.versions trimmed to what the About screen shows; what is missing is left out. */
export function versionsOf(app: string, versions: Partial<Record<string, string>>): Diagnostics['versions'] {
  const out: Diagnostics['versions'] = { app };
  for (const key of ['electron', 'chrome', 'node', 'v8'] as const) {
    const value = versions[key];
    if (value) out[key] = value;
  }
  return out;
}

/** The loopback host's renderer log: its own file, same rotation as main.log. */
function hostRendererLog(dataDir: string): LogSink {
  const file = path.join(logDirOf(dataDir), 'renderer.log');
  return configureFileLog(nodeLog.create({ logId: `xunjian-renderer:${file}` }), { file, console: false });
}

export function appHandlers(ctx: MainContext): Pick<Handlers, keyof typeof appChannels> {
  const desktop = ctx.desktop;
  const limiter = createRateLimiter({ max: RENDERER_LINES_PER_MINUTE, windowMs: 60_000 });
  let fallbackSink: LogSink | undefined;
  const rendererSink = (): LogSink => desktop?.logSink ?? (fallbackSink ??= hostRendererLog(ctx.dataDir));
  const folderOf = (which: 'logs' | 'data') => (which === 'logs' ? logDirOf(ctx.dataDir) : ctx.dataDir);

  return {
    'app.log': ({ level, message, source }) => {
      const { verdict, dropped } = limiter.take();
      const sink = rendererSink();
      if (dropped > 0) sink.write('warn', 'renderer', `${dropped} renderer log lines were dropped (more than ${RENDERER_LINES_PER_MINUTE} a minute)`);
      if (verdict === 'drop-first') sink.write('warn', 'renderer', `more than ${RENDERER_LINES_PER_MINUTE} renderer log lines a minute: dropping the rest of this minute`);
      if (verdict !== 'write') return { written: false };
      const text = truncateText(message, LOG_MESSAGE_MAX);
      // The source first: a stack runs over several lines, and the first line should say where it came from.
      sink.write(level, 'renderer', source ? `${truncateText(source, 500)}: ${text}` : text);
      return { written: true };
    },

    'app.diagnostics': () => {
      const logDir = logDirOf(ctx.dataDir);
      const diagnostics: Diagnostics = {
        shell: ctx.shell,
        versions: versionsOf(ctx.version, process.versions),
        os: { platform: process.platform, release: os.release(), arch: process.arch },
        dataDir: ctx.dataDir,
        logDir,
        logFiles: listLogFiles(logDir),
        settings: readSettingsSync(settingsFileOf(ctx.dataDir), ctx.log),
      };
      if (desktop?.dataDirSource) diagnostics.dataDirSource = desktop.dataDirSource;
      if (desktop?.crashDumpsDir) diagnostics.crashDumpsDir = desktop.crashDumpsDir;
      if (desktop?.running) diagnostics.running = desktop.running;
      return diagnostics;
    },

    'app.settings.set': async (input) => {
      const file = settingsFileOf(ctx.dataDir);
      const settings = { ...readSettingsSync(file, ctx.log), ...input };
      await writeSettings(file, settings);
      ctx.log(`settings: hardware acceleration ${settings.hardwareAcceleration ? 'on' : 'off'} from the next start`);
      const running = desktop?.running;
      return { settings, restartNeeded: running ? running.hardwareAcceleration !== settings.hardwareAcceleration : false };
    },

    'app.openFolder': async ({ which }) => {
      const folder = folderOf(which);
      if (!desktop?.openPath) return { opened: false, path: folder };
      const problem = await desktop.openPath(folder);
      if (problem) ctx.log(`openFolder ${folder}: ${problem}`);
      return { opened: problem === '', path: folder };
    },

    'app.relaunch': () => {
      const relaunch = desktop?.relaunch;
      if (!relaunch) throw new RpcFailure('desktop_only', 'a restart is only possible in the desktop app');
      ctx.log('relaunch requested from the About screen');
      // Let the reply reach the renderer first; the restart closes it.
      setTimeout(relaunch, 50);
      return { relaunching: true };
    },
  };
}
