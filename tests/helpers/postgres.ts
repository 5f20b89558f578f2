/**
 * A real PostgreSQL for the tests (issue 15): `.ci/run` installs Debian's server and makes the
 * `xunjian` role; each test office gets a fresh database of its own, so files run in parallel.
 * XUNJIAN_TEST_STORE=postgres (the `server-pg` project) runs the server suite on it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where test databases are created from: a role that may CREATE DATABASE. */
export const TEST_POSTGRES_ADMIN_URL = process.env.XUNJIAN_TEST_POSTGRES ?? 'postgres://xunjian:xunjian@127.0.0.1:5432/postgres';

/** Test databases are named with this prefix, so a run can drop what an earlier one left. */
export const TEST_DATABASE_PREFIX = 'xj_t_';

export const testsUsePostgres = (): boolean => process.env.XUNJIAN_TEST_STORE === 'postgres';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * FORCE: an office a test killed may still hold connections. But PostgreSQL 15 refuses FORCE
 * (42501) when an autovacuum worker is in the database, as after a test wrote many blob chunks: a
 * plain DROP then ends the worker itself.
 */
async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A new, empty database with the collation the office requires (byte order, UTF-8). A benchmark
 * gives its own prefix, so that a test run starting meanwhile does not drop it as a leftover.
 */
export async function createTestDatabase(prefix = TEST_DATABASE_PREFIX): Promise<TestDatabase> {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`));
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin((c) => dropDatabase(c, name)),
  };
}

/**
 * Drops every test database an earlier run left behind (the server-pg project's global setup).
 * Without FORCE: a database someone is connected to belongs to a run still going (another
 * engineer's, on the same server) and is left alone; a killed run's connections are gone.
 */
export async function dropLeftoverTestDatabases(): Promise<void> {
  await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEST_DATABASE_PREFIX}%`]);
    for (const { datname } of rows) {
      await c.query(`DROP DATABASE IF EXISTS ${datname}`).catch((error: unknown) => {
        // 55006 object_in_use: "being accessed by other users".
        if ((error as { code?: string }).code !== '55006') throw error;
      });
    }
  });
}
