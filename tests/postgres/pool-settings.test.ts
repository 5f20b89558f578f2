/**
 * The office's connections end what would otherwise hold the counters' locks for hours (issue 15
 * review): an idle transaction, a lock waited on, a statement run too long; keepalives find a dead peer.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openPool, type PostgresPool } from '../../src-server/storage/postgres/pool';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

let database: TestDatabase;
let db: PostgresPool;

beforeAll(async () => {
  database = await createTestDatabase();
  db = openPool(database.url, { max: 1 });
});
afterAll(async () => {
  await db.close();
  await database.drop();
});

test('every connection carries the server-side time limits', async () => {
  const shown = async (name: string): Promise<string> => (await db.query<Record<string, string>>(`SHOW ${name}`))[0]![name]!;
  expect(await shown('idle_in_transaction_session_timeout')).toBe('1min');
  expect(await shown('lock_timeout')).toBe('30s');
  expect(await shown('statement_timeout')).toBe('2min');
  expect(await shown('application_name')).toBe('xunjian-office');
});
