/**
 * `npm run server -- move-to-postgres --data <dir> --database <url>`: an office on SQLite moved to
 * an empty PostgreSQL database (issue 15). The service must be stopped: office.sqlite is opened
 * with an exclusive lock, refused while anyone else has it open, and held until the move ends.
 * Blobs go first, through the PostgreSQL blob store (which checks each hash). Then every table is
 * copied in one transaction with the counters set past the copied numbers and the move's own
 * audit entry; a failure rolls it back and removes the blobs this move wrote, leaving the database
 * empty (a database holding any row or blob is refused). The keys stay in the data folder. Once
 * moved, office.sqlite.moved beside office.sqlite names where to: an office started on SQLite
 * again (a unit without its database setting) would accept reports the PostgreSQL office never
 * sees, so storage/open-store.ts refuses that.
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { BlobHashMismatch } from '../storage/port';
import { databaseLabel, MOVED_MARKER, type MovedMarker } from '../storage/open-store';
import { postgresBlobStore } from '../storage/postgres/blobs';
import { writeAudit } from '../storage/postgres/audit';
import { openPool, type PostgresPool, type Sql } from '../storage/postgres/pool';
import { migratePostgres } from '../storage/postgres/schema';
import { SQLITE_SCHEMA_VERSION } from '../storage/sqlite/schema';
import { OpsError } from './errors';
import { filesUnder } from './manifest';
import { lockSqliteFile, sqliteVersion, unlockSqliteFile } from './sqlite-file';

/** Every table of SQLite schema 9, parents before the rows that refer to them. */
export const TABLES = [
  'settings',
  'engineers',
  'engineer_hospitals',
  'enrollment_codes',
  'devices',
  'reference_items',
  'reference_versions',
  'template_drafts',
  'import_previews',
  'reports',
  'report_subjects',
  'report_blobs',
  'fault_versions',
  'service_records',
  'service_clocks',
  'deliverables',
  'period_inspections',
  'period_services',
  'admins',
  'sessions',
  'code_forms',
  'rate_limits',
  'audit_log',
] as const;

/** Rows read from SQLite per round; records are large, so an INSERT also stops at BATCH_BYTES. */
const PAGE = 500;
const BATCH_BYTES = 8 * 1024 * 1024;
/** PostgreSQL takes at most 65535 parameters in one statement. */
const MAX_PARAMETERS = 30_000;

export interface MoveSummary {
  tables: { table: string; sqlite: number; postgres: number }[];
  blobs: { folder: number; copied: number; postgres: number };
  auditSeq: number;
}

async function refuseNonEmpty(db: PostgresPool): Promise<void> {
  // blobs too: a blob already there would be taken for one the move copied, and counted as moved.
  for (const table of [...TABLES, 'blobs', 'blob_chunks']) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    if ((row?.n ?? 0) > 0) throw new OpsError(`the PostgreSQL database is not empty (${table} has ${row!.n} rows): move into a new, empty database`);
  }
}

