/**
 * Errors that mean "the database is not answering now" rather than "this request is wrong": the
 * server refused or dropped the connection, was shutting down, or the pool gave up waiting. They
 * answer 503 with Retry-After, so devices retry later and the console says so in words.
 */

/** libpq/PostgreSQL SQLSTATEs of a connection lost or refused, and Node's socket errors. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  // node-postgres: the pool's connectionTimeoutMillis, and a client whose connection ended under it.
  return /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error/i.test(error.message);
}

/** Seconds a client is asked to wait before trying again. */
export const STORE_RETRY_AFTER_SECONDS = 10;
