/**
 * What only the PostgreSQL blob store has to prove (postgres/blobs.ts): an upload reaches the
 * database only whole and checked, so a cut or lying one writes no row and no chunk and leaves no
 * spool file; two instances storing one blob at once make one row; a chunk altered in the
 * database fails the read; a 64 MiB blob goes through without being held in memory; slow or
 * stalled uploads hold no connection and no lock, and a put that cannot get a place is refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BlobHashMismatch, BlobStoreBusy, BlobTooLarge, type BlobStore } from '../../src-server/storage/port';
import { BlobCorrupt, DEFAULT_CHUNK_BYTES, postgresBlobStore, prepareSpoolDir } from '../../src-server/storage/postgres/blobs';
import { BLOB_LOCK_CLASS } from '../../src-server/storage/postgres/locks';
import { openPool, type PostgresPool } from '../../src-server/storage/postgres/pool';
import { migratePostgres } from '../../src-server/storage/postgres/schema';
import { paths } from '../../src-shared/sync/protocol';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { enrolledDevice } from '../server/helpers/device';
import { startTestOffice } from '../server/helpers/office';

const MiB = 1024 * 1024;
// A gc() for the memory test, without starting the test process with --expose-gc.
setFlagsFromString('--expose-gc');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

let database: TestDatabase;
let temp: string;
/** Two instances of the office on one database: two pools, two stores, each with its spool folder. */
type Instance = { db: PostgresPool; blobs: BlobStore; spoolDir: string };
let one: Instance;
let two: Instance;

beforeAll(async () => {
  database = await createTestDatabase();
  temp = await mkdtemp(path.join(tmpdir(), 'xunjian-blobs-test-'));
  const open = async (name: string): Promise<Instance> => {
    const db = openPool(database.url);
    await migratePostgres(db);
    const spoolDir = await prepareSpoolDir(path.join(temp, name));
    return { db, blobs: postgresBlobStore(db, { spoolDir }), spoolDir };
  };
  one = await open('one');
  two = await open('two');
}, 60_000);

afterAll(async () => {
  await one?.db.close();
  await two?.db.close();
  await database?.drop();
  if (temp) await rm(temp, { recursive: true, force: true });
}, 60_000);

/** Uploads being received, or left behind, in both instances' spool folders. */
async function spooled(): Promise<string[]> {
  return [...(await readdir(one.spoolDir)), ...(await readdir(two.spoolDir))];
}

/** Transactions of the test database left open, waiting for their client. */
async function idleInTransaction(): Promise<number> {
  const [row] = await one.db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'");
  return row!.n;
}

afterEach(async () => {
  await one.db.query('DELETE FROM blob_chunks');
  await one.db.query('DELETE FROM blobs');
});

async function counts(sha: string): Promise<{ rows: number; chunks: number }> {
  const [row] = await one.db.query<{ rows: number; chunks: number }>(
    'SELECT (SELECT count(*) FROM blobs WHERE sha256 = $1)::int AS rows, (SELECT count(*) FROM blob_chunks WHERE sha256 = $1)::int AS chunks',
    [sha],
  );
  return row!;
}

/** The bytes in pieces of 64 KiB, as an HTTP request delivers them, then `end` (an error, or the end). */
function sourceOf(bytes: Buffer, end?: Error): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset < bytes.length) {
        this.push(bytes.subarray(offset, offset + 64 * 1024));
        offset += 64 * 1024;
      } else if (end) this.destroy(end);
      else this.push(null);
    },
  });
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts);
}

