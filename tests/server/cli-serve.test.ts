/**
 * `npm run server` as an admin starts it (issue 10 §5): the transport options on the command line
 * take effect — HTTPS from the office CA, the CA fingerprint printed (and beside every code
 * `admin code` prints), the trusted proxy, and the enrollment rate limit given.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { caFingerprint, handoverString } from '../../src-shared/sync/enrollment-code';
import { paths } from '../../src-shared/sync/protocol';
import { createTestDatabase, testsUsePostgres, type TestDatabase } from '../helpers/postgres';
import { httpsRequest } from './helpers/tls';

const CLI = path.resolve('src-server/cli.ts');
let dataDir: string;
let child: ChildProcess | undefined;
let database: TestDatabase | undefined;
/** The CLI on this suite's store: a fresh PostgreSQL database in server-pg. */
let env: NodeJS.ProcessEnv = process.env;
const lines: string[] = [];

function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args], { env }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }),
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-cli-'));
  database = testsUsePostgres() ? await createTestDatabase() : undefined;
  if (database) env = { ...process.env, XUNJIAN_DATABASE: database.url };
  const args = ['--data', dataDir, '--port', '0', '--tls', '--tls-name', '127.0.0.1', '--trust-proxy', '127.0.0.1', '--enroll-rate-limit', '2/1m'];
  const proc = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  child = proc;
  let errors = '';
  proc.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the office did not start: ${errors}`)), 45_000);
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('office CA fingerprint:')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => reject(new Error(`the office exited with ${code}: ${errors}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
  await database?.drop();
});

it('serves HTTPS from the office CA, prints its fingerprint, counts clients behind the trusted proxy, and limits as told', async () => {
  // Among Fastify's JSON log lines: the two the CLI prints for the admin.
  const url = lines.map((line) => /^Xunjian office service: (https:\/\/127\.0\.0\.1:\d+)\/console/.exec(line)?.[1]).find(Boolean);
  // Fastify's own line names the scheme it really serves.
  expect(lines.some((line) => line.includes(`Server listening at ${url}`))).toBe(true);
  expect(lines.some((line) => line.includes('Server listening at http://'))).toBe(false);
  expect(url).toBeDefined();
  const ca = await readFile(path.join(dataDir, 'keys', 'ca-cert.pem'), 'utf8');
  const fingerprint = await caFingerprint(ca);
  expect(lines).toContain(`office CA fingerprint: ${fingerprint}`);
  expect((await httpsRequest(`${url}${paths.office}`, { ca })).status).toBe(200);

  const attempt = async (client: string) =>
    (
      await httpsRequest(`${url}${paths.enroll}`, {
        ca,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ code: 'AAAA-BBBB-CCCC-DDDD', csrPem: 'x'.repeat(200), deviceName: 'probe' }),
      })
    ).status;
  // --enroll-rate-limit 2/1m per client; --trust-proxy 127.0.0.1 makes the forwarded address the client.
  expect([await attempt('198.51.100.1'), await attempt('198.51.100.1'), await attempt('198.51.100.1')]).toEqual([422, 422, 429]);
  expect(await attempt('198.51.100.2')).toBe(422);

  // The admin's code comes with the fingerprint, and as one string to enter on the device.
  expect((await cli(['admin', 'engineer', 'add', 'zhang-wei', '--name', '张伟', '--data', dataDir])).code).toBe(0);
  const code = await cli(['admin', 'code', 'zhang-wei', '--data', dataDir]);
  expect(code.code).toBe(0);
  const issued = /enrollment code for zhang-wei: ([A-Z0-9-]{19})/.exec(code.stdout)?.[1];
  expect(issued).toBeDefined();
  expect(code.stdout).toContain(`office CA fingerprint:          ${fingerprint}`);
  expect(code.stdout).toContain(handoverString(issued!, fingerprint));
});

it('stops with a sentence on an option it cannot use', async () => {
  const bad = await cli(['--data', dataDir, '--port', '0', '--trust-proxy', 'true']);
  expect(bad.code).toBe(1);
  expect(bad.stderr.trim()).toMatch(/^--trust-proxy: name the proxies/);
  // An option without its value: the sentence and where the options are listed, no stack trace.
  const missing = await cli(['--data', dataDir, '--tls-name']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain("'--tls-name <value>' argument missing");
  expect(missing.stderr).toContain('--help');
  expect(missing.stderr).not.toMatch(/\n\s+at /);
});

it('makes codes for --days written as whole decimal days 1 to 90, and repeats any other value as typed', async () => {
  expect((await cli(['admin', 'engineer', 'add', 'li-na', '--name', '李娜', '--data', dataDir])).code).toBe(0);
  // Number() would read 1e1 and 0x10 as 10 and 16; -1 is what parseArgs calls ambiguous.
  for (const typed of ['abc', '1e1', '0x10', '-1', '0', '91', '1.5', ' 7', '']) {
    const refused = await cli(['admin', 'code', 'li-na', '--days', typed, '--data', dataDir]);
    expect(refused.code, JSON.stringify(typed)).toBe(1);
    expect(refused.stderr.trim()).toBe(`--days: a code is valid for a whole number of days, 1 to 90, written in digits (not "${typed}")`);
  }
  const made = await cli(['admin', 'code', 'li-na', '--days', '90', '--data', dataDir]);
  expect(made.code).toBe(0);
  expect(made.stdout).toMatch(/enrollment code for li-na: [A-Z0-9-]{19}/);
  const [, china, iso] = /valid until (\d{4}-\d\d-\d\d \d\d:\d\d) China time \((\S+)\); it works once/.exec(made.stdout) ?? [];
  const until = Date.parse(iso ?? '');
  expect(until - Date.now()).toBeGreaterThan(89 * 24 * 3600_000);
  // The same instant on the clock in China (UTC+8 all year).
  expect(china).toBe(new Date(until + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '));
}, 120_000);
