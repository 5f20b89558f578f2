/**
 * Content-addressed blobs in PostgreSQL (issue 15), so every instance reaches every blob and one
 * pg_dump holds a report with its blobs: `blobs` (one row per whole blob) and `blob_chunks` (its
 * bytes in pieces of `chunkBytes`).
 *
 * An upload is received OUTSIDE any transaction: hashed and counted as it arrives, kept in memory
 * while it fits in one chunk (photos, signatures, most records), otherwise spooled to a private
 * temp file (`spoolDir`, mode 0600). Only once it is whole and hashes to its name are its chunks
 * (read back from that file) and its `blobs` row written, in one short transaction under the
 * blob's advisory lock. So a slow or stalled client holds no connection and no lock, and a cut,
 * oversized or lying upload writes nothing to the database (no rows, no WAL).
 *
 * At most `uploadSlots` of those writes run at once per store (by default half the pool's 10
 * connections, leaving the rest for every other request); one that waits longer than
 * `slotWaitMs` for a place is refused with BlobStoreBusy (503 with Retry-After), so the line is
 * never unbounded in time.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BlobCorrupt, BlobHashMismatch, BlobStoreBusy, BlobTooLarge, type BlobStore } from '../port';
import { prepareTempFolder } from '../temp-sweep';
import { BLOB_LOCK_CLASS } from './locks';
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

/** How long a received upload waits for a place to be written before it is refused as busy. */
export const DEFAULT_SLOT_WAIT_MS = 30_000;
/** What a refused client is told to wait: the writes ahead of it are short, but the database is slow. */
const RETRY_AFTER_SECONDS = 10;

/** Uploads being received: photos of patients' hospitals, readable by the office's own user only. */
const SPOOL_FILE_MODE = 0o600;
const SPOOL_DIR_MODE = 0o700;

export interface PostgresBlobOptions {
  chunkBytes?: number;
  /** Uploads being written to the database at once; by default half the pool. */
  uploadSlots?: number;
  /** How long an upload waits for one of those before BlobStoreBusy; DEFAULT_SLOT_WAIT_MS by default. */
  slotWaitMs?: number;
  /** A private folder for uploads of more than one chunk (see prepareSpoolDir); by default a new one under the OS temp folder. */
  spoolDir?: string;
}

export { BlobCorrupt };

/**
 * Makes `dir` the store's spool: created 0700 (and closed to others if it existed), rid of
 * uploads a crash cut off an hour or more ago; one the running service is spooling stays.
 */
export async function prepareSpoolDir(dir: string): Promise<string> {
  await prepareTempFolder(dir, SPOOL_DIR_MODE);
  return dir;
}

function checkedName(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return sha256;
}

/**
 * A waiting line of `slots` places: the function returned starts its work once a place is free,
 * or throws BlobStoreBusy after `waitMs` in line.
 */
function slotsOf(slots: number, waitMs: number): <T>(work: () => Promise<T>) => Promise<T> {
  let busy = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (busy >= slots) {
      await new Promise<void>((resolve, reject) => {
        const take = (): void => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          // Out of line before anyone can hand it a place.
          waiting.splice(waiting.indexOf(take), 1);
          reject(new BlobStoreBusy(RETRY_AFTER_SECONDS));
        }, waitMs);
        waiting.push(take);
      });
    } else busy++;
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

/** A whole upload, received and hashed, not yet in the database: its chunks on demand, then discarded. */
interface Received {
  size: number;
  sha256: string;
  chunks: number;
  chunk(index: number): Promise<Buffer>;
  discard(): Promise<void>;
}

async function writeAll(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  for (let done = 0; done < data.length; ) done += (await handle.write(data, done, data.length - done, position + done)).bytesWritten;
}

async function readAll(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const data = Buffer.allocUnsafe(length);
  for (let done = 0; done < length; ) {
    const { bytesRead } = await handle.read(data, done, length - done, position + done);
    if (bytesRead === 0) throw new Error('the spooled upload is shorter than it was written');
    done += bytesRead;
  }
  return data;
}

/**
 * The source read to its end, counted against `maxBytes` and hashed: in memory while it fits in
 * one chunk, then in a new file of `spoolDir()`. The file is held open until discarded, so its
 * bytes stay readable whatever happens to its name; on any error it is removed here.
 */
