/**
 * A start that fails must say so: log the error, show a dialog naming the log file, and exit
 * with code 1. Without this a packaged app on Windows left an invisible process behind.
 * After the window is up, an uncaught error is only logged (the user can keep working).
 */
import type { Translate } from './main-locale';

export interface FailureDeps {
  log: (message: string) => void;
  showErrorBox: (title: string, content: string) => void;
  exit: (code: number) => void;
  t: () => Translate;
  logFile: string;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

export function createFailureHandling(deps: FailureDeps) {
  let started = false;
  let failed = false;
  const failStart = (error: unknown, where: string): void => {
    deps.log(`start failed (${where}): ${describeError(error)}`);
    if (failed) return;
    failed = true;
    const t = deps.t();
    const first = error instanceof Error ? error.message : String(error);
    try {
      deps.showErrorBox(t('shell.startFailed.title'), t('shell.startFailed.body', { error: first, log: deps.logFile }));
    } finally {
      deps.exit(1);
    }
  };
  return {
    /** The window exists: later errors are logged, not fatal. */
    markStarted(): void {
      started = true;
    },
    failStart,
    /** For process 'uncaughtException' and 'unhandledRejection'. */
    onUncaught(kind: string) {
      return (error: unknown): void => {
        if (started) deps.log(`${kind}: ${describeError(error)}`);
        else failStart(error, kind);
      };
    },
  };
}
