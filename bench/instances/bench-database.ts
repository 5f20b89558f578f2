/**
 * The PostgreSQL databases the instances benchmark runs on: made with the office's required
 * collation from an admin URL (XUNJIAN_BENCH_POSTGRES, a role that may CREATE DATABASE), and
 * dropped afterwards. Their prefix is not the tests' (xj_t_), so a test run never drops them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const BENCH_POSTGRES_ADMIN_URL = process.env.XUNJIAN_BENCH_POSTGRES ?? 'postgres://xunjian:xunjian@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The server's version, for the report's facts. */
export async function postgresVersion(adminUrl = BENCH_POSTGRES_ADMIN_URL): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(adminUrl = BENCH_POSTGRES_ADMIN_URL): Promise<BenchDatabase> {
  // Made of hex digits only: safe to put into the statement, which takes no parameters.
  const name = `xj_bench_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // FORCE: the instances may still hold connections. PostgreSQL 15 refuses it (42501) while an
  // autovacuum worker is in the database (after many blob chunks); a plain DROP ends that worker.
  const drop = (): Promise<void> =>
    admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error: unknown) => {
      if ((error as { code?: string }).code !== '42501') throw error;
      return admin(adminUrl, `DROP DATABASE IF EXISTS ${name}`);
    });
  return { url: url.toString(), drop };
}
