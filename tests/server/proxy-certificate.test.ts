/**
 * `admin tls-cert` (issue 15, docs/deploy.md): the certificate a TLS proxy in front of several
 * instances presents. A device pins the office CA, so a client trusting only ca.pem must accept
 * the proxy for the names given and refuse it for any other; the key is the proxy's alone.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliEnv, startTestOffice, type TestOffice } from './helpers/office';

const CLI = path.resolve('src-server/cli.ts');
let office: TestOffice;
let out: string;

function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args], { env: cliEnv(office) }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }),
  );
}

/** Connects to 127.0.0.1 as `servername`, trusting only `ca`; resolves with the status or rejects with the TLS error. */
function fetchThrough(port: number, servername: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, servername, ca, path: '/', headers: { host: servername } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  // The CLI works on the store while the office runs, as an administrator would use it.
  office = await startTestOffice();
  out = await mkdtemp(path.join(tmpdir(), 'xunjian-proxy-cert-'));
});
afterAll(async () => {
  await office.close();
  await rm(out, { recursive: true, force: true });
});

it('issues a proxy certificate from the office CA that a client pinning the CA accepts for the names given only', async () => {
  const done = await cli(['admin', 'tls-cert', out, '--tls-name', 'office.example.cn', '--tls-name', '127.0.0.1', '--data', office.dataDir]);
  expect(done.stderr).toBe('');
  expect(done.code).toBe(0);
  expect(done.stdout).toContain('office CA fingerprint:');
  expect((await stat(path.join(out, 'key.pem'))).mode & 0o777).toBe(0o600);
  const [key, cert, ca] = await Promise.all(['key.pem', 'cert.pem', 'ca.pem'].map((f) => readFile(path.join(out, f), 'utf8')));
  expect(ca).toBe(office.ctx.keys.ca.certificatePem);

  const server = createServer({ key, cert }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    expect(await fetchThrough(port, 'office.example.cn', ca!)).toBe(200);
    await expect(fetchThrough(port, 'other.example.cn', ca!)).rejects.toThrow(/altnames|Hostname/i);
  } finally {
    server.close();
  }

  const audit = await office.ctx.store.listAudit({ limit: 5, action: 'tls.proxyCertificate' });
  expect(audit[0]?.details).toMatchObject({ names: ['office.example.cn', '127.0.0.1'] });
});

it('refuses without a name, and names what to give', async () => {
  const refused = await cli(['admin', 'tls-cert', out, '--data', office.dataDir]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('--tls-name office.example.cn');
});
