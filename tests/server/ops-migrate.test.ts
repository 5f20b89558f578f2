/**
 * `npm run server -- migrate` (issue 15): brings an empty or older store to this version's schema
 * without starting the service or making keys; `--check` only says whether a migration is due
 * (exit 3) and a store newer than the code is refused.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { POSTGRES_SCHEMA_VERSION } from '../../src-server/storage/postgres/schema';
import { SQLITE_SCHEMA_VERSION } from '../../src-server/storage/sqlite/schema';
import { createTestDatabase, testsUsePostgres, type TestDatabase } from '../helpers/postgres';
import { holdDatabase, serverCli } from './helpers/ops-cli';

const store = testsUsePostgres() ? 'postgres' : 'sqlite';
const latest = store === 'postgres' ? POSTGRES_SCHEMA_VERSION : SQLITE_SCHEMA_VERSION;
let dataDir: string;
let database: TestDatabase | undefined;
let release: () => Promise<void>;
const run = (...args: string[]) => serverCli([...args, '--data', dataDir], database?.url);

beforeAll(async () => {
  dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'xunjian-migrate-')), 'data');
  database = store === 'postgres' ? await createTestDatabase() : undefined;
  release = await holdDatabase(database?.url);
});
afterAll(async () => {
  await release();
  await rm(path.dirname(dataDir), { recursive: true, force: true });
  await database?.drop();
});

async function setVersion(version: number): Promise<void> {
  if (database) {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('UPDATE schema_version SET version = $1', [version]);
    await client.end();
  } else {
    const db = new Database(path.join(dataDir, 'office.sqlite'));
    db.pragma(`user_version = ${version}`);
    db.close();
  }
}

it('checks, migrates an empty store, then finds it up to date; never makes keys', async () => {
  const due = await run('migrate', '--check');
  expect(due.stdout.trim()).toBe(`${store} schema 0: migration to ${latest} is due`);
  expect(due.code).toBe(3);
  // A check writes nothing.
  expect(existsSync(path.join(dataDir, 'office.sqlite'))).toBe(false);

  const migrated = await run('migrate');
  expect(migrated.stdout.trim()).toBe(`${store} schema 0 → ${latest}`);
  expect(migrated.code).toBe(0);
  expect(existsSync(path.join(dataDir, 'keys'))).toBe(false);

  expect(await run('migrate', '--check')).toMatchObject({ code: 0, stdout: `${store} schema ${latest}: up to date\n` });
  expect(await run('migrate')).toMatchObject({ code: 0, stdout: `${store} schema ${latest}: up to date, nothing to do\n` });
});

it('refuses a store newer than this version, in one line', async () => {
  await setVersion(latest + 1);
  const check = await run('migrate', '--check');
  expect(check.code).toBe(1);
  expect(check.stderr.trim()).toMatch(new RegExp(`is schema ${latest + 1}, newer than this version \\(${latest}\\): update the service$`));
  const migrate = await run('migrate');
  expect(migrate.code).toBe(1);
  expect(migrate.stderr.trim().split('\n')).toHaveLength(1);
  expect(migrate.stderr).toMatch(/newer than this service/);
  await setVersion(latest);
});
