/**
 * The data folder's SQLite file as the operations commands open it: without the store's start-up
 * (no migration unless asked, no office id, no keys), with the store's own pragmas.
 */
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { OpsError } from './errors';

export const sqliteFileOf = (dataDir: string): string => path.join(dataDir, 'office.sqlite');

/** Opens an existing office.sqlite (undefined when there is none); `create` makes one, 0600 as the store does. */
export function openSqliteFile(dataDir: string, options: { create?: boolean; readonly?: boolean } = {}): Database.Database | undefined {
  const file = sqliteFileOf(dataDir);
  if (!existsSync(file)) {
    if (!options.create) return undefined;
    closeSync(openSync(file, 'a', 0o600));
  }
  if (!options.readonly) for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  const db = new Database(file, { readonly: options.readonly ?? false });
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

export const sqliteVersion = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

/**
 * office.sqlite opened with an exclusive lock, refused while anyone else (the service, an admin
 * command) has it open, and held until `ROLLBACK` and close: what move-to-postgres and restore
 * --force take before they read it for good or put it aside. `before` ends the refusal's message.
 */
export function lockSqliteFile(dataDir: string, before: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(sqliteFileOf(dataDir), { fileMustExist: true });
  } catch {
    throw new OpsError(`${dataDir} has no office.sqlite`);
  }
  try {
    db.pragma('busy_timeout = 1000');
    // Exclusive before the first read: with WAL, a read then takes the file for this connection alone,
    // and fails while the service (or an admin command) has it open.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) {
      throw new OpsError(`${sqliteFileOf(dataDir)} is in use: stop the office service (and any admin command) on this data folder ${before}`);
    }
    throw error;
  }
  return db;
}

/** Ends the lock: nothing was written, so the read is rolled back. */
export function unlockSqliteFile(db: Database.Database): void {
  db.exec('ROLLBACK');
  db.close();
}
