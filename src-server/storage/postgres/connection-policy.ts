/**
 * What the office asks of its database connection before it opens one. Reports, photos, session
 * and device token hashes all cross it, so a database on another machine must be reached over TLS,
 * or the operator must say in the URL that this network is trusted (`sslmode=disable`). A server
 * on this machine (loopback, or a Unix socket) needs neither.
 */
import { isIP } from 'node:net';

export class ConnectionPolicyError extends Error {}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function isLocal(url: URL): boolean {
  // libpq takes a socket folder as ?host=/var/run/postgresql (and an empty URL host then).
  const socketHost = url.searchParams.get('host');
  if (socketHost?.startsWith('/')) return true;
  const host = url.hostname;
  if (host === '') return true;
  if (LOOPBACK_NAMES.has(host)) return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Throws, naming what to add, when a database elsewhere would be reached without a stated TLS mode. */
export function checkConnectionSecurity(databaseUrl: string): void {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new ConnectionPolicyError('the database URL cannot be read: expected postgres://user@host:5432/database');
  }
  if (isLocal(url) || url.searchParams.has('sslmode')) return;
  throw new ConnectionPolicyError(
    `the database at ${url.hostname} would be reached without TLS: add ?sslmode=verify-full&sslrootcert=<the server's CA file> to the URL ` +
      '(or ?sslmode=disable to accept an unencrypted connection on a network you trust); docs/deploy.md',
  );
}