describe('an upload reaches the database only whole and checked', () => {
  it('writes nothing when the source fails after three chunks, leaves no spool file, and destroys the source', async () => {
    const bytes = randomBytes(3 * DEFAULT_CHUNK_BYTES + 100_000);
    const sha = sha256(bytes);
    const [before] = await one.db.query<{ size: number }>("SELECT pg_total_relation_size('blob_chunks') AS size");
    const source = sourceOf(bytes, new Error('connection reset'));
    await expect(one.blobs.put(sha, source, 64 * MiB)).rejects.toThrow('connection reset');
    expect(source.destroyed).toBe(true);
    expect(await counts(sha)).toEqual({ rows: 0, chunks: 0 });
    // Not even rolled-back rows: the table did not grow by one chunk.
    const [after] = await one.db.query<{ size: number }>("SELECT pg_total_relation_size('blob_chunks') AS size");
    expect(after!.size - before!.size).toBeLessThan(DEFAULT_CHUNK_BYTES);
    expect(await one.blobs.stat(sha)).toBeUndefined();
    expect(await spooled()).toEqual([]);
    // The same upload whole then succeeds.
    expect(await one.blobs.put(sha, sourceOf(bytes), 64 * MiB)).toEqual({ created: true, size: bytes.length });
    expect(await counts(sha)).toEqual({ rows: 1, chunks: 4 });
  });

  it('leaves nothing for bytes that do not hash to the name, in one chunk or several', async () => {
    for (const size of [5000, 3 * DEFAULT_CHUNK_BYTES + 1]) {
      const bytes = randomBytes(size);
      const claimed = sha256(randomBytes(10));
      const error = await one.blobs.put(claimed, sourceOf(bytes), 64 * MiB).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BlobHashMismatch);
      expect(error).toMatchObject({ expected: claimed, actual: sha256(bytes) });
      expect(await counts(claimed)).toEqual({ rows: 0, chunks: 0 });
    }
    const [all] = await one.db.query<{ n: number }>('SELECT count(*)::int AS n FROM blob_chunks');
    expect(all!.n).toBe(0);
    expect(await spooled()).toEqual([]);
  });

  it('leaves nothing for a blob over the limit, and destroys its source', async () => {
    const bytes = randomBytes(2 * DEFAULT_CHUNK_BYTES + 10);
    const source = sourceOf(bytes);
    await expect(one.blobs.put(sha256(bytes), source, 2 * DEFAULT_CHUNK_BYTES)).rejects.toBeInstanceOf(BlobTooLarge);
    expect(source.destroyed).toBe(true);
    expect(await counts(sha256(bytes))).toEqual({ rows: 0, chunks: 0 });
    expect(await spooled()).toEqual([]);
  });

  it('rolls back, removes its spool file and destroys the source when writing a chunk fails while the next is read', async () => {
    const bytes = randomBytes(3 * DEFAULT_CHUNK_BYTES);
    const sha = sha256(bytes);
    // A stray row where the upload will write its second chunk: that INSERT fails (duplicate key)
    // while the source waits before its third chunk. The failure must reach put(), not the process.
    await one.db.query("INSERT INTO blob_chunks (sha256, idx, data) VALUES ($1, 1, '\\x00')", [sha]);
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent >= bytes.length) return void this.push(null);
        const wait = sent === 2 * DEFAULT_CHUNK_BYTES ? 300 : 0;
        setTimeout(() => this.push(bytes.subarray(sent, (sent += 256 * 1024))), wait);
      },
    });
    await expect(one.blobs.put(sha, source, 64 * MiB)).rejects.toMatchObject({ code: '23505' });
    expect(source.destroyed).toBe(true);
    expect(await counts(sha)).toEqual({ rows: 0, chunks: 1 });
    expect(await spooled()).toEqual([]);
  });

  it('stores an empty blob, and a blob of exactly two chunks, as written', async () => {
    for (const bytes of [Buffer.alloc(0), randomBytes(2 * DEFAULT_CHUNK_BYTES)]) {
      expect(await one.blobs.put(sha256(bytes), sourceOf(bytes), 64 * MiB)).toEqual({ created: true, size: bytes.length });
      expect((await two.blobs.read(sha256(bytes))).equals(bytes)).toBe(true);
      expect((await collect(two.blobs.stream(sha256(bytes)))).equals(bytes)).toBe(true);
    }
  });
});

