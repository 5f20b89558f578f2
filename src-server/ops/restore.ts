/**
 * `npm run server -- restore --from <dir>`: a backup (backup.ts) put back into an empty data
 * folder (SQLite) or an empty database and the data folder's keys (PostgreSQL). Every file is
 * checked against the manifest first, so a damaged or altered backup is refused before anything
 * is touched; the files are then copied into a folder beside the target and moved into place.
 */
import { randomUUID } from 'node:crypto';
import { chmod, copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { openPool } from '../storage/postgres/pool';
import { postgresSchemaVersion } from '../storage/postgres/schema';
import { OpsError } from './errors';
import { checkBackup, filesUnder, sha256File, type BackupManifest } from './manifest';
import type { StoreTarget } from './migrate';
import { runPgTool } from './pg-tools';

/** What a restore writes into the data folder; anything else there (tls/, incoming/) is left alone. */
const RESTORED = ['office.sqlite', 'office.sqlite-wal', 'office.sqlite-shm', 'blobs', 'keys', 'updates'];

async function entriesOf(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}

/** The data folder's keys, if any, are the backup's own (a PostgreSQL instance that kept its folder). */
async function sameKeys(dataDir: string, manifest: BackupManifest): Promise<boolean> {
  const present = await filesUnder(path.join(dataDir, 'keys')).catch(() => []);
  const wanted = manifest.files.filter((f) => f.path.startsWith('keys/'));
  if (present.length !== wanted.length) return false;
  for (const file of wanted) {
    const local = path.join(dataDir, file.path);
    if ((await sha256File(local).catch(() => '')) !== file.sha256) return false;
  }
  return true;
}

async function refuseNonEmptyFolder(dataDir: string, manifest: BackupManifest, force: boolean): Promise<void> {
  if (force) return;
  const present = (await entriesOf(dataDir)).filter((e) => RESTORED.includes(e));
  if (manifest.store === 'postgres') {
    // An instance's own folder may already hold exactly these keys: nothing to overwrite then.
    const others = present.filter((e) => e !== 'keys');
    if (others.length || (present.includes('keys') && !(await sameKeys(dataDir, manifest)))) {
      throw new OpsError(`${dataDir} already holds ${present.join(', ')} that differ from the backup's: restore into an empty data folder, or give --force to replace them`);
    }
    return;
  }
  if (present.length) throw new OpsError(`${dataDir} is not empty (${present.join(', ')}): restore into an empty data folder, or give --force to replace them`);
}

/** Copies the backup's files into a new folder inside the data folder, then swaps each top-level entry in. */
async function placeFiles(backup: string, dataDir: string, manifest: BackupManifest): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  const staging = path.join(dataDir, `.restore-${randomUUID()}`);
  try {
    for (const file of manifest.files) {
      if (file.path === 'database.dump') continue;
      const to = path.join(staging, file.path);
      await mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
      await copyFile(path.join(backup, file.path), to);
      await chmod(to, 0o600);
    }
    for (const entry of await entriesOf(staging)) {
      await rm(path.join(dataDir, entry), { recursive: true, force: true });
      if (entry === 'office.sqlite') for (const extra of ['-wal', '-shm']) await rm(path.join(dataDir, `${entry}${extra}`), { force: true });
      await rename(path.join(staging, entry), path.join(dataDir, entry));
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function restorePostgres(backup: string, database: string, manifest: BackupManifest, force: boolean): Promise<void> {
  const db = openPool(database, { max: 1, applicationName: 'xunjian-restore' });
  try {
    const [tables] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    if ((tables?.n ?? 0) > 0 && !force) throw new OpsError('the database is not empty: restore into a new, empty database, or give --force to replace what it holds');
    // One transaction: a restore that fails leaves the database as it was.
    await runPgTool('pg_restore', ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', ...(force ? ['--clean', '--if-exists'] : []), path.join(backup, 'database.dump')], database);
    const version = await postgresSchemaVersion(db);
    const [counts] = await db.query<{ reports: number; blobs: number }>('SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM blobs) AS blobs');
    if (version !== manifest.schemaVersion || Number(counts?.reports) !== manifest.counts.reports || Number(counts?.blobs) !== manifest.counts.blobs) {
      throw new OpsError(`the restored database holds ${counts?.reports} reports and ${counts?.blobs} blobs at schema ${version}; the manifest says ${manifest.counts.reports}, ${manifest.counts.blobs}, schema ${manifest.schemaVersion}`);
    }
  } finally {
    await db.close();
  }
}

export async function restoreOffice(target: StoreTarget, backup: string, options: { force?: boolean } = {}): Promise<BackupManifest> {
  const manifest = await checkBackup(backup);
  const force = options.force === true;
  if (manifest.store === 'postgres' && !target.database) throw new OpsError('this is a backup of a PostgreSQL office: give --database <url> of an empty database to restore it into');
  if (manifest.store === 'sqlite' && target.database) throw new OpsError('this is a backup of a SQLite office: restore it with --data <dir> only (move-to-postgres moves it afterwards)');
  await refuseNonEmptyFolder(target.dataDir, manifest, force);
  if (manifest.store === 'postgres') await restorePostgres(backup, target.database!, manifest, force);
  await placeFiles(backup, target.dataDir, manifest);
  return manifest;
}
