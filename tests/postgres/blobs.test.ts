/**
 * What only the PostgreSQL blob store has to prove (postgres/blobs.ts): an upload is one
 * transaction, so a cut or lying one leaves no row and no chunk; two instances storing one blob
 * at once make one row; a chunk altered in the database fails the read; a 64 MiB blob goes
 * through without being held in memory; uploads cannot take every connection of the pool.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BlobHashMismatch, BlobTooLarge, type BlobStore } from '../../src-server/storage/port';
import { BlobCorrupt, DEFAULT_CHUNK_BYTES, postgresBlobStore } from '../../src-server/storage/postgres/blobs';
import { openPool, type PostgresPool } from '../../src-server/storage/postgres/pool';
import { migratePostgres } from '../../src-server/storage/postgres/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

let database: TestDatabase;
/** Two instances of the office on one database: two pools, two stores. */
let one: { db: PostgresPool; blobs: BlobStore };
let two: { db: PostgresPool; blobs: BlobStore };

beforeAll(async () => {
  database = await createTestDatabase();
  const open = async (): Promise<{ db: PostgresPool; blobs: BlobStore }> => {
    const db = openPool(database.url);
    await migratePostgres(db);
    return { db, blobs: postgresBlobStore(db) };
  };
  one = await open();
  two = await open();
}, 60_000);

afterAll(async () => {
  await one?.db.close();
  await two?.db.close();
  await database?.drop();
}, 60_000);

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

describe('an upload is one transaction', () => {
  it('leaves no row and no chunk when the source fails after three chunks, and the source is destroyed', async () => {
    const bytes = randomBytes(3 * DEFAULT_CHUNK_BYTES + 100_000);
    const sha = sha256(bytes);
    const [before] = await one.db.query<{ size: number }>("SELECT pg_total_relation_size('blob_chunks') AS size");
    const source = sourceOf(bytes, new Error('connection reset'));
    await expect(one.blobs.put(sha, source, 64 * MiB)).rejects.toThrow('connection reset');
    expect(source.destroyed).toBe(true);
    expect(await counts(sha)).toEqual({ rows: 0, chunks: 0 });
    // The three chunks did reach the table (their dead rows take its space) and were rolled back.
    const [after] = await one.db.query<{ size: number }>("SELECT pg_total_relation_size('blob_chunks') AS size");
    expect(after!.size - before!.size).toBeGreaterThanOrEqual(2 * DEFAULT_CHUNK_BYTES);
    expect(await one.blobs.stat(sha)).toBeUndefined();
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
  });

  it('leaves nothing for a blob over the limit, and destroys its source', async () => {
    const bytes = randomBytes(2 * DEFAULT_CHUNK_BYTES + 10);
    const source = sourceOf(bytes);
    await expect(one.blobs.put(sha256(bytes), source, 2 * DEFAULT_CHUNK_BYTES)).rejects.toBeInstanceOf(BlobTooLarge);
    expect(source.destroyed).toBe(true);
    expect(await counts(sha256(bytes))).toEqual({ rows: 0, chunks: 0 });
  });

  it('rolls back and destroys the source when writing a chunk fails while the next is read', async () => {
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

    const rss = (): number => process.memoryUsage.rss();
    const start = rss();
    let peak = start;
    const sample = (): void => void (peak = Math.max(peak, rss()));
    expect(await one.blobs.put(sha, big(sample), 64 * MiB)).toEqual({ created: true, size: 64 * MiB });
    const putGrowth = peak - start;
    expect(await counts(sha)).toEqual({ rows: 1, chunks: 64 / (DEFAULT_CHUNK_BYTES / MiB) });

    const back = createHash('sha256');
    let size = 0;
    const readStart = rss();
    peak = readStart;
    for await (const piece of two.blobs.stream(sha) as AsyncIterable<Buffer>) {
      back.update(piece);
      size += piece.length;
      sample();
    }
    expect({ size, sha: back.digest('hex') }).toEqual({ size: 64 * MiB, sha });
    // Loose: garbage is collected when V8 likes; a blob held whole would add 64 MiB at least.
    expect(putGrowth).toBeLessThan(48 * MiB);
    expect(peak - readStart).toBeLessThan(48 * MiB);
  }, 120_000);
});

describe('the pool', () => {
  it('keeps connections for other requests while more uploads than it has connections are under way', async () => {
    // 12 uploads that send two chunks and then wait: without the upload slots they would hold all
    // 10 connections and a stat would wait in the pool's queue until it timed out.
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
    const [active] = await one.db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'");
    expect(active!.n).toBeLessThanOrEqual(5);
    // Answers while the uploads wait: the pool still has connections for it.
    expect(await one.blobs.stat(sha256(blobs[0]!))).toBeUndefined();
    for (const release of releases) release();
    // Waiting uploads get their turn as the first ones finish.
    const results = await Promise.all(puts);
    expect(results.every((r) => r.created)).toBe(true);
    for (const bytes of blobs) expect((await two.blobs.read(sha256(bytes))).equals(bytes)).toBe(true);
  }, 60_000);
});
