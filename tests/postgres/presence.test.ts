/**
 * An office open on a database holds its presence lock for as long as it is open, idle or not, so
 * restore can tell a live office from none (newcomer trial of issue 15: restore ran over two idle
 * instances whose pools had closed their connections), and an office cannot start while a restore
 * holds the lock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openStores, type OpenedStores } from '../../src-server/storage/open-store';
import { OFFICE_PRESENCE_LOCK } from '../../src-server/storage/postgres/locks';
import { claimExclusive } from '../../src-server/storage/postgres/presence';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

let database: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-presence-'));
});
afterAll(async () => {
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const open = (): Promise<OpenedStores> => openStores({ dataDir, database: database.url, now: () => new Date() });

async function sql<R extends pg.QueryResultRow>(text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

test('an open office keeps restore out until it closes, and while restore holds the lock no office opens', async () => {
  const first = await open();
  const second = await open();
  expect(await claimExclusive(database.url)).toBeUndefined();
  await first.store.close();
  // One instance still open is enough to refuse.
  expect(await claimExclusive(database.url)).toBeUndefined();
  await second.store.close();

  const restoring = await claimExclusive(database.url);
  expect(restoring).toBeDefined();
  await expect(open()).rejects.toThrow(/a restore is running on this database: start the office once it has finished/);
  await restoring!.close();

  const after = await open();
  await after.store.ping();
  await after.store.close();
});

test('takes its lock again after its connection was cut (a database restart), and gives it up on close', async () => {
  const office = await open();
  const presence = "application_name = 'xunjian-office' AND datname = current_database() AND query LIKE '%advisory_lock_shared%'";
  const cut = await sql<{ ended: boolean }>(`SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE ${presence}`);
  expect(cut.map((r) => r.ended)).toEqual([true]);

  let retaken = false;
  for (let i = 0; i < 100 && !retaken; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const held = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ShareLock' AND granted AND objid = ${OFFICE_PRESENCE_LOCK} AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    retaken = held[0]!.n === 1;
  }
  expect(retaken).toBe(true);
  expect(await claimExclusive(database.url)).toBeUndefined();

  await office.store.close();
  const free = await claimExclusive(database.url);
  expect(free).toBeDefined();
  await free!.close();
});
