/**
 * Blobs by SHA-256: exists check, upload, skip when present, hash mismatch refused, size limit;
 * stalled uploads hold nothing others need; a busy store answers 503 with Retry-After.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { BlobStoreBusy } from '../../src-server/storage/port';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { sha256 } from './helpers/report';

const LIMIT = 256 * 1024;
let office: TestOffice;
let device: TestDevice;

beforeAll(async () => {
  office = await startTestOffice({ limits: { blobBytes: LIMIT } });
  device = await enrolledDevice(office, 'wang-fang', ['yunan-peoples']);
}, 60_000);
afterAll(() => office.close(), 60_000);

/**
 * What a refused or cut upload could leave behind: temp files in the blob folder; in PostgreSQL,
 * chunks without their blob's row, or the upload's transaction still open.
 */
async function leftovers(of: TestOffice = office): Promise<string[]> {
  if (!of.database) return readdir(path.join(of.dataDir, 'blobs', 'tmp'));
  const client = new pg.Client({ connectionString: of.database });
  await client.connect();
  try {
    const { rows } = await client.query<{ what: string }>(
      `SELECT 'chunk ' || sha256 || '/' || idx AS what FROM blob_chunks c WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = c.sha256)
       UNION ALL SELECT 'transaction of ' || pid FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    return [...rows.map((r) => r.what), ...(await readdir(path.join(of.dataDir, 'tmp-blobs'))).map((f) => `spooled ${f}`)];
  } finally {
    await client.end();
  }
}

/** Transactions of the office's database left open, waiting for a client (none on SQLite). */
async function idleInTransaction(of: TestOffice): Promise<number> {
  if (!of.database) return 0;
  const client = new pg.Client({ connectionString: of.database });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'");
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('blobs', () => {
  it('stores a blob once: HEAD 404, PUT 201, HEAD 200, PUT again 200 without storing', async () => {
    const bytes = randomBytes(100_000);
    const sha = sha256(bytes);
    expect((await device.call('HEAD', paths.blob(sha))).status).toBe(404);
    expect((await device.call('POST', paths.blobsMissing, { sha256: [sha] })).body).toEqual({ missing: [sha] });

    const put = await device.call('PUT', paths.blob(sha), bytes);
    expect(put.status).toBe(201);
    expect(put.body).toEqual({ sha256: sha, size: bytes.length, created: true });
    expect((await device.call('HEAD', paths.blob(sha))).status).toBe(200);
    expect((await device.call('POST', paths.blobsMissing, { sha256: [sha] })).body).toEqual({ missing: [] });

    const again = await device.call('PUT', paths.blob(sha), bytes);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false });
    const writes = await office.ctx.store.listAudit({ limit: 10, target: sha });
    expect(writes.filter((w) => w.action === 'blob.put' && w.outcome === 'ok')).toHaveLength(1);
  });

  it('refuses bytes that do not hash to the name, stores nothing and logs it', async () => {
    const bytes = randomBytes(5000);
    const claimed = sha256(randomBytes(10));
    const put = await device.call('PUT', paths.blob(claimed), bytes);
    expect(put.status).toBe(422);
    expect(put.body).toMatchObject({ error: { code: 'blob_hash_mismatch', actual: sha256(bytes) } });
    expect((await device.call('HEAD', paths.blob(claimed))).status).toBe(404);
    expect((await device.call('HEAD', paths.blob(sha256(bytes)))).status).toBe(404);
    const [entry] = await office.ctx.store.listAudit({ limit: 1, target: claimed });
    expect(entry).toMatchObject({ action: 'blob.put', outcome: 'refused', actor: `device:${device.id}` });
    // The refused upload left nothing behind.
    expect(await leftovers()).toEqual([]);
  });

  it('answers 413 to a blob over the limit, declared or streamed', async () => {
    const big = randomBytes(LIMIT + 1);
    const declared = await device.call('PUT', paths.blob(sha256(big)), big);
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ error: { code: 'payload_too_large' } });

    // Chunked, without a Content-Length: caught while streaming.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(big.subarray(i * (LIMIT / 4), (i + 1) * (LIMIT / 4) + (i === 3 ? 1 : 0)));
        controller.close();
      },
    });
    const streamed = await http(`${office.url}${paths.blob(sha256(big))}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/octet-stream' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await device.call('HEAD', paths.blob(sha256(big)))).status).toBe(404);
  });

  it('needs a device token and a hex SHA-256', async () => {
    const bytes = randomBytes(10);
    expect((await http(`${office.url}${paths.blob(sha256(bytes))}`, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } })).status).toBe(401);
    expect((await device.call('PUT', `${paths.blob('ABC')}`, bytes)).status).toBe(400);
  });
});

