/** The one place screens get their repositories from; nothing outside db/ touches a table. */
import { backupBeforeUpgrade } from '../backup/before-upgrade';
import { useBackupState } from '../backup/backup-state';
import type { BackupRpc } from '../backup/backup-rpc';
import { invoke } from '../platform/invoke';
import { XunjianDb } from './database';
import { attachmentRepository } from './repositories/attachments';
import { deliverableRepository } from './repositories/deliverables';
import { draftRepository } from './repositories/drafts';
import { historyRepository } from './repositories/history';
import { inspectionRepository } from './repositories/inspections';
import { outboxRepository } from './repositories/outbox';
import { periodInputsRepository } from './repositories/period-inputs';
import { referenceRepository } from './repositories/reference';
import { serviceRecordRepository, type OfficeClockSource } from './repositories/service-records';
import { signoffRepository } from './repositories/signoff';
import { syncStateRepository } from './repositories/sync-state';

export interface RepositoryOptions {
  /** The office's time for service records' device-clock check (the main process's `clock.read` in the app). */
  officeClock?: OfficeClockSource;
}

export function createRepositories(db: XunjianDb, options: RepositoryOptions = {}) {
  const inspections = inspectionRepository(db);
  return {
    reference: referenceRepository(db),
    inspections,
    history: historyRepository(db, inspections),
    periodInputs: periodInputsRepository(db),
    drafts: draftRepository(db),
    attachments: attachmentRepository(db),
    signoff: signoffRepository(db),
    outbox: outboxRepository(db),
    syncState: syncStateRepository(db),
    serviceRecords: serviceRecordRepository(db, { ...(options.officeClock ? { officeClock: options.officeClock } : {}) }),
    deliverables: deliverableRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

let repos: Repositories | undefined;
let db: XunjianDb | undefined;

/**
 * The profile's database, for backups and restores only (src-renderer/backup/); screens use
 * `repositories()`. Opening it first backs up a database an older app version left.
 */
export function appDatabase(): XunjianDb {
  const rpc: BackupRpc = (channel, input) => invoke(channel, input);
  db ??= new XunjianDb(undefined, {
    beforeOpen: backupBeforeUpgrade({
      rpc,
      storage: localStorage,
      onFailure: (detail) => useBackupState.getState().set({ preUpgradeFailure: detail }),
    }),
  });
  return db;
}

/** The app's repositories over the profile's database, opened on first use. */
export function repositories(): Repositories {
  // The office clock lives in the main process; asking it never fails a write (service-writes.ts).
  repos ??= createRepositories(appDatabase(), { officeClock: () => invoke('clock.read', {}) });
  return repos;
}
