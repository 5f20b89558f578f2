/**
 * `npm run server -- migrate [--check]`: the store brought to this code's schema, or only asked
 * whether it is, without starting the service or making keys (an upgrade step before instances
 * of a new version start, or a check in a deployment script).
 */
import { mkdir } from 'node:fs/promises';
import { openPool } from '../storage/postgres/pool';
import { migratePostgres, POSTGRES_SCHEMA_VERSION, postgresSchemaVersion } from '../storage/postgres/schema';
import { migrate, SQLITE_SCHEMA_VERSION } from '../storage/sqlite/schema';
import { refuseMovedSqlite, type StoreKind } from '../storage/open-store';
import { openSqliteFile, sqliteVersion } from './sqlite-file';

export interface StoreTarget {
  dataDir: string;
  database?: string | undefined;
}

export interface SchemaState {
  store: StoreKind;
  from: number;
  to: number;
}

/** Where the store is and where this code wants it; nothing is written. */
export async function schemaState(target: StoreTarget): Promise<SchemaState> {
  if (target.database) {
    const db = openPool(target.database, { max: 1, applicationName: 'xunjian-migrate' });
    try {
      return { store: 'postgres', from: await postgresSchemaVersion(db), to: POSTGRES_SCHEMA_VERSION };
    } finally {
      await db.close();
    }
  }
  refuseMovedSqlite(target.dataDir);
  const db = openSqliteFile(target.dataDir, { readonly: true });
  try {
    return { store: 'sqlite', from: db ? sqliteVersion(db) : 0, to: SQLITE_SCHEMA_VERSION };
  } finally {
    db?.close();
  }
}

/** Applies the missing migrations; from = to when there were none. */
export async function migrateStore(target: StoreTarget): Promise<SchemaState> {
  if (target.database) {
    const db = openPool(target.database, { max: 1, applicationName: 'xunjian-migrate' });
    try {
      return { store: 'postgres', ...(await migratePostgres(db)) };
    } finally {
      await db.close();
    }
  }
  refuseMovedSqlite(target.dataDir);
  await mkdir(target.dataDir, { recursive: true, mode: 0o700 });
  const db = openSqliteFile(target.dataDir, { create: true })!;
  try {
    const from = sqliteVersion(db);
    migrate(db);
    return { store: 'sqlite', from, to: sqliteVersion(db) };
  } finally {
    db.close();
  }
}
