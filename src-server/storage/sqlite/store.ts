/**
 * The SQLite implementation of the storage port: one database file in the data folder, WAL mode
 * so the CLI can write (admin, import) while the service runs. Writes are synchronous
 * better-sqlite3 transactions behind the port's async methods.
 */
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { OfficeStore } from '../port';
import { auditRepo } from './audit';
import { codeFormsRepo } from './code-forms';
import { deliverablesRepo } from './deliverables';
import { draftsRepo } from './drafts';
import { peopleRepo } from './people';
import { periodFactsRepo } from './period-facts';
import { recordsRepo } from './records';
import { referenceRepo } from './reference';
import { migrate } from './schema';
import { serviceRecordsRepo } from './service-records';

/**
 * The database file is made 0600 before SQLite opens it: SQLite gives its -wal and -shm files the
 * database file's permissions, so all three are the office's alone. An existing file (an older
 * version made it 0644) is closed the same way.
 */
function closeToOthers(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

export function openSqliteStore(file: string, now: () => Date = () => new Date()): OfficeStore {
  closeToOthers(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: an accepted report (its receipt already sent) must survive a power cut.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const iso = (): string => now().toISOString();
  return {
    async getSetting(key) {
      return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
    },
    async setSetting(key, value) {
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
    },
    async claimSetting(key, value) {
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(key, value);
      return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string }).value;
    },
    ...peopleRepo(db, iso),
    ...referenceRepo(db, iso),
    ...recordsRepo(db),
    ...serviceRecordsRepo(db),
    ...deliverablesRepo(db),
    ...draftsRepo(db, iso),
    ...periodFactsRepo(db),
    ...codeFormsRepo(db),
    ...auditRepo(db, iso),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      db.close();
    },
  };
}
