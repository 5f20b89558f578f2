/**
 * Which store the office runs on: SQLite and a blob folder in the data folder (the default, one
 * machine), or PostgreSQL for records and blobs when a database URL is given (several instances,
 * issue 15). The URL comes from `--database` or XUNJIAN_DATABASE.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BlobStore, OfficeStore } from './port';
import { openDiskBlobStore } from './disk-blobs';
import { openSqliteStore } from './sqlite/store';
import { postgresBlobStore, prepareSpoolDir } from './postgres/blobs';
import { openPool } from './postgres/pool';
import { holdPresence } from './postgres/presence';
import { migratePostgres } from './postgres/schema';
import { postgresStore } from './postgres/store';

export type StoreKind = 'sqlite' | 'postgres';

export interface OpenedStores {
  kind: StoreKind;
  store: OfficeStore;
  blobs: BlobStore;
}

/** A PostgreSQL URL, as libpq takes it; anything else is refused before connecting. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//.test(value);
}

/**
 * Why a value is not a database URL, without repeating it: a mistyped scheme
 * (`postgress://xunjian:secret@…`) still carries the password. Only a scheme that is a plain short
 * word is named, as a hint; anything else in the value could be the secret.
 */
export function notPostgresUrl(value: string): string {
  const scheme = /^([a-z]{1,12}):\/\//i.exec(value)?.[1];
  return `--database must be a postgres:// (or postgresql://) URL${scheme ? `; the value given starts with ${scheme}://` : ''}`;
}

/** Query parameters that node-postgres and libpq read a secret from (passfile names where one is). */
export const SECRET_URL_PARAMS = ['password', 'sslpassword', 'passfile'];

/** The URL with its password replaced, in the user part and in any secret query parameter. */
export function redactedUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    for (const name of [...new Set(url.searchParams.keys())]) if (SECRET_URL_PARAMS.includes(name.toLowerCase())) url.searchParams.set(name, '***');
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Host and database name only: what operators' output and the audit log say about a database. */
export function databaseLabel(value: string): string {
  try {
    const url = new URL(value);
    const host = url.host || url.searchParams.get('host') || 'localhost';
    return `${host}/${decodeURIComponent(url.pathname.slice(1)) || url.searchParams.get('dbname') || '(default database)'}`;
  } catch {
    return 'the database';
  }
}

/** Written by move-to-postgres beside office.sqlite: that file is no longer the office's store. */
export const MOVED_MARKER = 'office.sqlite.moved';

export interface MovedMarker {
  to: string;
  at: string;
}

/** Refused: the data folder's office.sqlite is no longer the office's store. One line, no stack. */
export class MovedOfficeError extends Error {}

/**
 * A data folder whose office moved to PostgreSQL must not be served, migrated or backed up from
 * SQLite again: a unit or cron job that lost XUNJIAN_DATABASE would otherwise work on the old file.
 */
export function refuseMovedSqlite(dataDir: string): void {
  const file = path.join(dataDir, MOVED_MARKER);
  if (!existsSync(file)) return;
  let moved: Partial<MovedMarker> = {};
  try {
    moved = JSON.parse(readFileSync(file, 'utf8')) as Partial<MovedMarker>;
  } catch {
    // Unreadable: still moved; the message names the file.
  }
  throw new MovedOfficeError(
    `this office was moved to PostgreSQL (${moved.to ?? 'see ' + file}${moved.at ? `, ${moved.at}` : ''}): start it with --database <url> ` +
      `(or XUNJIAN_DATABASE, e.g. the systemd unit's EnvironmentFile). office.sqlite no longer holds what devices sent since; ` +
      `only if the move is to be undone, and nothing was accepted on PostgreSQL, remove ${file}`,
  );
}

export async function openStores(options: { dataDir: string; database?: string | undefined; now: () => Date }): Promise<OpenedStores> {
  if (!options.database) {
    refuseMovedSqlite(options.dataDir);
    const store = openSqliteStore(path.join(options.dataDir, 'office.sqlite'), options.now);
    try {
      return { kind: 'sqlite', store, blobs: await openDiskBlobStore(path.join(options.dataDir, 'blobs')) };
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  if (!isPostgresUrl(options.database)) throw new Error(notPostgresUrl(options.database));
  const db = openPool(options.database);
  let spoolDir: string;
  let presence: Awaited<ReturnType<typeof holdPresence>> | undefined;
  try {
    // Before anything else: refused while a restore runs, and what keeps a restore from starting.
    presence = await holdPresence(options.database);
    await migratePostgres(db);
    // Uploads of more than one chunk wait here, outside any transaction, until they are whole and checked.
    spoolDir = await prepareSpoolDir(path.join(options.dataDir, 'tmp-blobs'));
  } catch (error) {
    await presence?.close();
    await db.close();
    throw error;
  }
  const store = postgresStore(db, options.now);
  const held = presence;
  return {
    kind: 'postgres',
    store: {
      ...store,
      async close() {
        await store.close();
        await held.close();
      },
    },
    blobs: postgresBlobStore(db, { spoolDir }),
  };
}
