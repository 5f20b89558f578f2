/**
 * Content-addressed blobs in PostgreSQL (issue 15), so every instance reaches every blob and one
 * pg_dump holds a report with its blobs: `blobs` (one row per whole blob) and `blob_chunks` (its
 * bytes in pieces of `chunkBytes`). An upload writes its chunks and, after the hash check, its
 * `blobs` row in ONE transaction: a cut, oversized or lying upload rolls back and leaves nothing.
 *
 * That transaction holds one pool connection for as long as the client takes to send the blob.
 * Two things keep the pool (pool.ts: 10 connections) sane: up to two chunks are read before a
 * connection is taken, so a blob of one chunk (photos, signatures, most records) is whole and
 * checked first and holds a connection only for one INSERT, whatever the client's speed; and at
 * most `uploadSlots` uploads per store hold one at once (the rest wait here, unread beyond those
 * two chunks, rather than in the pool's queue, which times out after 10 s), leaving the others
 * for every other request.
 */
import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { BlobCorrupt, BlobHashMismatch, BlobTooLarge, type BlobStore } from '../port';
import { rows, type PostgresPool, type Sql } from './pool';

const SHA256 = /^[0-9a-f]{64}$/;

/** Chosen by bench/blobs (docs/benchmarks.md): see there for 256 KiB – 4 MiB. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/**
 * Bytes fetched per query: `read` holds the whole blob anyway, so fewer round trips; `stream`
 * serves downloads of up to 64 MB, several at once, so it keeps its pieces (and their base64
 * text, garbage until collected) small.
 */
const READ_BATCH_BYTES = 4 * 1024 * 1024;
const STREAM_BATCH_BYTES = 1024 * 1024;

/** The advisory lock class of "one blob being written" (the schema's lock is the single key 7305001; two-key locks are another space). */
const BLOB_LOCK_CLASS = 7305002;

export interface PostgresBlobOptions {
  chunkBytes?: number;
  /** Uploads holding a connection at once; by default half the pool. */
  uploadSlots?: number;
}

export { BlobCorrupt };

function checkedName(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return sha256;
}

/** A waiting line of `slots` places: the function returned starts its work once a place is free. */
function slotsOf(slots: number): <T>(work: () => Promise<T>) => Promise<T> {
  let busy = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (busy >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    else busy++;
    try {
      return await work();
    } finally {
      // The place passes straight to the next in line, so `busy` never drops below what runs.
      const next = waiting.shift();
      if (next) next();
      else busy--;
    }
  };
}

/**
 * The source cut into pieces of exactly `size` bytes (the last one shorter), counted against
 * `maxBytes` and hashed on the way. One piece is held at a time; the caller may take its time
 * with each, the source waits (back pressure).
 */
async function* pieces(source: Readable, size: number, maxBytes: number, hash: Hash): AsyncGenerator<Buffer> {
  let piece = Buffer.allocUnsafe(size);
  let filled = 0;
  let total = 0;
  for await (const data of source as AsyncIterable<Buffer>) {
    total += data.length;
    if (total > maxBytes) throw new BlobTooLarge(maxBytes);
    hash.update(data);
    let offset = 0;
    while (offset < data.length) {
      const copied = data.copy(piece, filled, offset);
      filled += copied;
      offset += copied;
      if (filled === size) {
        yield piece;
        // A new buffer: the one yielded may still be on its way to the server.
        piece = Buffer.allocUnsafe(size);
        filled = 0;
      }
    }
  }
  if (filled > 0 || total === 0) yield piece.subarray(0, filled);
}

/** Reads the source to its end, hashed and counted, keeping nothing: the answer for a blob stored already. */
async function drain(source: Readable, sha256: string, maxBytes: number): Promise<void> {
  const hash = createHash('sha256');
  let total = 0;
  for await (const data of source as AsyncIterable<Buffer>) {
    total += data.length;
    if (total > maxBytes) throw new BlobTooLarge(maxBytes);
    hash.update(data);
  }
  const actual = hash.digest('hex');
  if (actual !== sha256) throw new BlobHashMismatch(sha256, actual);
}

