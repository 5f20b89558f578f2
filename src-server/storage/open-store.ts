/**
 * Which store the office runs on: SQLite and a blob folder in the data folder (the default, one
 * machine), or PostgreSQL for records and blobs when a database URL is given (several instances,
 * issue 15). The URL comes from `--database` or XUNJIAN_DATABASE.
 */
import path from 'node:path';
import type { BlobStore, OfficeStore } from './port';
import { openDiskBlobStore } from './disk-blobs';
import { openSqliteStore } from './sqlite/store';
import { postgresBlobStore, prepareSpoolDir } from './postgres/blobs';
import { openPool } from './postgres/pool';
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

/** The URL with its password replaced, for logs and messages. */
export function redactedUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}

export async function openStores(options: { dataDir: string; database?: string | undefined; now: () => Date }): Promise<OpenedStores> {
  if (!options.database) {
    const store = openSqliteStore(path.join(options.dataDir, 'office.sqlite'), options.now);
    try {
      return { kind: 'sqlite', store, blobs: await openDiskBlobStore(path.join(options.dataDir, 'blobs')) };
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  if (!isPostgresUrl(options.database)) throw new Error(`--database must be a postgres:// URL, not ${JSON.stringify(options.database.slice(0, 40))}`);
  const db = openPool(options.database);
  let spoolDir: string;
  try {
    await migratePostgres(db);
    // Uploads of more than one chunk wait here, outside any transaction, until they are whole and checked.
    spoolDir = await prepareSpoolDir(path.join(options.dataDir, 'tmp-blobs'));
  } catch (error) {
    await db.close();
    throw error;
  }
  return { kind: 'postgres', store: postgresStore(db, options.now), blobs: postgresBlobStore(db, { spoolDir }) };
}