async function receive(source: Readable, maxBytes: number, chunkBytes: number, spoolDir: () => Promise<string>): Promise<Received> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let size = 0;
  let spool: { file: string; handle: FileHandle } | undefined;
  const discard = async (): Promise<void> => {
    if (!spool) return;
    await spool.handle.close().catch(() => undefined);
    await rm(spool.file, { force: true });
  };
  try {
    for await (const data of source as AsyncIterable<Buffer>) {
      const at = size;
      size += data.length;
      if (size > maxBytes) throw new BlobTooLarge(maxBytes);
      hash.update(data);
      if (spool) {
        await writeAll(spool.handle, data, at);
        continue;
      }
      head.push(data);
      if (size > chunkBytes) {
        const file = path.join(await spoolDir(), randomUUID());
        spool = { file, handle: await open(file, 'wx+', SPOOL_FILE_MODE) };
        await writeAll(spool.handle, Buffer.concat(head.splice(0)), 0);
      }
    }
  } catch (error) {
    await discard();
    throw error;
  }
  const sha256 = hash.digest('hex');
  if (!spool) {
    const bytes = Buffer.concat(head);
    // An empty blob is one empty chunk, as readers expect at least one.
    return { size, sha256, chunks: 1, chunk: async () => bytes, discard };
  }
  const { handle } = spool;
  return {
    size,
    sha256,
    chunks: Math.ceil(size / chunkBytes),
    chunk: (index) => readAll(handle, Math.min(chunkBytes, size - index * chunkBytes), index * chunkBytes),
    discard,
  };
}

export function postgresBlobStore(db: PostgresPool, options: PostgresBlobOptions = {}): BlobStore {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const uploading = slotsOf(options.uploadSlots ?? Math.max(1, Math.floor((db.pool.options.max ?? 10) / 2)), options.slotWaitMs ?? DEFAULT_SLOT_WAIT_MS);
  let spoolDir: Promise<string> | undefined;
  const spoolFolder = (): Promise<string> => (spoolDir ??= options.spoolDir ? Promise.resolve(options.spoolDir) : mkdtemp(path.join(tmpdir(), 'xunjian-blobs-')));

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
    if (actual !== sha256) throw new BlobCorrupt(sha256, `its ${size} bytes hash to ${actual}`);
    if (size !== found.size) throw new BlobCorrupt(sha256, `its chunks hold ${size} bytes, its row says ${found.size}`);
  }

  /**
   * A received, checked upload written in one short transaction: under the blob's advisory lock
   * (two instances storing one blob at once: the second waits, then finds it stored), every chunk,
   * then the `blobs` row. The chunks are hashed again as they are read back, so what is written
   * is what was checked. Returns undefined when the blob was stored meanwhile.
   */
  const write = (sha256: string, upload: Received): Promise<{ created: true; size: number } | undefined> =>
    uploading(() =>
      db.transaction(async (sql: Sql) => {
        await sql.query('SELECT pg_advisory_xact_lock($1, $2)', [BLOB_LOCK_CLASS, Number.parseInt(sha256.slice(0, 8), 16) | 0]);
        if ((await rows(sql, 'SELECT 1 FROM blobs WHERE sha256 = $1', [sha256])).length > 0) return undefined;
        const hash = createHash('sha256');
        let writing: Promise<unknown> = Promise.resolve();
        try {
          for (let index = 0; index < upload.chunks; index++) {
            // The next chunk is read from the file while the previous one is written.
            const data = await upload.chunk(index);
            hash.update(data);
            await writing;
            writing = sql.query('INSERT INTO blob_chunks (sha256, idx, data) VALUES ($1, $2, $3)', [sha256, index, data]);
            // Handled now, awaited later: a failure while the next chunk is read must not count as unhandled (it would end the process).
            writing.catch(() => undefined);
          }
        } finally {
          // Settled before the transaction ends, even when reading failed.
          await writing.catch(() => undefined);
        }
        await writing;
        const actual = hash.digest('hex');
        if (actual !== sha256) throw new Error(`the spooled upload of ${sha256} changed before it was stored (it hashes to ${actual})`);
        await sql.query('INSERT INTO blobs (sha256, size, chunks, created_at) VALUES ($1, $2, $3, $4)', [sha256, upload.size, upload.chunks, new Date().toISOString()]);
        return { created: true as const, size: upload.size };
      }),
    );

  return {
    async stat(sha256) {
      const found = await statOf(sha256);
      return found && { size: found.size };
    },

    async put(sha256, source, maxBytes) {
      let upload: Received | undefined;
      try {
        checkedName(sha256);
        const existing = await statOf(sha256);
        if (existing) {
          // Stored already: read to the end and hashed all the same, so the answer says whether
          // these are the same bytes; nothing is written either way.
          await drain(source, sha256, maxBytes);
          return { created: false, size: existing.size };
        }
        // Whole and checked before any connection is taken: a lie never reaches the database.
        upload = await receive(source, maxBytes, chunkBytes, spoolFolder);
        if (upload.sha256 !== sha256) throw new BlobHashMismatch(sha256, upload.sha256);
        const written = await write(sha256, upload);
        if (written) return written;
        // Another upload stored it meanwhile.
        const stored = await statOf(sha256);
        if (!stored) throw new Error(`blob ${sha256} vanished after it was stored`);
        return { created: false, size: stored.size };
      } catch (error) {
        // The caller's stream must end whatever happened: destroyed, its owner drains the request.
        source.destroy();
        throw error;
      } finally {
        await upload?.discard();
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
