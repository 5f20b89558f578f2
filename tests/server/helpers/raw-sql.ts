/**
 * One statement straight into a test office's database, on whichever store it runs: for states
 * the port refuses to write today (a test building an attack as an older version left it).
 * Parameters are written `?`; on PostgreSQL they become $1, $2 … in order.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { TestOffice } from './office';

export async function runSql(office: Pick<TestOffice, 'dataDir' | 'database'>, text: string, values: unknown[]): Promise<void> {
  if (!office.database) {
    const db = new Database(path.join(office.dataDir, 'office.sqlite'));
    try {
      db.prepare(text).run(...values);
    } finally {
      db.close();
    }
    return;
  }
  let n = 0;
  const client = new pg.Client({ connectionString: office.database });
  await client.connect();
  try {
    await client.query(
      text.replace(/\?/g, () => `$${(n += 1)}`),
      values,
    );
  } finally {
    await client.end();
  }
}
