/**
 * The office compares instants and keys as text, byte by byte, as SQLite does: a database that
 * would sort them otherwise is refused before anything is written, with the createdb line to use.
 */
import pg from 'pg';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openStores } from '../../src-server/storage/open-store';
import { TEST_DATABASE_PREFIX, TEST_POSTGRES_ADMIN_URL } from '../helpers/postgres';

const made: string[] = [];

async function database(options: string): Promise<string> {
  const name = `${TEST_DATABASE_PREFIX}loc_${made.length}_${process.pid}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ${options}`);
  } finally {
    await admin.end();
  }
  made.push(name);
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.end();
});

async function refusal(url: string): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-locale-'));
  try {
    const opened = await openStores({ dataDir, database: url, now: () => new Date() }).then(
      async (stores) => {
        await stores.store.close();
        return '';
      },
      (error: unknown) => (error as Error).message,
    );
    return opened;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

test('an ICU database is refused even when it reports collation C.UTF-8', async () => {
  const message = await refusal(await database("ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"));
  expect(message).toContain('ICU collation en-US');
  expect(message).toContain('createdb --encoding=UTF8 --locale=C --template=template0');
});

test('a database that is not UTF-8 is refused', async () => {
  expect(await refusal(await database("ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'"))).toContain('encoding SQL_ASCII');
});

test('a libc C.UTF-8 database sorts byte by byte and is taken', async () => {
  expect(await refusal(await database("ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"))).toBe('');
});