export function postgresBlobStore(db: PostgresPool, options: PostgresBlobOptions = {}): BlobStore {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const uploading = slotsOf(options.uploadSlots ?? Math.max(1, Math.floor((db.pool.options.max ?? 10) / 2)));

  const statOf = async (sha256: string): Promise<{ size: number; chunks: number } | undefined> => {
    const [row] = await db.query<{ size: number; chunks: number }>('SELECT size, chunks FROM blobs WHERE sha256 = $1', [checkedName(sha256)]);
    return row;
  };

  const missing = (sha256: string): Error => Object.assign(new Error(`no blob ${sha256}`), { code: 'ENOENT' });

  /**
   * A stored blob's bytes, chunk by chunk, hashed on the way: the last piece is followed by the
   * check, so a reader of an altered blob gets an error instead of a complete-looking wrong file.
   * Chunks come about `batchBytes` at a time, base64-encoded: pg reads every result as text, and
   * bytea's own text form (hex) is twice the size and slower to decode (bench/blobs).
   */
  async function* stored(sha256: string, batchBytes: number): AsyncGenerator<Buffer> {
    const found = await statOf(sha256);
    if (!found) throw missing(sha256);
    const perQuery = Math.max(1, Math.floor(batchBytes / Math.max(1, Math.ceil(found.size / found.chunks))));
    const hash = createHash('sha256');
    let size = 0;
    for (let from = 0; from < found.chunks; from += perQuery) {
      const count = Math.min(perQuery, found.chunks - from);
      const got = await db.query<{ idx: number; data: string }>(
        "SELECT idx, encode(data, 'base64') AS data FROM blob_chunks WHERE sha256 = $1 AND idx >= $2 AND idx < $3 ORDER BY idx",
        [sha256, from, from + count],
      );
      for (let i = 0; i < count; i++) {
        const row = got[i];
        if (row?.idx !== from + i) throw new BlobCorrupt(sha256, `chunk ${from + i} is missing`);
        const data = Buffer.from(row.data, 'base64');
        hash.update(data);
        size += data.length;
        yield data;
      }
    }
    const actual = hash.digest('hex');
    if (actual !== sha256 || size !== found.size) throw new BlobCorrupt(sha256, `its ${size} bytes hash to ${actual}`);
  }

  /**
   * An upload from its first pieces on, in one transaction: under the blob's advisory lock (two
   * instances storing one blob at once: the second waits, then finds it stored), every chunk,
   * then the hash check, then the `blobs` row. Returns undefined when it was stored meanwhile.
   */
  const write = (sha256: string, head: Buffer[], rest: AsyncIterable<Buffer>, digest: () => string): Promise<{ created: true; size: number } | undefined> =>
    uploading(() =>
      db.transaction(async (sql: Sql) => {
        await sql.query('SELECT pg_advisory_xact_lock($1, $2)', [BLOB_LOCK_CLASS, Number.parseInt(sha256.slice(0, 8), 16) | 0]);
        if ((await rows(sql, 'SELECT 1 FROM blobs WHERE sha256 = $1', [sha256])).length > 0) return undefined;
        let size = 0;
        let chunks = 0;
        let writing: Promise<unknown> = Promise.resolve();
        const insert = async (data: Buffer): Promise<void> => {
          await writing;
          writing = sql.query('INSERT INTO blob_chunks (sha256, idx, data) VALUES ($1, $2, $3)', [sha256, chunks++, data]);
          // Handled now, awaited later: a failure while the next piece is read must not count as unhandled (it would end the process).
          writing.catch(() => undefined);
          size += data.length;
        };
        try {
          for (const piece of head) await insert(piece);
          // The next piece is read from the client while the previous one is written.
          for await (const piece of rest) await insert(piece);
        } finally {
          // Settled before the transaction ends, even when reading failed.
          await writing.catch(() => undefined);
        }
        await writing;
        const actual = digest();
        if (actual !== sha256) throw new BlobHashMismatch(sha256, actual);
        await sql.query('INSERT INTO blobs (sha256, size, chunks, created_at) VALUES ($1, $2, $3, $4)', [sha256, size, chunks, new Date().toISOString()]);
        return { created: true as const, size };
      }),
    );

  return {
    async stat(sha256) {
      const found = await statOf(sha256);
      return found && { size: found.size };
    },

    async put(sha256, source, maxBytes) {
      try {
        checkedName(sha256);
        const existing = await statOf(sha256);
        if (existing) {
          // Stored already: read to the end and hashed all the same, so the answer says whether
          // these are the same bytes; nothing is written either way.
          await drain(source, sha256, maxBytes);
          return { created: false, size: existing.size };
        }
        const hash = createHash('sha256');
        let digested: string | undefined;
        const digest = (): string => (digested ??= hash.digest('hex'));
        const all = pieces(source, chunkBytes, maxBytes, hash);
        // Up to two pieces are read before a connection is taken: a blob of one piece is then
        // whole, checked here (a lie never reaches the database) and written in one INSERT.
        const head: Buffer[] = [];
        for (let i = 0; i < 2; i++) {
          const next = await all.next();
          if (next.done) break;
          head.push(next.value);
        }
        const whole = head.length < 2;
        if (whole && digest() !== sha256) throw new BlobHashMismatch(sha256, digest());
        const written = await write(sha256, head, all, digest);
        if (written) return written;
        // Another upload stored it while this one waited for the lock: the rest is read and checked only.
        for await (const piece of all) void piece;
        if (digest() !== sha256) throw new BlobHashMismatch(sha256, digest());
        const stored = await statOf(sha256);
        if (!stored) throw new Error(`blob ${sha256} vanished after it was stored`);
        return { created: false, size: stored.size };
      } catch (error) {
        // The caller's stream must end whatever happened: destroyed, its owner drains the request.
        source.destroy();
        throw error;
      }
    },

    async read(sha256) {
      const parts: Buffer[] = [];
      for await (const part of stored(sha256, READ_BATCH_BYTES)) parts.push(part);
      return Buffer.concat(parts);
    },

    stream(sha256): Readable {
      // Pulled one piece at a time (a high-water mark of one byte): a 64 MB blob is never in memory at once.
      return Readable.from(stored(sha256, STREAM_BATCH_BYTES), { objectMode: false, highWaterMark: 1 });
    },
  };
}
