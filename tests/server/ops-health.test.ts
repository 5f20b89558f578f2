/**
 * What a load balancer sees (issue 15): /healthz while the process serves, /readyz while the store
 * answers in time and the instance is not shutting down; on shutdown, /readyz turns 503 first and
 * a request in flight still finishes.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { sha256 } from './helpers/report';

let office: TestOffice;

beforeAll(async () => {
  // A tight login limit: the health checks must not count against any limit.
  office = await startTestOffice({ catalogDir: null, rateLimits: { login: { max: 2, windowMs: 60_000 }, enroll: { max: 2, windowMs: 60_000 } } });
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('health endpoints', () => {
  it('answer without a token, are never rate limited and are not cached', async () => {
    for (let i = 0; i < 30; i++) {
      const live = await http(`${office.url}/healthz`);
      expect(live.status).toBe(200);
      expect(live.body).toEqual({ live: true });
      const ready = await http(`${office.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ ready: true });
      expect(ready.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('/readyz answers 503 when the store refuses or does not answer in time, and 200 again once it does', async () => {
    const ping = office.ctx.store.ping;
    try {
      // A database that refuses, then one that never answers (a network partition).
      office.ctx.store.ping = () => Promise.reject(new Error('connection refused'));
      const refused = await http(`${office.url}/readyz`);
      expect(refused).toMatchObject({ status: 503, body: { ready: false, reason: 'the store refused a ping' } });
      // The driver's message stays in the log, out of the answer.
      expect(JSON.stringify(refused.body)).not.toContain('connection refused');

      office.ctx.store.ping = () => new Promise(() => undefined);
      const started = Date.now();
      const hung = await http(`${office.url}/readyz`);
      expect(hung).toMatchObject({ status: 503, body: { ready: false, reason: expect.stringMatching(/did not answer within \d+ ms/) } });
      expect(Date.now() - started).toBeLessThan(5000);
      // Liveness is the process, not the store: the balancer must not restart it for a slow database.
      expect((await http(`${office.url}/healthz`)).status).toBe(200);
    } finally {
      office.ctx.store.ping = ping;
    }
    expect((await http(`${office.url}/readyz`)).status).toBe(200);
  });
});

describe('shutdown', () => {
  let leaving: TestOffice;
  let device: TestDevice;

  beforeAll(async () => {
    leaving = await startTestOffice({ catalogDir: null });
    await leaving.addEngineer('he-ping', []);
    device = await enrolledDevice(leaving, 'he-ping', []);
  }, 60_000);
  afterAll(() => leaving.close(), 60_000);

  it('answers /readyz 503 while it drains, lets an upload in flight finish, then stops listening', async () => {
    const bytes = randomBytes(200_000);
    const sha = sha256(bytes);
    const url = new URL(`${leaving.url}${paths.blob(sha)}`);
    // An upload whose first half is sent before the shutdown and the rest during the drain.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { method: 'PUT', headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/octet-stream', 'content-length': bytes.length } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(bytes.subarray(0, 100_000));
      setTimeout(() => req.end(bytes.subarray(100_000)), 400);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const closed = leaving.shutdown(600);
    const draining = await http(`${leaving.url}/readyz`);
    expect(draining).toMatchObject({ status: 503, body: { ready: false, reason: 'shutting down' } });
    // Still serving while the balancer notices.
    expect((await http(`${leaving.url}/healthz`)).status).toBe(200);

    const upload = await answer;
    expect(upload.status).toBe(201);
    expect(JSON.parse(upload.body)).toMatchObject({ sha256: sha, created: true });
    await closed;
    await expect(fetch(`${leaving.url}/healthz`)).rejects.toThrow();
  });
});
