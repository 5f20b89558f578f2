/**
 * The PostgreSQL implementation of the storage port, for an office that runs as several instances
 * on one database (issue 15). Each atomic port method is one `transaction`; guarded writes read
 * their guards with SELECT … FOR UPDATE inside it; sequence numbers come from gapless counters
 * locked until commit (pool.ts nextNumber), so readers never see N+1 before N.
 */
import type { OfficeStore } from '../port';
import { auditRepo } from './audit';
import { codeFormsRepo } from './code-forms';
import { deliverablesRepo } from './deliverables';
import { draftsRepo } from './drafts';
import { peopleRepo } from './people';
import { periodFactsRepo } from './period-facts';
import type { PostgresPool } from './pool';
import { recordsRepo } from './records';
import { referenceRepo } from './reference';
import { serviceRecordsRepo } from './service-records';

/** The store on an open, migrated pool; `close` ends the pool. */
export function postgresStore(db: PostgresPool, now: () => Date = () => new Date()): OfficeStore {
  const iso = (): string => now().toISOString();
  return {
    async getSetting(key) {
      return (await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]))[0]?.value;
    },
    async setSetting(key, value) {
      await db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    },
    async claimSetting(key, value) {
      await db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
      const [row] = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
      if (!row) throw new Error(`setting ${key} vanished after it was written`);
      return row.value;
    },
    ...peopleRepo(db, iso),
    ...codeFormsRepo(db),
    ...referenceRepo(db, iso),
    ...recordsRepo(db),
    ...serviceRecordsRepo(db),
    ...deliverablesRepo(db),
    ...draftsRepo(db, iso),
    ...periodFactsRepo(db),
    ...auditRepo(db, iso),
    async ping() {
      await db.query('SELECT 1');
    },
    async close() {
      await db.close();
    },
  };
}
