/**
 * What backup and restore refuse, on the store the suite runs on (security review of issue 15):
 * a backup is private while it is written (folder 0700, files 0600, also in an existing 0755
 * folder) and never pairs a store with another office's keys; restore --force never puts office
 * B's backup over office A without --other-office, never runs while A is open, and keeps what it
 * replaces in .replaced-<time>/; the database password appears in no output, error or pg_dump
 * command line.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, sha256File } from '../../src-server/ops/manifest';
import { pgToolCommand } from '../../src-server/ops/pg-tools';
import { databaseLabel, notPostgresUrl, redactedUrl } from '../../src-server/storage/open-store';
import { createTestDatabase, testsUsePostgres, type TestDatabase } from '../helpers/postgres';
import { enrolledDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { holdDatabase, serverCli } from './helpers/ops-cli';
import { makeReport, pushBlobs, pushReport } from './helpers/report';

const onPostgres = testsUsePostgres();
const SECRET = 'S3cretPw';
let work: string;

interface Site {
  dataDir: string;
  database: TestDatabase | undefined;
  release: () => Promise<void>;
  office: TestOffice | undefined;
}
let a: Site;
let b: Site;

async function site(name: string, catalog: boolean): Promise<Site> {
  const dataDir = path.join(work, name);
  const database = onPostgres ? await createTestDatabase() : undefined;
  const release = await holdDatabase(database?.url);
  const office = await startTestOffice({ dataDir, ...(catalog ? {} : { catalogDir: null }), ...(database ? { database: database.url } : {}) });
  return { dataDir, database, release, office };
}

/**
 * Ends every connection of the office's pool as its idle timeout would, leaving the one that holds
 * its presence lock (storage/postgres/presence.ts); the pool's connections still open after that.
 */
async function endPoolConnections(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const others = "application_name = 'xunjian-office' AND datname = current_database() AND query NOT LIKE '%advisory_lock_shared%'";
    await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ${others}`);
    for (let i = 0; i < 50; i++) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${others}`);
      if (rows[0]!.n === 0) return 0;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return -1;
  } finally {
    await client.end();
  }
}

const run = (s: Site, args: string[]) => serverCli([...args, '--data', s.dataDir], s.database?.url);

/** Every file of the keys folder and its SHA-256. */
async function keysOf(dataDir: string): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  for (const rel of await filesUnder(path.join(dataDir, 'keys'))) keys[rel] = await sha256File(path.join(dataDir, 'keys', rel));
  return keys;
}

/** Mode bits of every folder and file under `root`, the root included. */
async function modesUnder(root: string): Promise<{ folders: number[]; files: number[] }> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const modes = { folders: [(await stat(root)).mode & 0o777], files: [] as number[] };
  for (const e of entries) {
    const mode = (await stat(path.join(e.parentPath, e.name))).mode & 0o777;
    (e.isDirectory() ? modes.folders : modes.files).push(mode);
  }
  return modes;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'xunjian-restore-'));
  a = await site('a', true);
  b = await site('b', false);
  const device = await enrolledDevice(a.office!, 'qin-lan', ['yunan-peoples']);
  const report = await makeReport(device, { photos: 1 });
  await pushBlobs(device, report.blobs);
  expect((await pushReport(device, report.envelope)).status).toBe(201);
}, 120_000);

afterAll(async () => {
  for (const s of [a, b]) {
    await s?.office?.close();
    await s?.release();
    await s?.database?.drop();
  }
  await rm(work, { recursive: true, force: true });
}, 60_000);

