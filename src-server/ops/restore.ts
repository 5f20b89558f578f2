/**
 * `npm run server -- restore --from <dir>`: a backup (backup.ts) put back into an empty data
 * folder (SQLite) or an empty database and the data folder's keys (PostgreSQL). Every file is
 * checked against the manifest first, so a damaged backup is refused before anything is touched;
 * the files are then copied into a folder beside the target and moved into place.
 *
 * `--force` restores over what the target holds, but never loses it: every entry it replaces
 * (office.sqlite and its -wal/-shm, blobs/, keys/, updates/) is moved to `<data>/.replaced-<time>/`
 * (0700), and on PostgreSQL the database is first dumped there. It still refuses a target that
 * holds another office (its id in the store or in the keys' CA certificate differs from the
 * backup's) unless `--other-office` says so too, and a target in use: office.sqlite is locked
 * exclusively for the swap (as move-to-postgres does), and a database is refused while any office
 * instance has it open, idle or not (storage/postgres/presence.ts), and locked against one starting
 * until the restore is done.
 */
import { randomUUID } from 'node:crypto';
import { chmod, copyFile, lstat, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { databaseLabel, MOVED_MARKER } from '../storage/open-store';
import { openPool, type PostgresPool } from '../storage/postgres/pool';
import { claimExclusive } from '../storage/postgres/presence';
import { postgresSchemaVersion } from '../storage/postgres/schema';
import { OpsError } from './errors';
import { checkBackup, filesUnder, sha256File, type BackupManifest } from './manifest';
import type { StoreTarget } from './migrate';
import { caOfficeId } from './office-identity';
import { runPgTool } from './pg-tools';
import { lockSqliteFile, openSqliteFile, sqliteFileOf, unlockSqliteFile } from './sqlite-file';

/** What a restore writes into the data folder; anything else there (tls/, incoming/) is left alone. */
const RESTORED = ['office.sqlite', 'office.sqlite-wal', 'office.sqlite-shm', MOVED_MARKER, 'blobs', 'keys', 'updates'];

export interface RestoreOptions {
  /** Replace what the target holds (moved aside, never deleted). */
  force?: boolean;
  /** With force: the target may hold another office than the backup's. */
  otherOffice?: boolean;
  now?: Date;
}

async function entriesOf(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}

const exists = (file: string): Promise<boolean> => lstat(file).then(() => true, () => false);

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

/** The office ids the target holds: in its store's settings and in its keys' CA certificate. */
async function targetOffices(target: StoreTarget, db: PostgresPool | undefined): Promise<Set<string>> {
  const ids = new Set<string>();
  const fromKeys = await caOfficeId(target.dataDir);
  if (fromKeys) ids.add(fromKeys);
  if (db) {
    const [settings] = await db.query<{ present: boolean }>("SELECT to_regclass('settings') IS NOT NULL AS present");
    if (settings?.present) {
      const [row] = await db.query<{ value: string }>("SELECT value FROM settings WHERE key = 'office.id'");
      if (row) ids.add(row.value);
    }
  } else {
    const sqlite = openSqliteFile(target.dataDir, { readonly: true });
    try {
      const present = sqlite?.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").get();
      const row = present ? (sqlite!.prepare("SELECT value FROM settings WHERE key = 'office.id'").get() as { value: string } | undefined) : undefined;
      if (row) ids.add(row.value);
    } finally {
      sqlite?.close();
    }
  }
  return ids;
}

async function refuseOtherOffice(target: StoreTarget, manifest: BackupManifest, db: PostgresPool | undefined, otherOffice: boolean): Promise<void> {
  const others = [...(await targetOffices(target, db))].filter((id) => id !== manifest.officeId);
  if (!others.length || otherOffice) return;
  throw new OpsError(
    `the target holds office ${others.join(', ')} but the backup is of office ${manifest.officeId ?? '(unknown)'}: restoring would replace another office's keys and reports. ` +
      'Check --data and --database; give --force --other-office only if that office is to be replaced',
  );
}

/** `<data>/.replaced-<time>/`, made (0700) when the first entry is moved into it. */
function asideFolder(dataDir: string, now: Date): { dir: string; keep: (entry: string) => Promise<void> } {
  const dir = path.join(dataDir, `.replaced-${now.toISOString().replace(/[:.]/g, '-')}`);
  return {
    dir,
    async keep(entry) {
      if (!(await exists(path.join(dataDir, entry)))) return;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      await rename(path.join(dataDir, entry), path.join(dir, entry));
    },
  };
}

/**
 * Copies the backup's files into a new folder inside the data folder, then swaps each top-level
 * entry in, what it replaces moved aside.
 */
async function placeFiles(backup: string, dataDir: string, manifest: BackupManifest, aside: ReturnType<typeof asideFolder>): Promise<void> {
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
      // The old database's journal files and move marker belong to it: they go with it.
      const replaced = entry === 'office.sqlite' ? [entry, `${entry}-wal`, `${entry}-shm`, MOVED_MARKER] : [entry];
      for (const old of replaced) await aside.keep(old);
      await rename(path.join(staging, entry), path.join(dataDir, entry));
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * pg_restore in one transaction: if it fails, the database is as it was. The counts are compared
 * after it committed, so a mismatch is reported with the backup's data already in place; with
 * --force, what the database held before is in the dump kept in `.replaced-…/`.
 */
async function restorePostgres(backup: string, database: string, db: PostgresPool, manifest: BackupManifest, force: boolean, aside: ReturnType<typeof asideFolder>): Promise<void> {
  const [tables] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
  const holds = (tables?.n ?? 0) > 0;
  if (holds && !force) throw new OpsError('the database is not empty: restore into a new, empty database, or give --force to replace what it holds');
  if (holds) {
    await mkdir(aside.dir, { recursive: true, mode: 0o700 });
    await chmod(aside.dir, 0o700);
    // Created 0600 before pg_dump writes into it (it truncates, keeping the mode).
    await writeFile(path.join(aside.dir, 'database.dump'), '', { mode: 0o600, flag: 'wx' });
    await runPgTool('pg_dump', ['--format=custom', `--file=${path.join(aside.dir, 'database.dump')}`], database);
  }
  await runPgTool('pg_restore', ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', ...(force ? ['--clean', '--if-exists'] : []), path.join(backup, 'database.dump')], database);
  const version = await postgresSchemaVersion(db);
  const [counts] = await db.query<{ reports: number; blobs: number }>('SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM blobs) AS blobs');
  if (version !== manifest.schemaVersion || Number(counts?.reports) !== manifest.counts.reports || Number(counts?.blobs) !== manifest.counts.blobs) {
    throw new OpsError(
      `the restored database holds ${counts?.reports} reports and ${counts?.blobs} blobs at schema ${version}; the manifest says ${manifest.counts.reports}, ${manifest.counts.blobs}, schema ${manifest.schemaVersion}. ` +
        `Do not start the office on it${holds ? `; what it held before is in ${path.join(aside.dir, 'database.dump')}` : ''}`,
    );
  }
}

export async function restoreOffice(target: StoreTarget, backup: string, options: RestoreOptions = {}): Promise<BackupManifest> {
  const manifest = await checkBackup(backup);
  const force = options.force === true;
  if (manifest.store === 'postgres' && !target.database) throw new OpsError('this is a backup of a PostgreSQL office: give --database <url> of an empty database to restore it into');
  if (manifest.store === 'sqlite' && target.database) throw new OpsError('this is a backup of a SQLite office: restore it with --data <dir> only (move-to-postgres moves it afterwards)');
  const aside = asideFolder(target.dataDir, options.now ?? new Date());
  const db = target.database ? openPool(target.database, { max: 1, applicationName: 'xunjian-restore' }) : undefined;
  try {
    await refuseOtherOffice(target, manifest, db, options.otherOffice === true);
    await refuseNonEmptyFolder(target.dataDir, manifest, force);
    await mkdir(target.dataDir, { recursive: true, mode: 0o700 });
    await chmod(target.dataDir, 0o700);
    if (db) {
      const label = databaseLabel(target.database!);
      // Held until the restore is done: no instance can start on a half-restored database.
      const exclusive = await claimExclusive(target.database!);
      if (!exclusive) throw new OpsError(`an office instance or admin command has ${label} open: stop every instance of this office before restoring`);
      try {
        await restorePostgres(backup, target.database!, db, manifest, force, aside);
        await placeFiles(backup, target.dataDir, manifest, aside);
      } finally {
        await exclusive.close();
      }
      return manifest;
    }
    // Held across the swap: no office can open the old file meanwhile, nor the new one half placed.
    const lock = (await exists(sqliteFileOf(target.dataDir))) ? lockSqliteFile(target.dataDir, 'before restoring over it') : undefined;
    try {
      await placeFiles(backup, target.dataDir, manifest, aside);
    } finally {
      if (lock) unlockSqliteFile(lock);
    }
    return manifest;
  } finally {
    await db?.close();
  }
}
