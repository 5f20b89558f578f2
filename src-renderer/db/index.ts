/** The one place screens get their repositories from; nothing outside db/ touches a table. */
import { XunjianDb } from './database';
import { attachmentRepository } from './repositories/attachments';
import { draftRepository } from './repositories/drafts';
import { historyRepository } from './repositories/history';
import { inspectionRepository } from './repositories/inspections';
import { outboxRepository } from './repositories/outbox';
import { referenceRepository } from './repositories/reference';
import { serviceRecordRepository } from './repositories/service-records';
import { signoffRepository } from './repositories/signoff';
import { syncStateRepository } from './repositories/sync-state';

export function createRepositories(db: XunjianDb) {
  const inspections = inspectionRepository(db);
  return {
    reference: referenceRepository(db),
    inspections,
    history: historyRepository(db, inspections),
    drafts: draftRepository(db),
    attachments: attachmentRepository(db),
    signoff: signoffRepository(db),
    outbox: outboxRepository(db),
    syncState: syncStateRepository(db),
    serviceRecords: serviceRecordRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

let repos: Repositories | undefined;

/** The app's repositories over the profile's database, opened on first use. */
export function repositories(): Repositories {
  repos ??= createRepositories(new XunjianDb());
  return repos;
}
