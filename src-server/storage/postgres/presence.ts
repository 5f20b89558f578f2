/**
 * "An office instance is running on this database", as a lock rather than a connection count.
 *
 * restore must not swap the database out from under a serving instance. Counting the instances'
 * connections (pg_stat_activity) misses an idle one: its pool closes idle connections after 10 s,
 * and behind nginx's passive health checks an idle instance is the usual case. So every store
 * opened on PostgreSQL keeps one connection of its own holding a shared advisory lock for as long
 * as it is open, and restore takes the same lock exclusively: it gets it only when no instance
 * (nor admin command) holds it, and while restore holds it no instance can start.
 */
import pg from 'pg';
import { OFFICE_PRESENCE_LOCK } from './locks';

/** How long a holder whose connection dropped (a database restart) waits before taking it again. */
const RETRY_MS = 2_000;

export interface Presence {
  close(): Promise<void>;
}

/** Thrown when a restore holds the lock: the office is being replaced and must not start now. */
export class OfficeBeingRestored extends Error {}

async function connect(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName, keepAlive: true, connectionTimeoutMillis: 10_000 });
  // A server that goes away emits here; without a listener that would end the process.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function tryLock(client: pg.Client, shared: boolean): Promise<boolean> {
  const fn = shared ? 'pg_try_advisory_lock_shared' : 'pg_try_advisory_lock';
  const { rows } = await client.query<{ locked: boolean }>(`SELECT ${fn}($1) AS locked`, [OFFICE_PRESENCE_LOCK]);
  return rows[0]?.locked === true;
}

const RESTORING = 'a restore is running on this database: start the office once it has finished';

/**
 * Held by every open PostgreSQL store. If the connection drops, it is taken again every few
 * seconds until the store closes; a restore that got in meanwhile keeps the instance from taking
 * it back, and the instance's own requests then fail against the restored tables as they would.
 */
export async function holdPresence(url: string): Promise<Presence> {
  let client = await connect(url, 'xunjian-office');
  if (!(await tryLock(client, true))) {
    await client.end().catch(() => undefined);
    throw new OfficeBeingRestored(RESTORING);
  }
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const retake = (): void => {
    if (closed) return;
    retry = setTimeout(() => {
      void connect(url, 'xunjian-office')
        .then(async (next) => {
          const locked = !closed && (await tryLock(next, true).catch(() => false));
          if (!locked) {
            await next.end().catch(() => undefined);
            retake();
            return;
          }
          client = next;
          watch(next);
        })
        .catch(retake);
    }, RETRY_MS);
    retry.unref();
  };
  const watch = (c: pg.Client): void => {
    c.once('end', () => {
      if (c === client) retake();
    });
  };
  watch(client);
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client.end().catch(() => undefined);
    },
  };
}

/**
 * The lock exclusively, for a restore; undefined when an instance or admin command holds it
 * (then nothing was taken).
 */
export async function claimExclusive(url: string): Promise<Presence | undefined> {
  const client = await connect(url, 'xunjian-restore');
  if (await tryLock(client, false)) return { close: () => client.end().catch(() => undefined) };
  await client.end().catch(() => undefined);
  return undefined;
}
