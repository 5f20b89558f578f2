/**
 * Before a restore: reads a backup whole, as a stream (never all in memory), and checks it against
 * its sidecar (size, SHA-256) and as gzip to its last byte, and that it starts as a Dexie export.
 * Then hands it out in chunks for the renderer to import.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BACKUP_CHUNK_BYTES, type BackupChecked } from '../../src-shared/rpc/backup-channels';
import { readHeader } from './backup-files';

/** How every dexie-export-import file begins (export.ts writes `formatName` first, without spaces). */
const DEXIE_EXPORT_START = '{"formatName":"dexie"';

export async function checkBackup(dir: string, file: string): Promise<BackupChecked> {
  const header = await readHeader(dir, file);
  if (typeof header === 'string') return { ok: false, problem: header };
  const full = path.join(dir, file);
  const hash = createHash('sha256');
  let size = 0;
  try {
    const hashing = createReadStream(full);
    hashing.on('data', (chunk) => {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += bytes.length;
    });
    await new Promise<void>((resolve, reject) => {
      hashing.on('end', resolve);
      hashing.on('error', reject);
    });
  } catch {
    return { ok: false, problem: 'missing' };
  }
  if (size !== header.bytes) return { ok: false, problem: 'size_mismatch' };
  if (hash.digest('hex') !== header.sha256) return { ok: false, problem: 'sha_mismatch' };

  let head = '';
  try {
    await pipeline(
      createReadStream(full),
      createGunzip(),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          if (head.length < DEXIE_EXPORT_START.length) head += chunk.subarray(0, DEXIE_EXPORT_START.length).toString('utf8');
          done();
        },
      }),
    );
  } catch {
    return { ok: false, problem: 'bad_gzip' };
  }
  if (!head.startsWith(DEXIE_EXPORT_START)) return { ok: false, problem: 'not_a_backup' };
  return { ok: true, header };
}

/** Up to BACKUP_CHUNK_BYTES of the file from `offset`, base64; `next` is null at its end. */
export async function readBackupChunk(dir: string, file: string, offset: number): Promise<{ data: string; next: number | null }> {
  const handle = await open(path.join(dir, file), 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.max(0, Math.min(BACKUP_CHUNK_BYTES, size - offset));
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    const end = offset + bytesRead;
    return { data: buffer.subarray(0, bytesRead).toString('base64'), next: end < size ? end : null };
  } finally {
    await handle.close();
  }
}