describe('a cut upload', () => {
  it('leaves no blob and nothing aside, and the same upload then succeeds', async () => {
    const { request } = await import('node:http');
    const bytes = randomBytes(200_000);
    const sha = sha256(bytes);
    const url = new URL(`${office.url}${paths.blob(sha)}`);
    await new Promise<void>((resolve) => {
      const req = request(url, {
        method: 'PUT',
        headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
      });
      req.on('error', () => resolve());
      req.write(bytes.subarray(0, 50_000), () => setTimeout(() => req.destroy(), 100));
      req.on('close', () => resolve());
    });
    for (let i = 0; i < 50 && (await leftovers()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await leftovers()).toEqual([]);
    expect((await device.call('HEAD', paths.blob(sha))).status).toBe(404);
    expect((await device.call('PUT', paths.blob(sha), bytes)).status).toBe(201);
  });
});

describe('stalled uploads', () => {
  it('do not hold up other uploads: a 10-byte and a 3 MiB blob are stored at once, and cut, they leave nothing', async () => {
    const MiB = 1024 * 1024;
    const big = await startTestOffice();
    const stalls: ClientRequest[] = [];
    try {
      const engineer = await enrolledDevice(big, 'li-ming', ['yunan-peoples']);
      // Six devices on dead links: each declares 3 MiB, sends 2 MiB and then nothing more.
      const shas: string[] = [];
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          const bytes = randomBytes(3 * MiB);
          shas.push(sha256(bytes));
          const req = httpRequest(new URL(`${big.url}${paths.blob(sha256(bytes))}`), {
            method: 'PUT',
            headers: { authorization: `Bearer ${engineer.token}`, 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
          });
          req.on('error', () => undefined);
          stalls.push(req);
          await new Promise<void>((resolve) => req.write(bytes.subarray(0, 2 * MiB), () => resolve()));
        }),
      );
      // Let the office take in what was sent.
      await new Promise((r) => setTimeout(r, 300));
      expect(await idleInTransaction(big)).toBe(0);

      const small = randomBytes(10);
      const large = randomBytes(3 * MiB);
      const started = Date.now();
      const [smallPut, largePut] = await Promise.all([engineer.call('PUT', paths.blob(sha256(small)), small), engineer.call('PUT', paths.blob(sha256(large)), large)]);
      expect(Date.now() - started).toBeLessThan(2000);
      expect([smallPut.status, largePut.status]).toEqual([201, 201]);
      expect(await idleInTransaction(big)).toBe(0);

      for (const req of stalls) req.destroy();
      for (let i = 0; i < 50 && (await leftovers(big)).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await leftovers(big)).toEqual([]);
      for (const sha of shas) expect((await engineer.call('HEAD', paths.blob(sha))).status).toBe(404);
    } finally {
      for (const req of stalls) req.destroy();
      await big.close();
    }
  }, 60_000);
});

describe('a busy blob store', () => {
  it('answers 503 with Retry-After, and reads the body to its end', async () => {
    const real = office.ctx.blobs;
    // The store's answer when no place came free in time (postgres/blobs.ts; tests/postgres/blobs.test.ts makes it happen).
    office.ctx.blobs = {
      ...real,
      put: (_sha, source) => {
        source.destroy();
        return Promise.reject(new BlobStoreBusy(10));
      },
    };
    try {
      const bytes = randomBytes(1000);
      const response = await http(`${office.url}${paths.blob(sha256(bytes))}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('10');
      expect(response.body).toMatchObject({ error: { code: 'internal' } });
    } finally {
      office.ctx.blobs = real;
    }
    // The connection still serves the next request.
    const bytes = randomBytes(1000);
    expect((await device.call('PUT', paths.blob(sha256(bytes)), bytes)).status).toBe(201);
  });
});
