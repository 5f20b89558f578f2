/**
 * The service's log as a collector reads it (issue 15): JSON lines naming the instance and the
 * store, one line per request with its id, method, url, status and time; health checks not at
 * info; and no secret anywhere: not the device token, the session cookie, a password, a code in a
 * query, nor the database URL's password.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { createTestDatabase, testsUsePostgres, type TestDatabase } from '../helpers/postgres';
import { http } from './helpers/device';

const CLI = path.resolve('src-server/cli.ts');
let dataDir: string;
let database: TestDatabase | undefined;
let child: ChildProcess;
let url: string;
const lines: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-logs-'));
  database = testsUsePostgres() ? await createTestDatabase() : undefined;
  const args = ['--data', dataDir, '--port', '0', '--instance-name', 'ops-logs-1', '--drain-seconds', '0'];
  // The URL (with its password) as an operator gives it: in the environment.
  const env = { ...process.env, ...(database ? { XUNJIAN_DATABASE: database.url } : {}) };
  child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the office did not start: ${errors}`)), 45_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const found = /^Xunjian office service: (http:\/\/\S+)\/console/.exec(line)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code) => reject(new Error(`the office exited with ${code}: ${errors}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
  await database?.drop();
});

it('writes JSON lines with instance, store and one line per request, and never a secret', async () => {
  const secrets = { token: 'tok-SECRET-4f9a2c', cookie: 'cookie-SECRET-77b1', password: 'pw-SECRET-0c3d', code: 'qs-SECRET-99e2' };
  const office = await http(`${url}${paths.office}`, { headers: { authorization: `Bearer ${secrets.token}`, cookie: `xj_session=${secrets.cookie}` } });
  expect(office.status).toBe(200);
  const refused = await http(`${url}${paths.me}`, { headers: { authorization: `Bearer ${secrets.token}` } });
  expect(refused.status).toBe(401);
  await http(`${url}/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `xj_session=${secrets.cookie}` },
    body: new URLSearchParams({ username: 'nobody', password: secrets.password }).toString(),
  });
  await http(`${url}/verify?number=XJ-1&code=${secrets.code}`);
  for (let i = 0; i < 3; i++) {
    expect((await http(`${url}/healthz`)).status).toBe(200);
    expect((await http(`${url}/readyz`)).status).toBe(200);
  }

  // A graceful stop writes its own line and ends the process.
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);

  const output = lines.join('\n');
  for (const secret of Object.values(secrets)) expect(output).not.toContain(secret);
  if (database) expect(output).not.toContain(new URL(database.url).password ? `:${new URL(database.url).password}@` : '\0');

  // The two lines the CLI prints for the person who started it; everything else is the log.
  const log = lines.filter((l) => !/^(Xunjian office service|office CA fingerprint):/.test(l)).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(log.length).toBeGreaterThan(3);
  for (const entry of log) {
    expect(entry).toMatchObject({ level: expect.any(String), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: expect.any(String), instance: 'ops-logs-1', store: database ? 'postgres' : 'sqlite' });
  }
  const requests = log.filter((e) => e.msg === 'request');
  expect(requests.find((e) => e.url === paths.office)).toMatchObject({ level: 'info', reqId: expect.any(String), method: 'GET', status: 200, responseTime: expect.any(Number) });
  expect(requests.find((e) => e.url === paths.me)).toMatchObject({ method: 'GET', status: 401 });
  expect(requests.find((e) => String(e.url).startsWith('/verify'))).toMatchObject({ url: '/verify?number=XJ-1&code=***' });
  // One line per request, and the balancer's checks not at info.
  expect(requests.filter((e) => e.url === paths.office)).toHaveLength(1);
  expect(log.filter((e) => e.url === '/healthz' || e.url === '/readyz')).toEqual([]);
  expect(log.some((e) => e.msg === 'shutting down: not ready, draining')).toBe(true);
});
