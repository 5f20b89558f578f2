/**
 * The data folder's SQLite file as the operations commands open it: without the store's start-up
 * (no migration unless asked, no office id, no keys), with the store's own pragmas.
 */
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

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