describe('two instances on one database', () => {
  it('stores one blob put 20 times at once through both: all succeed, one row, one creation', async () => {
    const bytes = randomBytes(2 * DEFAULT_CHUNK_BYTES + 12_345);
    const sha = sha256(bytes);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).blobs.put(sha, sourceOf(bytes), 64 * MiB)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.every((r) => r.size === bytes.length)).toBe(true);
    expect(await counts(sha)).toEqual({ rows: 1, chunks: 3 });
    expect((await one.blobs.read(sha)).equals(bytes)).toBe(true);
  }, 60_000);

  it('refuses other bytes under a stored name from the other instance, and keeps the stored bytes', async () => {
    const bytes = randomBytes(300_000);
    const sha = sha256(bytes);
    await one.blobs.put(sha, sourceOf(bytes), 64 * MiB);
    await expect(two.blobs.put(sha, sourceOf(randomBytes(300_000)), 64 * MiB)).rejects.toBeInstanceOf(BlobHashMismatch);
    expect(await two.blobs.put(sha, sourceOf(bytes), 64 * MiB)).toEqual({ created: false, size: bytes.length });
    expect((await two.blobs.read(sha)).equals(bytes)).toBe(true);
  });
});

describe('the hash is checked on read', () => {
  it('fails the stream at the end and the read when a chunk was altered in the database', async () => {
    const bytes = randomBytes(2 * DEFAULT_CHUNK_BYTES + 500);
    const sha = sha256(bytes);
    await one.blobs.put(sha, sourceOf(bytes), 64 * MiB);
    await one.db.query('UPDATE blob_chunks SET data = set_byte(data, 7, (get_byte(data, 7) + 1) % 256) WHERE sha256 = $1 AND idx = 1', [sha]);
    expect(await one.blobs.stat(sha)).toEqual({ size: bytes.length });
    await expect(two.blobs.read(sha)).rejects.toBeInstanceOf(BlobCorrupt);
    await expect(collect(two.blobs.stream(sha))).rejects.toBeInstanceOf(BlobCorrupt);
  });

  it('fails them when a chunk is missing, and streams of an absent blob fail as a missing file does', async () => {
    const bytes = randomBytes(2 * DEFAULT_CHUNK_BYTES + 500);
    const sha = sha256(bytes);
    await one.blobs.put(sha, sourceOf(bytes), 64 * MiB);
    await one.db.query('DELETE FROM blob_chunks WHERE sha256 = $1 AND idx = 2', [sha]);
    await expect(one.blobs.read(sha)).rejects.toThrow(/chunk 2 is missing/);
    await expect(collect(one.blobs.stream(sha))).rejects.toThrow(/chunk 2 is missing/);
    const absent = sha256(randomBytes(8));
    await expect(one.blobs.read(absent)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(collect(one.blobs.stream(absent))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('a 64 MiB blob', () => {
  /** 64 MiB made on the fly from 1 MiB of random bytes (each MiB stamped with its number): never whole in memory. */
  const base = randomBytes(MiB);
  function big(onRead: () => void): Readable {
    let i = 0;
    return new Readable({
      read() {
        onRead();
        if (i === 64) return void this.push(null);
        const piece = Buffer.from(base);
        piece.writeUInt32BE(i++, 0);
        this.push(piece);
      },
    });
  }

  it('is stored and streamed back with the RSS growing by far less than its size', async () => {
    const hash = createHash('sha256');
    for await (const piece of big(() => undefined) as AsyncIterable<Buffer>) hash.update(piece);
    const sha = hash.digest('hex');

    // Garbage is collected before each sample: what is measured is what the store holds, not
    // what V8 has yet to free (1 MiB pieces and their copies, 128 MiB of it per direction).
    const gc = runInNewContext('gc') as () => void;
    const rss = (): number => {
      gc();
      return process.memoryUsage.rss();
    };
    let start = rss();
    let peak = start;
    let calls = 0;
    // Every 8th piece: a full collection takes a while in the test process.
    const sample = (): void => void (calls++ % 8 === 0 && (peak = Math.max(peak, rss())));
    expect(await one.blobs.put(sha, big(sample), 64 * MiB)).toEqual({ created: true, size: 64 * MiB });
    const putGrowth = peak - start;
    expect(await counts(sha)).toEqual({ rows: 1, chunks: 64 / (DEFAULT_CHUNK_BYTES / MiB) });

    const back = createHash('sha256');
    let size = 0;
    start = rss();
    peak = start;
    calls = 0;
    for await (const piece of two.blobs.stream(sha) as AsyncIterable<Buffer>) {
      back.update(piece);
      size += piece.length;
      sample();
    }
    expect({ size, sha: back.digest('hex') }).toEqual({ size: 64 * MiB, sha });
    // Loose: a blob held whole would add 64 MiB at least.
    expect(putGrowth).toBeLessThan(48 * MiB);
    expect(peak - start).toBeLessThan(48 * MiB);
  }, 120_000);
});

describe('the pool', () => {
  it('keeps every connection while more uploads than it has connections are under way', async () => {
    // 12 uploads that send two chunks and then wait: received outside any transaction, they hold no connection.
    const releases: (() => void)[] = [];
    const blobs = Array.from({ length: 12 }, () => randomBytes(2 * DEFAULT_CHUNK_BYTES + 1));
    const puts = blobs.map((bytes) => {
      let sent = 0;
      let held = false;
      const source = new Readable({
        read() {
          if (sent >= bytes.length) return void this.push(null);
          if (sent >= 2 * DEFAULT_CHUNK_BYTES && !held) {
            held = true;
            releases.push(() => {
              this.push(bytes.subarray(sent, (sent = bytes.length)));
              this.push(null);
            });
            return;
          }
          this.push(bytes.subarray(sent, (sent += 256 * 1024)));
        },
      });
      return one.blobs.put(sha256(bytes), source, 64 * MiB);
    });
    while (releases.length < 12) await new Promise((r) => setTimeout(r, 20));
    expect(await idleInTransaction()).toBe(0);
    // Answers while the uploads wait: the pool still has connections for it.
    expect(await one.blobs.stat(sha256(blobs[0]!))).toBeUndefined();
    for (const release of releases) release();
    // Waiting uploads get their turn as the first ones finish.
    const results = await Promise.all(puts);
    expect(results.every((r) => r.created)).toBe(true);
    for (const bytes of blobs) expect((await two.blobs.read(sha256(bytes))).equals(bytes)).toBe(true);
  }, 60_000);
});

/**
 * An upload that sends 2 MiB of a 3 MiB blob and then nothing more, as a device on a dead link
 * does; `pulled` settles once the store has taken all 2 MiB and asks for more.
 */
function stalledSource(): { source: Readable; sha: string; pulled: Promise<void> } {
  const sent = randomBytes(2 * MiB);
  let offset = 0;
  let reached!: () => void;
  const pulled = new Promise<void>((resolve) => (reached = resolve));
  const source = new Readable({
    read() {
      if (offset < sent.length) this.push(sent.subarray(offset, (offset += 64 * 1024)));
      else reached();
    },
  });
  return { source, sha: sha256(Buffer.concat([sent, randomBytes(MiB)])), pulled };
}

describe('stalled uploads', () => {
  it('hold no connection, lock or transaction: small and large puts finish at once; cut, they leave nothing', async () => {
    const stalls = Array.from({ length: 6 }, () => stalledSource());
    const puts = stalls.map((s, i) => (i % 2 ? one : two).blobs.put(s.sha, s.source, 64 * MiB).catch((e: unknown) => e));
    await Promise.all(stalls.map((s) => s.pulled));
    expect(await spooled()).toHaveLength(6);
    expect(await idleInTransaction()).toBe(0);

    const small = randomBytes(10);
    const large = randomBytes(3 * MiB);
    const started = Date.now();
    const [smallPut, largePut] = await Promise.all([
      one.blobs.put(sha256(small), sourceOf(small), 64 * MiB),
      one.blobs.put(sha256(large), sourceOf(large), 64 * MiB),
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect([smallPut, largePut]).toEqual([{ created: true, size: 10 }, { created: true, size: large.length }]);
    expect((await two.blobs.read(sha256(large))).equals(large)).toBe(true);
    expect(await idleInTransaction()).toBe(0);

    for (const s of stalls) s.source.destroy(new Error('connection reset'));
    for (const result of await Promise.all(puts)) expect(result).toMatchObject({ message: 'connection reset' });
    expect(await spooled()).toEqual([]);
    for (const s of stalls) expect(await counts(s.sha)).toEqual({ rows: 0, chunks: 0 });
  }, 30_000);

  it('refuses a put that waits longer than slotWaitMs for a place, writing nothing; the next one after gets it', async () => {
    const blobs = postgresBlobStore(one.db, { uploadSlots: 1, slotWaitMs: 300, spoolDir: one.spoolDir });
    const first = randomBytes(100);
    const second = randomBytes(100);
    // Another instance is storing the first blob: its advisory lock is held, so the first put keeps the only place.
    const other = await one.db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1, $2)', [BLOB_LOCK_CLASS, Number.parseInt(sha256(first).slice(0, 8), 16) | 0]);
      const held = blobs.put(sha256(first), sourceOf(first), 64 * MiB);
      const waiting = async (): Promise<number> =>
        (await one.db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))[0]!.n;
      while ((await waiting()) === 0) await new Promise((r) => setTimeout(r, 20));

      const started = Date.now();
      const error = await blobs.put(sha256(second), sourceOf(second), 64 * MiB).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BlobStoreBusy);
      expect(error).toMatchObject({ retryAfterSeconds: expect.any(Number) as number });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await counts(sha256(second))).toEqual({ rows: 0, chunks: 0 });

      await other.query('COMMIT');
      expect(await held).toEqual({ created: true, size: 100 });
      expect(await blobs.put(sha256(second), sourceOf(second), 64 * MiB)).toEqual({ created: true, size: 100 });
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      other.release();
    }
  });
});

describe('over HTTP', () => {
  it('a device upload cut after three chunks leaves no chunk and no open transaction, and the same upload then succeeds', async () => {
    const office = await startTestOffice();
    try {
      const device = await enrolledDevice(office, 'zhao-lei', ['yunan-peoples']);
      const bytes = randomBytes(4 * DEFAULT_CHUNK_BYTES);
      const sha = sha256(bytes);
      await new Promise<void>((resolve) => {
        const req = request(new URL(`${office.url}${paths.blob(sha)}`), {
          method: 'PUT',
          headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
        });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        req.write(bytes.subarray(0, 3 * DEFAULT_CHUNK_BYTES + 1000), () => setTimeout(() => req.destroy(), 300));
      });
      const sql = openPool(office.database!);
      try {
        const open = async (): Promise<number> =>
          (await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'"))[0]!.n;
        for (let i = 0; i < 100 && (await open()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
        expect(await open()).toBe(0);
        expect(await sql.query('SELECT sha256, idx FROM blob_chunks')).toEqual([]);
        expect(await readdir(path.join(office.dataDir, 'tmp-blobs'))).toEqual([]);
      } finally {
        await sql.close();
      }
      expect((await device.call('HEAD', paths.blob(sha))).status).toBe(404);
      expect((await device.call('PUT', paths.blob(sha), bytes)).status).toBe(201);
      expect((await office.ctx.blobs.read(sha)).equals(bytes)).toBe(true);
    } finally {
      await office.close();
    }
  }, 60_000);
});