describe('backup', () => {
  it('closes an existing empty 0755 folder to 0700 before writing, and writes every file 0600', async () => {
    const to = path.join(work, 'open-folder');
    await mkdir(to, { mode: 0o755 });
    const made = await run(a, ['backup', '--to', to]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const modes = await modesUnder(to);
    expect(new Set(modes.folders)).toEqual(new Set([0o700]));
    expect(modes.files.length).toBeGreaterThanOrEqual(4);
    expect(new Set(modes.files)).toEqual(new Set([0o600]));
    // Every file the folder holds is one the manifest lists (no -wal or -shm left by reading the copy).
    const manifest = JSON.parse(await readFile(path.join(to, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    expect((await filesUnder(to)).sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
  });

  it('refuses keys that are not the ones the store records', async () => {
    // A's store with B's keys: on SQLite a copy of A's backed-up file, on PostgreSQL A's database.
    const mixed: Site = { ...a, dataDir: path.join(work, 'mixed'), office: undefined };
    await mkdir(mixed.dataDir, { mode: 0o700 });
    await cp(path.join(b.dataDir, 'keys'), path.join(mixed.dataDir, 'keys'), { recursive: true });
    if (!onPostgres) await cp(path.join(work, 'open-folder', 'office.sqlite'), path.join(mixed.dataDir, 'office.sqlite'));
    const to = path.join(work, 'mixed-backup');
    const refused = await run(mixed, ['backup', '--to', to]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/keys in .* are not the ones this store records/);
    await expect(stat(to)).rejects.toThrow();
  });
});

describe('restore --force', () => {
  let backupA: string;
  let backupB: string;

  beforeAll(async () => {
    backupA = path.join(work, 'backup-a');
    backupB = path.join(work, 'backup-b');
    expect((await run(a, ['backup', '--to', backupA])).code).toBe(0);
    expect((await run(b, ['backup', '--to', backupB])).code).toBe(0);
  }, 60_000);

  it('is refused while the office is open on its store, even with no query of its pool under way', async () => {
    const keys = await keysOf(a.dataDir);
    // An idle instance's pool closes its connections after 10 s: only its presence lock is left.
    if (onPostgres) expect(await endPoolConnections(a.database!.url)).toBe(0);
    const refused = await run(a, ['restore', '--from', backupA, '--force']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(onPostgres ? /an office instance or admin command has .* open: stop every instance/ : /office\.sqlite is in use: stop the office service/);
    expect(await keysOf(a.dataDir)).toEqual(keys);
    expect((await readdir(a.dataDir)).filter((e) => e.startsWith('.replaced-'))).toEqual([]);
    expect((await a.office!.ctx.store.listReports({ limit: 10, offset: 0 })).total).toBe(1);
  });

  it("refuses office B's backup over office A unless --other-office; with it, keeps A's keys and store aside", async () => {
    await a.office!.close();
    a.office = undefined;
    const keys = await keysOf(a.dataDir);
    const refused = await run(a, ['restore', '--from', backupB, '--force']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the target holds office \S+ but the backup is of office \S+: .*--other-office/);
    expect(await keysOf(a.dataDir)).toEqual(keys);

    const replaced = await run(a, ['restore', '--from', backupB, '--force', '--other-office']);
    expect(replaced.stderr).toBe('');
    expect(replaced.code).toBe(0);
    expect(await keysOf(a.dataDir)).toEqual(await keysOf(b.dataDir));
    const [aside] = (await readdir(a.dataDir)).filter((e) => e.startsWith('.replaced-'));
    expect(aside).toBeDefined();
    expect((await stat(path.join(a.dataDir, aside!))).mode & 0o777).toBe(0o700);
    expect(await keysOf(path.join(a.dataDir, aside!))).toEqual(keys);
    const kept = await readdir(path.join(a.dataDir, aside!));
    expect(kept).toContain(onPostgres ? 'database.dump' : 'office.sqlite');
    if (onPostgres) expect((await stat(path.join(a.dataDir, aside!, 'database.dump'))).mode & 0o777).toBe(0o600);
  });
});

describe('the database password', () => {
  it('is in no redacted URL, label, refusal or pg_dump command line', () => {
    const url = `postgres://xunjian@db.internal:5432/office?sslmode=disable&password=${SECRET}`;
    expect(redactedUrl(url)).not.toContain(SECRET);
    expect(redactedUrl(`postgres://xunjian:${SECRET}@db.internal/office?sslpassword=${SECRET}&passfile=/etc/${SECRET}`)).not.toContain(SECRET);
    expect(databaseLabel(url)).toBe('db.internal:5432/office');
    expect(notPostgresUrl(`postgress://xunjian:${SECRET}@db.internal/office`)).toBe('--database must be a postgres:// (or postgresql://) URL; the value given starts with postgress://');
    expect(notPostgresUrl(`xunjian:${SECRET}@db.internal/office`)).not.toContain(SECRET);

    for (const given of [url, `postgres://xunjian:${SECRET}@db.internal:5432/office?password=${SECRET}`]) {
      const command = pgToolCommand(['--format=custom', '--file=/backup/database.dump'], given);
      expect(command.argv.join(' ')).not.toContain(SECRET);
      expect(command.argv.at(-1)).toBe('--dbname=postgres://xunjian@db.internal:5432/office' + (given === url ? '?sslmode=disable' : ''));
      expect(command.env.PGPASSWORD).toBe(SECRET);
    }
    expect(() => pgToolCommand([], `postgres://xunjian@db.internal/office?sslpassword=${SECRET}`)).toThrow(/cannot be given sslpassword/);
  });

  it('appears in no output or error of the commands, whether the URL is mistyped or the password wrong', async () => {
    const typo = `postgress://xunjian:${SECRET}@127.0.0.1:5432/xunjian`;
    const dataDir = path.join(work, 'never');
    const runs = [
      await serverCli(['backup', '--to', path.join(work, 'never-backup'), '--data', dataDir], typo),
      await serverCli(['--data', dataDir, '--port', '0'], typo),
    ];
    if (onPostgres) {
      // A's database with a wrong password in a query parameter: refused by the server.
      const wrong = new URL(a.database!.url);
      wrong.password = '';
      wrong.searchParams.set('password', SECRET);
      for (const command of [['migrate', '--check'], ['backup', '--to', path.join(work, 'never-backup')], ['restore', '--from', path.join(work, 'backup-a'), '--force']]) {
        runs.push(await serverCli([...command, '--data', dataDir], wrong.toString()));
      }
    }
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    }
    expect(runs[0]!.stderr).toContain('must be a postgres:// (or postgresql://) URL');
  });
});
