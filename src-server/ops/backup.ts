/**
 * `npm run server -- backup --to <dir>`, while the service runs. SQLite: the database through
 * SQLite's online backup (a consistent copy, what is still in the WAL included), then the blob
 * folder: blobs are stored before the records that name them and never deleted, so every blob the
 * copied database names is in the folder by then. PostgreSQL: pg_dump of one snapshot (blobs are
 * in the database), whose counts the manifest gives. Both: the keys folder (and published updates),
 * which never leave the data folder otherwise, and the manifest, written last.
 */
import { chmod, copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openPool, rows } from '../storage/postgres/pool';
import { OpsError } from './errors';
import { describeFiles, filesUnder, writeManifest, type BackupManifest } from './manifest';
import type { StoreTarget } from './migrate';
import { runPgTool } from './pg-tools';
import { openSqliteFile, sqliteVersion } from './sqlite-file';

/** Folders of the data folder a backup holds besides the store: the office's keys, and updates it publishes. */
const FOLDERS = ['keys', 'updates'];

async function isEmptyOrAbsent(dir: string): Promise<boolean> {
  return readdir(dir).then((entries) => entries.length === 0, (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
}

async function copyFolder(from: string, to: string, skip: (rel: string) => boolean = () => false): Promise<string[]> {
  const copied: string[] = [];
  const present = await readdir(from).then(() => true, () => false);
  if (!present) return copied;
  for (const rel of await filesUnder(from)) {
    if (skip(rel)) continue;
    await mkdir(path.dirname(path.join(to, rel)), { recursive: true, mode: 0o700 });
    await copyFile(path.join(from, rel), path.join(to, rel));
    await chmod(path.join(to, rel), 0o600);
    copied.push(rel);
  }
  return copied;
}

async function backupSqlite(dataDir: string, to: string): Promise<Omit<BackupManifest, 'files' | 'format' | 'createdAt'> & { files: string[] }> {
  const source = openSqliteFile(dataDir);
  if (!source) throw new OpsError(`${dataDir} has no office.sqlite: nothing to back up (or give --database for a PostgreSQL office)`);
  try {
    await source.backup(path.join(to, 'office.sqlite'));
  } finally {
    source.close();
  }
  await chmod(path.join(to, 'office.sqlite'), 0o600);
  const copy = new Database(path.join(to, 'office.sqlite'), { readonly: true });
  let facts: { schemaVersion: number; officeId: string | null; reports: number };
  try {
    facts = {
      schemaVersion: sqliteVersion(copy),
      officeId: (copy.prepare("SELECT value FROM settings WHERE key = 'office.id'").get() as { value: string } | undefined)?.value ?? null,
      reports: (copy.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n,
    };
  } finally {
    copy.close();
  }
  // After the database: every blob a copied row names is already on disk. tmp/ holds cut uploads.
  const blobs = await copyFolder(path.join(dataDir, 'blobs'), path.join(to, 'blobs'), (rel) => rel.startsWith('tmp/'));
  return {
    store: 'sqlite',
    schemaVersion: facts.schemaVersion,
    officeId: facts.officeId,
    counts: { reports: facts.reports, blobs: blobs.length },
    files: ['office.sqlite', ...blobs.map((b) => `blobs/${b}`)],
  };
}

async function backupPostgres(database: string, to: string): Promise<Omit<BackupManifest, 'files' | 'format' | 'createdAt'> & { files: string[] }> {
  const db = openPool(database, { max: 1, applicationName: 'xunjian-backup' });
  try {
    // pg_dump reads the snapshot this transaction exports, so the counts are the dump's own.
    return await db.transaction(async (sql) => {
      await sql.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const [snapshot] = await rows<{ id: string }>(sql, 'SELECT pg_export_snapshot() AS id');
      const [version] = await rows<{ version: number }>(sql, 'SELECT version FROM schema_version').catch(() => {
        throw new OpsError('the database has no Xunjian schema: nothing to back up');
      });
      const [office] = await rows<{ value: string }>(sql, "SELECT value FROM settings WHERE key = 'office.id'");
      const [counts] = await rows<{ reports: number; blobs: number }>(sql, 'SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM blobs) AS blobs');
      await runPgTool('pg_dump', ['--format=custom', `--snapshot=${snapshot!.id}`, `--file=${path.join(to, 'database.dump')}`], database);
      await chmod(path.join(to, 'database.dump'), 0o600);
      return {
        store: 'postgres' as const,
        schemaVersion: version?.version ?? 0,
        officeId: office?.value ?? null,
        counts: { reports: Number(counts!.reports), blobs: Number(counts!.blobs) },
        files: ['database.dump'],
      };
    });
  } finally {
    await db.close();
  }
}

export async function backupOffice(target: StoreTarget, to: string, now: Date = new Date()): Promise<BackupManifest> {
  if (!(await isEmptyOrAbsent(to))) throw new OpsError(`${to} is not empty: back up into a new folder`);
  const keysPresent = await readdir(path.join(target.dataDir, 'keys')).then((e) => e.length > 0, () => false);
  if (!keysPresent) throw new OpsError(`${path.join(target.dataDir, 'keys')} has no keys: a backup without the office's keys could not serve its devices`);
  await mkdir(to, { recursive: true, mode: 0o700 });
  try {
    const taken = target.database ? await backupPostgres(target.database, to) : await backupSqlite(target.dataDir, to);
    const folders: string[] = [];
    for (const folder of FOLDERS) folders.push(...(await copyFolder(path.join(target.dataDir, folder), path.join(to, folder))).map((f) => `${folder}/${f}`));
    const manifest: BackupManifest = {
      format: 'xunjian.backup.v1',
      store: taken.store,
      schemaVersion: taken.schemaVersion,
      officeId: taken.officeId,
      createdAt: now.toISOString(),
      counts: taken.counts,
      files: await describeFiles(to, [...taken.files, ...folders]),
    };
    await writeManifest(to, manifest);
    return manifest;
  } catch (error) {
    // A backup without its manifest is no backup: nothing half-written is left to be mistaken for one.
    await rm(to, { recursive: true, force: true });
    throw error;
  }
}
