/**
 * Content-addressed blobs on disk: <root>/<aa>/<bb>/<sha256>. An upload is streamed to
 * <root>/tmp/<random>, hashed on the way, fsynced, and renamed into place only if it hashes to
 * the name it was sent under; a killed upload leaves only a temp file, removed at the next start.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { BlobHashMismatch, BlobTooLarge, type BlobStore } from './port';

const SHA256 = /^[0-9a-f]{64}$/;

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
  // Leftovers of uploads cut by a crash; nothing refers to them.
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });

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
      const temp = path.join(tmp, randomUUID());
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
      try {
        await pipeline(source, meter, createWriteStream(temp, { flags: 'wx' }));
        const actual = hash.digest('hex');
        if (actual !== sha256) throw new BlobHashMismatch(sha256, actual);
        const existing = await statOf(sha256);
        if (existing) return { created: false, size: existing.size };
        await fsync(temp);
        await mkdir(path.dirname(target), { recursive: true });
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
      return readFile(fileOf(sha256));
    },
    stream(sha256): Readable {
      return createReadStream(fileOf(sha256));
    },
  };
}
