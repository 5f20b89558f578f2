/**
 * Scheduled backups: at start when the newest backup is older than a day (or there is none), and
 * every day while the app stays open. Each waits until the user has paused (no key, pointer or
 * input for a while) and the page is idle, so it never competes with opening a screen or typing.
 * None is written while the store holds nothing of the engineer's (backup-service.ts).
 */
import { appBackupRpc, scheduledBackup } from './backup-service';

export const BACKUP_EVERY_MS = 24 * 60 * 60 * 1000;
/** Not in the first minute: opening the app and the first screens come first. */
const FIRST_CHECK_AFTER_MS = 60 * 1000;
/** The user has not touched the keyboard or mouse for this long. */
const QUIET_MS = 20 * 1000;

let lastInput = Date.now();

function whenQuiet(): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => {
      const quietFor = Date.now() - lastInput;
      if (quietFor < QUIET_MS) {
        setTimeout(poll, QUIET_MS - quietFor + 250);
        return;
      }
      if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 10_000 });
      else resolve();
    };
    poll();
  });
}

/** Milliseconds since the newest intact backup, or Infinity when there is none. */
async function newestBackupAge(): Promise<number> {
  const { backups } = await appBackupRpc('backup.list', {});
  const times = backups.filter((b) => b.header && !b.problem).map((b) => Date.parse(b.header!.createdAt));
  return times.length ? Date.now() - Math.max(...times) : Infinity;
}

async function backupIfDue(): Promise<void> {
  try {
    if ((await newestBackupAge()) < BACKUP_EVERY_MS) return;
    await whenQuiet();
    await scheduledBackup();
  } catch (error) {
    console.error('scheduled backup did not run:', error);
  }
}

let started = false;

export function startBackupSchedule(): void {
  if (started) return;
  started = true;
  for (const type of ['keydown', 'pointerdown', 'input', 'wheel']) {
    window.addEventListener(type, () => (lastInput = Date.now()), { capture: true, passive: true });
  }
  setTimeout(() => {
    void backupIfDue();
    // Checked hourly: a laptop asleep over night must not wait another full day after it wakes.
    setInterval(() => void backupIfDue(), 60 * 60 * 1000);
  }, FIRST_CHECK_AFTER_MS);
}
