/**
 * `npm run server -- backup --to <dir>`, while the service runs. SQLite: the database through
 * SQLite's online backup (a consistent copy, what is still in the WAL included), then the blob
 * folder: blobs are stored before the records that name them and never deleted, so every blob the
 * copied database names is in the folder by then. PostgreSQL: pg_dump of one snapshot (blobs are
 * in the database), whose counts the manifest gives. Both: the keys folder (and published updates),
 * which never leave the data folder otherwise, and the manifest, written last.
 *
 * The backup holds the office's private keys, so nothing in it is ever readable by others, also
 * while it is written: the folder is made 0700 first (an existing empty one too), and each file is
 * created 0600 before a byte goes in. The keys must be the ones the store records (`office.keys`):
 * a dump paired with other keys would restore an office that refuses to start.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { refuseMovedSqlite } from '../storage/open-store';
import { openPool, rows } from '../storage/postgres/pool';
import { OpsError } from './errors';
import { describeFiles, filesUnder, writeManifest, type BackupManifest } from './manifest';
import { keyPrintsIn, KEYS_SETTING, printsDiffer } from './office-identity';
import type { StoreTarget } from './migrate';
import { runPgTool } from './pg-tools';
import { openSqliteFile, sqliteVersion } from './sqlite-file';

/** Folders of the data folder a backup holds besides the store: the office's keys, and updates it publishes. */
const FOLDERS = ['keys', 'updates'];

async function isEmptyOrAbsent(dir: string): Promise<boolean> {
  return readdir(dir).then((entries) => entries.length === 0, (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
}

/** An empty file only the owner may read, for a program that then writes into it (keeping its mode). */
const createPrivateFile = (file: string): Promise<void> => writeFile(file, '', { mode: 0o600, flag: 'wx' });

async function refuseOtherKeys(dataDir: string, recorded: string | undefined): Promise<void> {
  if (printsDiffer(recorded, await keyPrintsIn(dataDir))) {
    throw new OpsError(`the keys in ${path.join(dataDir, 'keys')} are not the ones this store records: a backup must pair the store with its own office's keys (give the data folder of an instance of this office)`);
  }
}

async function copyFolder(from: string, to: string, skip: (rel: string) => boolean = () => false): Promise<string[]> {
  const copied: string[] = [];
  const present = await readdir(from).then(() => true, () => false);
  if (!present) return copied;
  for (const rel of await filesUnder(from)) {
    if (skip(rel)) continue;
    await mkdir(path.dirname(path.join(to, rel)), { recursive: true, mode: 0o700 });
    // Streamed, not copyFile: that gives the copy the source's mode (blobs are 0644) until a chmod.
    await pipeline(createReadStream(path.join(from, rel)), createWriteStream(path.join(to, rel), { mode: 0o600, flags: 'wx' }));
    copied.push(rel);
  }
  return copied;
}

async function backupSqlite(dataDir: string, to: string): Promise<Omit<BackupManifest, 'files' | 'format' | 'createdAt'> & { files: string[] }> {
  refuseMovedSqlite(dataDir);
  const source = openSqliteFile(dataDir);
  if (!source) throw new OpsError(`${dataDir} has no office.sqlite: nothing to back up (or give --database for a PostgreSQL office)`);
  try {
    // SQLite writes into the empty file (and its journal takes the file's mode).
    await createPrivateFile(path.join(to, 'office.sqlite'));
    await source.backup(path.join(to, 'office.sqlite'));
  } finally {
    source.close();
  }
  // The copy carries the source's WAL mode, in which even a reader leaves -wal and -shm files
  // beside it; in rollback mode it is one file, the one the manifest lists. The store turns WAL
  // back on when it opens the restored file.
  const copy = new Database(path.join(to, 'office.sqlite'));
  copy.pragma('journal_mode = DELETE');
  let facts: { schemaVersion: number; officeId: string | null; reports: number; keys: string | undefined };
  const setting = (key: string): string | undefined => (copy.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  try {
    facts = {
      schemaVersion: sqliteVersion(copy),
      officeId: setting('office.id') ?? null,
      reports: (copy.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n,
      keys: setting(KEYS_SETTING),
    };
  } finally {
    copy.close();
  }
  await refuseOtherKeys(dataDir, facts.keys);
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

async function backupPostgres(database: string, dataDir: string, to: string): Promise<Omit<BackupManifest, 'files' | 'format' | 'createdAt'> & { files: string[] }> {
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
      const [keys] = await rows<{ value: string }>(sql, 'SELECT value FROM settings WHERE key = $1', [KEYS_SETTING]);
      await refuseOtherKeys(dataDir, keys?.value);
      const [counts] = await rows<{ reports: number; blobs: number }>(sql, 'SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM blobs) AS blobs');
      // pg_dump truncates the file it is given, which keeps the mode it was created with.
      await createPrivateFile(path.join(to, 'database.dump'));
      await runPgTool('pg_dump', ['--format=custom', `--snapshot=${snapshot!.id}`, `--file=${path.join(to, 'database.dump')}`], database);
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
    // An existing (empty) folder keeps its mode otherwise: 0755 would show the keys to everyone.
    await chmod(to, 0o700);
    const taken = target.database ? await backupPostgres(target.database, target.dataDir, to) : await backupSqlite(target.dataDir, to);
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
