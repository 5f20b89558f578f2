/**
 * Content-addressed blobs on disk: <root>/<aa>/<bb>/<sha256>. An upload is streamed to
 * <root>/tmp/<random>, hashed on the way, fsynced, and renamed into place only if it hashes to
 * the name it was sent under; a killed upload leaves only a temp file, removed by a later open
 * once it is an hour old (temp-sweep.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform, Writable } from 'node:stream';
import { BlobCorrupt, BlobHashMismatch, BlobTooLarge, type BlobStore } from './port';
import { prepareTempFolder } from './temp-sweep';

const SHA256 = /^[0-9a-f]{64}$/;
/** Photos and signed reports of patients' hospitals: only the office's own user may read them. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

async function fsync(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function openDiskBlobStore(root: string): Promise<BlobStore> {
  const tmp = path.join(root, 'tmp');
  await mkdir(root, { recursive: true, mode: DIR_MODE });
  // Leftovers of uploads cut by a crash go; an upload the running service is taking stays.
  await prepareTempFolder(tmp, DIR_MODE);
  // mkdir's mode applies only to folders it creates: a store made by an older version (0755) is
  // closed here, and no one else can then reach any blob in it, whatever the blob's own mode.
  await chmod(root, DIR_MODE);

  const fileOf = (sha256: string): string => {
    // The name becomes a path: only ever a checked hex digest.
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  const statOf = async (sha256: string): Promise<{ size: number } | undefined> => {
    try {
      return { size: (await stat(fileOf(sha256))).size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };

  return {
    stat: statOf,
    async put(sha256, source, maxBytes) {
      const target = fileOf(sha256);
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > maxBytes) return done(new BlobTooLarge(maxBytes));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      const checked = (): void => {
        const actual = hash.digest('hex');
        if (actual !== sha256) throw new BlobHashMismatch(sha256, actual);
      };
      let existing: { size: number } | undefined;
      try {
        existing = await statOf(sha256);
      } catch (error) {
        // The caller's stream must still end: destroyed, its owner drains the request.
        source.destroy();
        throw error;
      }
      if (existing) {
        // Stored already: the bytes are still read to the end and hashed, so the answer says
        // whether they are these bytes, and nothing on disk is touched either way.
        await pipeline(source, meter, new Writable({ write: (_chunk, _enc, done) => done() }));
        checked();
        return { created: false, size: existing.size };
      }
      const temp = path.join(tmp, randomUUID());
      try {
        await pipeline(source, meter, createWriteStream(temp, { flags: 'wx', mode: FILE_MODE }));
        checked();
        if (await statOf(sha256)) return { created: false, size };
        await fsync(temp);
        await mkdir(path.dirname(target), { recursive: true, mode: DIR_MODE });
        // Same bytes under the same name: two concurrent uploads may both rename, and either wins.
        await rename(temp, target);
        // The rename itself is only durable once its folder is flushed.
        await fsync(path.dirname(target));
        return { created: true, size };
      } finally {
        await rm(temp, { force: true });
      }
    },
    async read(sha256) {
      const bytes = await readFile(fileOf(sha256));
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) throw new BlobCorrupt(sha256, `its ${bytes.length} bytes hash to ${actual}`);
      return bytes;
    },
    stream(sha256): Readable {
      // The file is hashed as it is sent; a file changed on disk fails the stream at its end, so the
      // receiver (a download, verify-store) never takes altered bytes as the stored blob.
      const hash = createHash('sha256');
      const checked = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          done(null, chunk);
        },
        flush(done) {
          const actual = hash.digest('hex');
          done(actual === sha256 ? null : new BlobCorrupt(sha256, `its bytes hash to ${actual}`));
        },
      });
      const file = createReadStream(fileOf(sha256));
      file.on('error', (error) => checked.destroy(error));
      return file.pipe(checked);
    },
  };
}
