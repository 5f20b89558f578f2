/** The one place screens get their repositories from; nothing outside db/ touches a table. */
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

/** The app's repositories over the profile's database, opened on first use. */
export function repositories(): Repositories {
  // The office clock lives in the main process; asking it never fails a write (service-writes.ts).
  repos ??= createRepositories(new XunjianDb(), { officeClock: () => invoke('clock.read', {}) });
  return repos;
}
