/**
 * Sends the renderer's errors to the main process's log (channel `app.log`): uncaught errors,
 * rejected promises nobody handled, and what a screen reports itself with `reportError()`. A
 * packaged app has no console anyone reads, so without this the office would never see them.
 * The main process rate-limits; here a message is only shortened and never sent from inside
 * a failed send (no loop).
 */
import { LOG_MESSAGE_MAX } from '../../src-shared/rpc/app-channels';
import { truncateText } from '../../src-shared/text/truncate';
import { invoke } from './invoke';

type Level = 'error' | 'warn' | 'info';

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack && error.stack.includes(error.message) ? error.stack : `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** Writes one line to the log; never throws, never waits for the answer. */
export function logToMain(level: Level, message: string, source?: string): void {
  invoke('app.log', { level, message: truncateText(message, LOG_MESSAGE_MAX), ...(source ? { source: truncateText(source, 500) } : {}) }).catch(() => {
    // The main process is unreachable or refused the line: nowhere left to report it.
  });
}

/** For errors a screen catches and shows, but which the office should also find in the log. */
export function reportError(error: unknown, source?: string, level: Level = 'error'): void {
  logToMain(level, describe(error), source);
}

let installed = false;

export function installErrorForwarding(target: Window = window): void {
  if (installed) return;
  installed = true;
  target.addEventListener('error', (event: ErrorEvent) => {
    const where = event.filename ? `window.error ${event.filename}:${event.lineno}:${event.colno}` : 'window.error';
    reportError(event.error ?? event.message, where);
  });
  target.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    reportError(event.reason, 'unhandledrejection');
  });
}
