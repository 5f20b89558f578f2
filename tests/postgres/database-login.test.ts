/**
 * A database the office cannot log in to, that does not exist or that nobody listens for: the
 * operator reads one line naming the database (host and name, never the password) and where the
 * URL came from, not a stack (newcomer trial of issue 15).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_POSTGRES_ADMIN_URL } from '../helpers/postgres';
import { serverCli } from '../server/helpers/ops-cli';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-login-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const WRONG_PASSWORD = 'Wr0ngPassw0rd';

function url(change: (u: URL) => void): string {
  const u = new URL(TEST_POSTGRES_ADMIN_URL);
  change(u);
  return u.toString();
}

const cases = [
  {
    what: 'a wrong password',
    database: url((u) => (u.password = WRONG_PASSWORD)),
    says: /^PostgreSQL [^ ]+\/postgres refused: password authentication failed for user "[^"]+" \(check the URL given with --database or XUNJIAN_DATABASE\)$/,
  },
  {
    what: 'a database that does not exist',
    database: url((u) => (u.pathname = '/xj_no_such_database')),
    says: /^PostgreSQL [^ ]+\/xj_no_such_database refused: database "xj_no_such_database" does not exist \(check the URL/,
  },
  {
    what: 'no server listening',
    database: url((u) => (u.port = '1')),
    says: /^PostgreSQL 127\.0\.0\.1:1\/postgres cannot be reached \(ECONNREFUSED\): is the server running and listening there\?/,
  },
];

it.each(cases)('$what: serving, admin and operations commands say so in one line', async ({ database, says }) => {
  for (const args of [['--port', '0', '--host', '127.0.0.1'], ['admin', 'engineer', 'list'], ['verify-store']]) {
    const run = await serverCli([...args, '--data', dataDir], database);
    expect(run.code, args.join(' ')).toBe(1);
    const message = run.stderr.trim().replace(/^verify-store failed: /, '');
    expect(message, args.join(' ')).toMatch(says);
    expect(run.stderr).not.toContain(WRONG_PASSWORD);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }
});
