/**
 * The app's backups: one at a time, on demand, on a schedule (deferred until the user pauses, so
 * it never slows opening or typing) and before a restore. Screens call these; the work is in
 * write-backup.ts and restore-backup.ts.
 */
import type { BackupCommitted, BackupReason } from '../../src-shared/rpc/backup-channels';
import { appDatabase } from '../db';
import { SCHEMA_VERSION } from '../db/database';
import { invoke } from '../platform/invoke';
import type { BackupRpc } from './backup-rpc';
import { useBackupState } from './backup-state';
import { restoreBackup, type RestoreOutcome } from './restore-backup';
import { writeBackup } from './write-backup';

export const appBackupRpc: BackupRpc = (channel, input) => invoke(channel, input);

let current: Promise<unknown> = Promise.resolve();

/** Runs after whatever backup or restore is under way: two never interleave. */
function queued<T>(work: () => Promise<T>): Promise<T> {
  const next = current.then(work, work);
  current = next.catch(() => undefined);
  return next;
}

export function backupNow(reason: BackupReason): Promise<BackupCommitted> {
  return queued(async () => {
    useBackupState.getState().set({ running: reason });
    try {
      const result = await writeBackup(appDatabase(), reason, { rpc: appBackupRpc, storage: localStorage });
      if (!result.ok) console.error(`backup (${reason}) failed: ${result.reason}: ${result.detail}`);
      return result;
    } finally {
      useBackupState.getState().set({ running: null, written: useBackupState.getState().written + 1 });
    }
  });
}

/** Restores `file`; on success the caller reloads the page so the app opens (and upgrades) it. */
export function restoreFromBackup(file: string): Promise<RestoreOutcome> {
  return queued(async () => {
    useBackupState.getState().set({ running: 'before-restore' });
    try {
      return await restoreBackup(file, { rpc: appBackupRpc, current: appDatabase(), codeVersion: SCHEMA_VERSION, storage: localStorage });
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