async function columnsOf(db: Database.Database, pg: PostgresPool, table: string): Promise<string[]> {
  const local = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  const remote = new Set(
    (await pg.query<{ column_name: string }>('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table])).map((c) => c.column_name),
  );
  const missing = local.filter((c) => !remote.has(c));
  if (missing.length) throw new OpsError(`the PostgreSQL table ${table} lacks ${missing.join(', ')}: this version cannot move this office`);
  return local;
}

async function insertBatch(sql: Sql, table: string, columns: string[], batch: unknown[][]): Promise<void> {
  if (!batch.length) return;
  const values: unknown[] = [];
  const tuples = batch.map((row) => `(${row.map((v) => (values.push(v), `$${values.length}`)).join(', ')})`);
  await sql.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
}

const sizeOf = (row: unknown[]): number => row.reduce<number>((n, v) => n + (typeof v === 'string' ? v.length * 3 : 16), 0);

async function copyTable(db: Database.Database, sql: Sql, table: string, columns: string[]): Promise<number> {
  const read = db.prepare(`SELECT rowid AS rid__, ${columns.join(', ')} FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE}`).raw(true);
  const perBatch = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  let after = 0;
  let copied = 0;
  for (;;) {
    const page = read.all(after) as unknown[][];
    if (!page.length) return copied;
    let batch: unknown[][] = [];
    let bytes = 0;
    for (const [rowid, ...row] of page) {
      after = rowid as number;
      if (batch.length >= perBatch || bytes > BATCH_BYTES) {
        await insertBatch(sql, table, columns, batch);
        batch = [];
        bytes = 0;
      }
      batch.push(row);
      bytes += sizeOf(row);
    }
    await insertBatch(sql, table, columns, batch);
    copied += page.length;
  }
}

/** `copied` is filled as blobs are written, so a failure part-way still knows what to take back. */
async function copyBlobs(dataDir: string, pg: PostgresPool, copied: string[]): Promise<number> {
  const root = path.join(dataDir, 'blobs');
  const files = (await filesUnder(root).catch(() => [])).filter((rel) => !rel.startsWith('tmp/'));
  const blobs = postgresBlobStore(pg);
  for (const rel of files) {
    const sha256 = path.basename(rel);
    const file = path.join(root, rel);
    try {
      const { created } = await blobs.put(sha256, createReadStream(file), Math.max(1, (await stat(file)).size));
      if (created) copied.push(sha256);
    } catch (error) {
      if (error instanceof BlobHashMismatch) throw new OpsError(`blob ${rel} in the data folder is damaged (its bytes hash to ${error.actual}); nothing was moved`);
      throw error;
    }
  }
  return files.length;
}

/**
 * After a failed move: the blobs this move wrote go, and only those, so the database is as it was
 * found (its tables were checked empty, so no row names them).
 */
export async function forgetBlobs(pg: PostgresPool, copied: readonly string[]): Promise<void> {
  if (!copied.length) return;
  await pg
    .transaction(async (sql) => {
      await sql.query('DELETE FROM blob_chunks WHERE sha256 = ANY($1::text[])', [copied]);
      await sql.query('DELETE FROM blobs WHERE sha256 = ANY($1::text[])', [copied]);
    })
    .catch(() => undefined);
}

/** The marker beside office.sqlite (storage/open-store.ts refuses to serve it again). */
async function markMoved(dataDir: string, database: string, at: Date): Promise<void> {
  const marker: MovedMarker = { to: databaseLabel(database), at: at.toISOString() };
  await writeFile(path.join(dataDir, MOVED_MARKER), `${JSON.stringify(marker)}\n`, { mode: 0o600 });
}

export async function moveToPostgres(options: { dataDir: string; database: string; now?: () => Date }): Promise<MoveSummary> {
  const now = options.now ?? (() => new Date());
  if (existsSync(path.join(options.dataDir, MOVED_MARKER))) {
    throw new OpsError(`${path.join(options.dataDir, MOVED_MARKER)} says this office was already moved to PostgreSQL: nothing was moved`);
  }
  const db = lockSqliteFile(options.dataDir, 'before moving it');
  const pg = openPool(options.database, { max: 2, applicationName: 'xunjian-move' });
  try {
    const version = sqliteVersion(db);
    if (version !== SQLITE_SCHEMA_VERSION) {
      throw new OpsError(`office.sqlite is schema ${version}, this version moves schema ${SQLITE_SCHEMA_VERSION}: run \`npm run server -- migrate --data ${options.dataDir}\` first`);
    }
    const local = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
    const unknown = local.filter((t) => !(TABLES as readonly string[]).includes(t));
    if (unknown.length) throw new OpsError(`office.sqlite has tables this version does not know (${unknown.join(', ')}): nothing was moved`);
    await migratePostgres(pg);
    await refuseNonEmpty(pg);
    const columns = new Map<string, string[]>();
    for (const table of TABLES) columns.set(table, await columnsOf(db, pg, table));

    const copiedBlobs: string[] = [];
    const folderBlobs = await copyBlobs(options.dataDir, pg, copiedBlobs).catch(async (error: unknown) => {
      await forgetBlobs(pg, copiedBlobs);
      throw error;
    });
    const blobCounts = { folder: folderBlobs, copied: copiedBlobs.length };
    const officeId = (db.prepare("SELECT value FROM settings WHERE key = 'office.id'").get() as { value: string } | undefined)?.value ?? '';
    const maxSeq = (query: string): number => ((db.prepare(query).get() as { n: number | null }).n ?? 0);
    const moved = await pg.transaction(async (sql) => {
      const counts: Record<string, number> = {};
      for (const table of TABLES) counts[table] = await copyTable(db, sql, table, columns.get(table)!);
      const audit = maxSeq('SELECT max(seq) AS n FROM audit_log');
      const reference = maxSeq('SELECT max(n) AS n FROM (SELECT max(seq) AS n FROM reference_items UNION ALL SELECT max(seq) FROM reference_versions)');
      await sql.query("UPDATE counters SET value = $1 WHERE name = 'audit'", [audit]);
      await sql.query("UPDATE counters SET value = $1 WHERE name = 'reference'", [reference]);
      await writeAudit(
        sql,
        { actor: 'cli', action: 'store.move', outcome: 'ok', target: officeId, details: { from: 'sqlite', to: databaseLabel(options.database), rows: counts, blobs: blobCounts.folder } },
        now().toISOString(),
      );
      return audit + 1;
    }).catch(async (error: unknown) => {
      await forgetBlobs(pg, copiedBlobs);
      throw error;
    });

    const tables: MoveSummary['tables'] = [];
    for (const table of TABLES) {
      const sqlite = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const [remote] = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      tables.push({ table, sqlite, postgres: remote?.n ?? 0 });
    }
    const [blobRows] = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM blobs');
    const summary: MoveSummary = { tables, blobs: { ...blobCounts, postgres: blobRows?.n ?? 0 }, auditSeq: moved };
    // The move's own audit entry is the one row PostgreSQL has more.
    const differs = tables.filter((t) => t.postgres !== t.sqlite + (t.table === 'audit_log' ? 1 : 0));
    if (differs.length || summary.blobs.postgres < summary.blobs.folder) {
      throw new OpsError(`the counts differ after the move (${differs.map((t) => `${t.table}: ${t.sqlite} → ${t.postgres}`).join(', ') || 'blobs'}); do not start the office on PostgreSQL`);
    }
    // Still under the lock: from here on, the SQLite office refuses to start.
    await markMoved(options.dataDir, options.database, now());
    return summary;
  } finally {
    // Nothing was written to office.sqlite; ending the read releases the lock.
    unlockSqliteFile(db);
    await pg.close();
  }
}
