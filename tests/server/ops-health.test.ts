/**
 * What a load balancer sees (issue 15): /healthz while the process serves, /readyz while the store
 * answers in time and the instance is not shutting down; on shutdown, /readyz turns 503 first and
 * a request in flight still finishes. /readyz's ping is kept a second, failures too, so a flood of
 * calls costs one pool connection a second.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { READY_CACHE_MS } from '../../src-server/ops/health';
import { startTestOffice, type TestOffice } from './helpers/office';
import { sha256 } from './helpers/report';

let office: TestOffice;
/** Past the cached ping: the next /readyz asks the store again. */
const cacheExpires = () => new Promise((resolve) => setTimeout(resolve, READY_CACHE_MS + 100));

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
      await cacheExpires();
      const refused = await http(`${office.url}/readyz`);
      expect(refused).toMatchObject({ status: 503, body: { ready: false, reason: 'the store refused a ping' } });
      // The driver's message stays in the log, out of the answer.
      expect(JSON.stringify(refused.body)).not.toContain('connection refused');

      office.ctx.store.ping = () => new Promise(() => undefined);
      await cacheExpires();
      const started = Date.now();
      const hung = await http(`${office.url}/readyz`);
      expect(hung).toMatchObject({ status: 503, body: { ready: false, reason: expect.stringMatching(/did not answer within \d+ ms/) } });
      expect(Date.now() - started).toBeLessThan(5000);
      // Liveness is the process, not the store: the balancer must not restart it for a slow database.
      expect((await http(`${office.url}/healthz`)).status).toBe(200);
    } finally {
      office.ctx.store.ping = ping;
    }
    await cacheExpires();
    expect((await http(`${office.url}/readyz`)).status).toBe(200);
  });

  it('/readyz pings the store at most once a second, however often it is called, and keeps a failure no longer', async () => {
    const ping = office.ctx.store.ping;
    let pings = 0;
    try {
      await cacheExpires();
      office.ctx.store.ping = () => (pings++, ping());
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 20 }, () => http(`${office.url}/readyz`)));
      for (let i = 0; i < 10; i++) answers.push(await http(`${office.url}/readyz`));
      const elapsed = Date.now() - started;
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(pings).toBeLessThanOrEqual(Math.ceil(elapsed / READY_CACHE_MS));
      expect(pings).toBeGreaterThanOrEqual(1);

      // A failure: answered from the cache for at most a second, then asked again.
      await cacheExpires();
      office.ctx.store.ping = () => (pings++, Promise.reject(new Error('connection refused')));
      expect((await http(`${office.url}/readyz`)).status).toBe(503);
      office.ctx.store.ping = () => (pings++, ping());
      await cacheExpires();
      expect((await http(`${office.url}/readyz`)).status).toBe(200);
    } finally {
      office.ctx.store.ping = ping;
    }
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
