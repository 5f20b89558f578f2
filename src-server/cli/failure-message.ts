/**
 * What the command line prints when a command fails: one line for every failure the operator can
 * act on (a refusal, a wrong option, a database that cannot be reached or refuses the login), a
 * stack only for what is a bug.
 */
import pg from 'pg';
import { AdminError } from '../admin/operations';
import { ApiError } from '../errors';
import { OpsError } from '../ops/errors';
import { MovedOfficeError, databaseLabel } from '../storage/open-store';
import { ConnectionPolicyError } from '../storage/postgres/connection-policy';
import { OfficeBeingRestored } from '../storage/postgres/presence';
import { DatabaseLocaleError } from '../storage/postgres/schema';
import { TlsNameError } from '../tls/server-certificate';
import { ReleaseError } from '../updates/channel-file';
import { UsageError } from './serve-options';

const ONE_LINE = [AdminError, ApiError, UsageError, ReleaseError, OpsError, MovedOfficeError, ConnectionPolicyError, DatabaseLocaleError, OfficeBeingRestored, TlsNameError];

/** Network failures on the way to the database server (node's codes). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/**
 * A failure to reach or log in to PostgreSQL, said with the database it concerns (host and name,
 * never the password) and where its URL came from; undefined for anything else.
 */
export function databaseProblem(error: unknown, databaseUrl: string | undefined): string | undefined {
  if (!databaseUrl || !(error instanceof Error)) return undefined;
  const where = `PostgreSQL ${databaseLabel(databaseUrl)}`;
  const hint = 'check the URL given with --database or XUNJIAN_DATABASE';
  if (error instanceof pg.DatabaseError) return `${where} refused: ${error.message} (${hint})`;
  const code = String((error as { code?: unknown }).code ?? '');
  if (UNREACHABLE.has(code)) return `${where} cannot be reached (${code}): is the server running and listening there? (${hint})`;
  // node-postgres's own connection time limit, and a server that closed the connection at once.
  if (/timeout expired|Connection terminated/i.test(error.message)) return `${where} did not answer: ${error.message} (${hint})`;
  return undefined;
}

export function failureMessage(error: unknown, databaseUrl: string | undefined): string {
  if (!(error instanceof Error)) return String(error);
  const database = databaseProblem(error, databaseUrl);
  if (database) return database;
  if (ONE_LINE.some((kind) => error instanceof kind)) return error.message;
  return error.stack ?? error.message;
}
