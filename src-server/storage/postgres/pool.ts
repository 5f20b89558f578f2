/**
 * The PostgreSQL connection pool and the one way the store writes: `transaction`, which runs its
 * callback on one client between BEGIN and COMMIT and rolls back on any error. Every port method
 * that must be atomic is one such call, as with SQLite's `db.transaction`.
 */
import pg from 'pg';
import { checkConnectionSecurity } from './connection-policy';

export type Sql = Pick<pg.PoolClient, 'query'>;

/**
 * BIGINT (20) and NUMERIC (1700) arrive as text by default; sequences, sizes and counts here all
 * stay far below 2^53, so they are read as numbers, as better-sqlite3 gives them.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

export interface PostgresPool {
  pool: pg.Pool;
  /** One statement outside a transaction (reads, and single-statement writes). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** BEGIN … COMMIT on one client; any error rolls back and is rethrown. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Refuses (ConnectionPolicyError) a database on another machine reached without a stated TLS mode. */
export function openPool(url: string, options: { max?: number; applicationName?: string } = {}): PostgresPool {
  checkConnectionSecurity(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'xunjian-office',
    types,
    // A dead server must fail a request, not hang it.
    connectionTimeoutMillis: 10_000,
    // A frozen instance or a cut network must not hold the counters' locks (every audited write
    // takes one) for hours until TCP gives up: keepalives find a dead peer, and the server itself
    // ends a transaction left idle, a lock waited on too long, or a statement run too long.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    idle_in_transaction_session_timeout: 60_000,
    lock_timeout: 30_000,
    statement_timeout: 120_000,
  });
  // An idle client whose server went away emits here; without a listener that would crash the process.
  pool.on('error', () => undefined);
  return {
    pool,
    async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      return (await pool.query<R>(text, values)).rows;
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Rows of one query on a client inside a transaction. */
export async function rows<R extends pg.QueryResultRow>(sql: Sql, text: string, values?: unknown[]): Promise<R[]> {
  return (await sql.query<R>(text, values)).rows;
}

/**
 * The next number of a gapless counter (`audit`, `reference`): the counter's row stays locked
 * until the transaction ends, so numbers are handed out in commit order, never skipped by a
 * rollback (the row's update rolls back with it) and never seen out of order by a reader.
 */
export async function nextNumber(sql: Sql, counter: 'audit' | 'reference'): Promise<number> {
  const [row] = await rows<{ value: number }>(sql, 'UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value', [counter]);
  if (!row) throw new Error(`counter ${counter} is missing`);
  return row.value;
}
