/**
 * The rotating log files in `<dataDir>/logs/`: main.log (main process and the renderer's
 * forwarded errors, scope "renderer"). At ~1 MB a file becomes main.1.log, main.1 becomes
 * main.2 … and main.5.log is dropped, so a log never takes more than ~6 MB of the user's disk.
 * electron-log writes; this module only configures it, so the same code serves Electron
 * (electron-log/main) and the loopback host (electron-log/node).
 */
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LogFile, LogLevel, NodeLogger } from 'electron-log';

export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_ARCHIVES = 5;

export type LogSinkLevel = Extract<LogLevel, 'error' | 'warn' | 'info' | 'debug'>;

/** Where handlers and the shell write: one line, a level and a scope (main, renderer, crash…). */
export interface LogSink {
  write(level: LogSinkLevel, scope: string, message: string): void;
  /** The file being written now. */
  readonly file: string;
}

/** main.log → main.1.log → … → main.<keep>.log; the oldest is removed. Synchronous, as electron-log requires. */
export function rotateArchives(file: string, keep: number = LOG_ARCHIVES): void {
  const { dir, name, ext } = path.parse(file);
  const archive = (n: number) => path.join(dir, `${name}.${n}${ext}`);
  rmSync(archive(keep), { force: true });
  for (let n = keep - 1; n >= 1; n -= 1) {
    try {
      renameSync(archive(n), archive(n + 1));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  renameSync(file, archive(1));
}

export interface FileLogOptions {
  file: string;
  /** Packaged builds write no console: nobody reads it and a GUI app on Windows has none. */
  console: boolean;
  maxBytes?: number;
  archives?: number;
}

/** Points an electron-log instance at `file` with rotation, timestamps and scopes. */
export function configureFileLog(logger: NodeLogger, options: FileLogOptions): LogSink {
  const file = logger.transports.file;
  file.resolvePathFn = () => options.file;
  file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  file.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}{z}] [{level}]{scope} {text}';
  file.level = 'debug';
  file.archiveLogFn = (old: LogFile) => {
    try {
      rotateArchives(old.path, options.archives ?? LOG_ARCHIVES);
    } catch {
      old.clear(); // a file another program holds open: start over rather than grow without end
    }
  };
  logger.transports.console.level = options.console ? 'debug' : false;
  // The main process's lines are not mirrored into the page's DevTools console, nor sent anywhere.
  const ipc = logger.transports.ipc;
  if (ipc) ipc.level = false;
  logger.transports.remote.level = false;
  return {
    file: options.file,
    write(level, scope, message) {
      logger.scope(scope)[level](message);
    },
  };
}

export interface LogFileInfo {
  name: string;
  bytes: number;
}

/** The .log files in the folder, newest first by name (main.log, main.1.log…); none if it is missing. */
export function listLogFiles(logDir: string): LogFileInfo[] {
  let names: string[];
  try {
    names = readdirSync(logDir).filter((n) => n.endsWith('.log'));
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => {
    try {
      return [{ name, bytes: statSync(path.join(logDir, name)).size }];
    } catch {
      return [];
    }
  });
}
