/**
 * The app's backups: one at a time, on demand, on a schedule (deferred until the user pauses, so
 * it never slows opening or typing) and before a restore. Screens call these; the work is in
 * write-backup.ts and restore-backup.ts.
 */
import type { BackupCommitted, BackupReason } from '../../src-shared/rpc/backup-channels';
import { appDatabase } from '../db';
import { SCHEMA_VERSION } from '../db/database';
import { logToMain } from '../platform/error-reporting';
import { invoke } from '../platform/invoke';
import type { BackupRpc } from './backup-rpc';
import { useBackupState } from './backup-state';
import { restoreBackup, type RestoreOutcome } from './restore-backup';
import { clearRestoreMarker, readRestoreMarker } from './restore-marker';
import { userRowsIn, writeBackup } from './write-backup';

export const appBackupRpc: BackupRpc = (channel, input) => invoke(channel, input);

let current: Promise<unknown> = Promise.resolve();

/** Runs after whatever backup or restore is under way: two never interleave. */
function queued<T>(work: () => Promise<T>): Promise<T> {
  const next = current.then(work, work);
  current = next.catch(() => undefined);
  return next;
}

/**
 * A scheduled backup, unless the store holds nothing of the engineer's (a fresh install, a store
 * lost before a restore): such a backup would only push good ones out of the folder. Logged.
 */
export function scheduledBackup(): Promise<BackupCommitted | 'empty'> {
  return queued(async () => {
    if ((await userRowsIn(appDatabase())) === 0) {
      logToMain('info', 'scheduled backup skipped: the store holds no inspections, answers, photos or service records', 'backup');
      return 'empty' as const;
    }
    return writeOne('scheduled');
  });
}

export function backupNow(reason: BackupReason): Promise<BackupCommitted> {
  return queued(() => writeOne(reason));
}

async function writeOne(reason: BackupReason): Promise<BackupCommitted> {
  useBackupState.getState().set({ running: reason });
  try {
    const result = await writeBackup(appDatabase(), reason, { rpc: appBackupRpc, storage: localStorage });
    if (!result.ok) console.error(`backup (${reason}) failed: ${result.reason}: ${result.detail}`);
    return result;
  } finally {
    useBackupState.getState().set({ running: null, written: useBackupState.getState().written + 1 });
  }
}

/** At start: a restore the last window did not finish (restore-marker.ts) shows the banner. */
export function noticeInterruptedRestore(): void {
  useBackupState.getState().set({ interruptedRestore: readRestoreMarker(localStorage) });
}

/** The engineer chose to keep the store as it is after an interrupted restore. */
export function dismissInterruptedRestore(): void {
  clearRestoreMarker(localStorage);
  useBackupState.getState().set({ interruptedRestore: null });
}

/** Restores `file`; on success the caller reloads the page so the app opens (and upgrades) it. */
export function restoreFromBackup(file: string): Promise<RestoreOutcome> {
  return queued(async () => {
    useBackupState.getState().set({ running: 'before-restore' });
    try {
      const outcome = await restoreBackup(file, { rpc: appBackupRpc, current: appDatabase(), codeVersion: SCHEMA_VERSION, storage: localStorage });
      // Deleted and not imported: the banner says so now, as it would after a restart.
      if (!outcome.ok && outcome.problem === 'import_failed') noticeInterruptedRestore();
      return outcome;
    } finally {
      useBackupState.getState().set({ running: null, written: useBackupState.getState().written + 1 });
    }
  });
}

/** Rows per table in the database as it is now: what a restore would replace. */
export async function currentCounts(): Promise<Record<string, number>> {
  const db = appDatabase();
  return Object.fromEntries(await Promise.all(db.tables.map(async (t) => [t.name, await t.count()] as const)));
}
