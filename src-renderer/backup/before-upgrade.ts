/**
 * The database open path's backup (issue 13): when the database on disk is older than this code's
 * schema, it is opened as it is (Dexie's dynamic mode, `new Dexie(name)` without versions, opens at
 * the version found and runs no upgrade), exported as a before-upgrade backup, and closed; then the
 * app's open runs the upgrades. A failed backup is logged and reported, and the upgrade goes on.
 * A database holding nothing of the engineer's has nothing to lose and gets no backup.
 */
import Dexie from 'dexie';
import type { XunjianDbOptions } from '../db/database';
import type { BackupRpc } from './backup-rpc';

export interface BeforeUpgradeDeps {
  rpc: BackupRpc;
  storage?: Storage;
  /** Told when the backup could not be written (the About screen and a banner show it). */
  onFailure: (detail: string) => void;
  onWritten?: (file: string) => void;
}

export function backupBeforeUpgrade(deps: BeforeUpgradeDeps): NonNullable<XunjianDbOptions['beforeOpen']> {
  return async ({ name, version, indexedDB, IDBKeyRange }) => {
    const existing = new Dexie(name, { ...(indexedDB ? { indexedDB } : {}), ...(IDBKeyRange ? { IDBKeyRange } : {}) });
    try {
      await existing.open();
    } catch (error) {
      existing.close();
      // No database yet (a first start) is the usual case; anything else the real open will meet too.
      if ((error as Error).name !== Dexie.errnames.NoSuchDatabase) console.warn('before-upgrade backup: could not open the old database', error);
      return;
    }
    try {
      if (existing.verno >= version) return;
      // Loaded only when needed: most starts have nothing to upgrade.
      const { userRowsIn, writeBackup } = await import('./write-backup');
      if ((await userRowsIn(existing)) === 0) {
        console.info(`before-upgrade backup skipped: the v${existing.verno} store holds no inspections, answers, photos or service records`);
        return;
      }
      const written = await writeBackup(existing, 'before-upgrade', { rpc: deps.rpc, ...(deps.storage ? { storage: deps.storage } : {}) });
      if (written.ok) deps.onWritten?.(written.backup.file);
      else {
        console.error(`before-upgrade backup failed (${written.reason}): ${written.detail}`);
        deps.onFailure(`${written.reason}: ${written.detail}`);
      }
    } catch (error) {
      console.error('before-upgrade backup failed', error);
      deps.onFailure((error as Error).message ?? String(error));
    } finally {
      existing.close();
    }
  };
}
