/**
 * Uploads never leave a body unread on a keep-alive connection: a PUT of a blob the office
 * already has is read and hashed like any other (200 only for the same bytes, 422 for others),
 * and refusals before or while reading (413, 401, 403) still let the next request on that
 * connection through. Blob PUTs go through the device's own client (Node's fetch, keep-alive).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeClient, OfficeError } from '../../src-main/sync/office-client';
import { paths } from '../../src-shared/sync/protocol';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { keepAliveClient } from './helpers/keep-alive';
import { startTestOffice, type TestOffice } from './helpers/office';
import { sha256 } from './helpers/report';

const LIMIT = 1024 * 1024;
const BLOB = 512 * 1024;
let office: TestOffice;
let device: TestDevice;
let admin: ConsoleClient;

/** The device's client, with timeouts short enough that a hung request fails the test quickly. */
const client = (timeoutMs: number) => officeClient({ baseUrl: office.url, token: device.token, timeoutMs, minBytesPerSecond: 1024 * 1024 });

beforeAll(async () => {
  office = await startTestOffice({ limits: { blobBytes: LIMIT, bundleBytes: LIMIT } });
  device = await enrolledDevice(office, 'qian-jun', ['yunan-peoples']);
  await office.addConsoleUser('admin', 'correct horse battery');
  admin = await consoleClient(office, 'admin', 'correct horse battery');
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('PUT of a blob the office already has', () => {
  it('answers 20 sequential PUTs of a stored 512 KB blob, each read to the end: none times out', async () => {
    const bytes = randomBytes(BLOB);
    const sha = sha256(bytes);
    const device = client(5_000);
    expect(await device.putBlob(sha, bytes)).toEqual({ sha256: sha, size: BLOB, created: true });
    const answers: unknown[] = [];
    for (let i = 0; i < 20; i++) answers.push(await device.putBlob(sha, bytes).catch((error: Error) => error.message));
    expect(answers).toEqual(Array.from({ length: 20 }, () => ({ sha256: sha, size: BLOB, created: false })));
  }, 180_000);

  it('answers three waves of 100 concurrent PUTs of stored blobs, reusing the connections: none times out', async () => {
    const blobs = Array.from({ length: 4 }, () => randomBytes(BLOB));
    // Generous: 100 uploads of 512 KB at once on a shared machine; a hung request never answers at all.
    const device = client(30_000);
    for (const b of blobs) await device.putBlob(sha256(b), b);
    for (let wave = 0; wave < 3; wave++) {
      const settled = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => device.putBlob(sha256(blobs[i % 4]!), blobs[i % 4]!)));
      const failed = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : []));
      expect({ wave, failed: failed.length, first: failed[0] }).toEqual({ wave, failed: 0, first: undefined });
      expect(settled.every((s) => s.status === 'fulfilled' && s.value.created === false)).toBe(true);
    }
  }, 240_000);

  it('refuses other bytes under a stored blob’s name with 422 blob_hash_mismatch and keeps the stored bytes', async () => {
    const bytes = randomBytes(BLOB);
    const sha = sha256(bytes);
    const device = client(10_000);
    await device.putBlob(sha, bytes);
    const other = randomBytes(BLOB);
    const refused = await device.putBlob(sha, other).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OfficeError);
    expect(refused).toMatchObject({ kind: 'refused', status: 422, code: 'blob_hash_mismatch' });
    expect((refused as OfficeError).message).toContain(sha256(other));

    expect((await office.ctx.blobs.read(sha)).equals(bytes)).toBe(true);
    const audit = await office.ctx.store.listAudit({ limit: 10, target: sha });
    expect(audit.filter((a) => a.outcome === 'refused')).toEqual([expect.objectContaining({ action: 'blob.put', details: expect.objectContaining({ code: 'blob_hash_mismatch' }) })]);
    // The same connection goes on: the right bytes again are 200.
    expect(await device.putBlob(sha, bytes)).toEqual({ sha256: sha, size: BLOB, created: false });
  }, 60_000);
});

describe('the connection after a refused or bodiless-route upload', () => {
  it('serves the next request after a blob PUT over the limit without a length, and after HEAD/GET carrying a body', async () => {
    const conn = keepAliveClient(office.url);
    try {
      const auth = { authorization: `Bearer ${device.token}` };
      const big = randomBytes(LIMIT + BLOB);
      const tooBig = await conn.request({ method: 'PUT', path: paths.blob(sha256(big)), headers: { ...auth, 'content-type': 'application/octet-stream' }, body: big, chunked: true });
      expect(tooBig.status).toBe(413);
      expect(JSON.parse(tooBig.body)).toMatchObject({ error: { code: 'payload_too_large' } });
      const next = await conn.request({ method: 'GET', path: paths.office });
      expect(next).toMatchObject({ status: 200, reusedSocket: true });

      const stored = randomBytes(1000);
      await client(10_000).putBlob(sha256(stored), stored);
      for (const method of ['HEAD', 'GET']) {
        const withBody = await conn.request({ method, path: paths.blob(sha256(stored)), headers: auth, body: randomBytes(BLOB) });
        expect(withBody.status).toBe(200);
        expect(await conn.request({ method: 'GET', path: paths.office })).toMatchObject({ status: 200, reusedSocket: true });
      }
    } finally {
      conn.close();
    }
  }, 60_000);

  it('serves the next request after bundle uploads refused before reading (401, 403) and while reading (413)', async () => {
    const conn = keepAliveClient(office.url);
    try {
      const type = { 'content-type': 'application/octet-stream' };
      const noSession = await conn.request({ method: 'POST', path: paths.bundles, headers: type, body: randomBytes(BLOB) });
      expect(noSession.status).toBe(401);
      expect(await conn.request({ method: 'GET', path: paths.office })).toMatchObject({ status: 200, reusedSocket: true });

      const session = { ...type, cookie: admin.cookie };
      const wrongCsrf = await conn.request({ method: 'POST', path: paths.bundles, headers: { ...session, 'x-csrf-token': 'wrong' }, body: randomBytes(BLOB) });
      expect(wrongCsrf.status).toBe(403);
      expect(await conn.request({ method: 'GET', path: paths.office })).toMatchObject({ status: 200, reusedSocket: true });

      const csrf = await admin.csrf();
      const tooBig = await conn.request({ method: 'POST', path: paths.bundles, headers: { ...session, 'x-csrf-token': csrf }, body: randomBytes(LIMIT + BLOB), chunked: true });
      expect(tooBig.status).toBe(413);
      expect(await conn.request({ method: 'GET', path: paths.office })).toMatchObject({ status: 200, reusedSocket: true });
    } finally {
      conn.close();
    }
  }, 60_000);
});
