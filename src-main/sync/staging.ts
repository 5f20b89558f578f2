/**
 * Blobs copied aside for the next offline bundle: dataDir/sync/staging/<sha256>, written only
 * after their bytes are checked against the name, and removed once a bundle holding them is
 * written. They are copies of what the renderer's store keeps; losing them loses nothing.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { RpcFailure } from '../../src-shared/rpc/result';
import { writeFileAtomic } from '../files/atomic-write';

export interface BlobStaging {
  put(sha256: string, bytes: Uint8Array): Promise<number>;
  /** The bytes, checked again: a damaged staged file must not go into a signed bundle. */
  read(sha256: string): Promise<Buffer>;
  remove(sha256: string): Promise<void>;
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function blobStaging(dataDir: string): BlobStaging {
  const dir = path.join(dataDir, 'sync', 'staging');
  // Names are validated as 64 hex digits by the RPC schemas, so they cannot leave the folder.
  const fileOf = (sha256: string): string => path.join(dir, sha256);
  return {
    async put(sha256, bytes) {
      const actual = sha256Of(bytes);
      if (actual !== sha256) throw new RpcFailure('bad_input', `staged bytes hash to ${actual}, not ${sha256}`, { channel: 'sync.stageBlob', path: 'base64' });
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(fileOf(sha256), bytes);
      return bytes.length;
    },
    async read(sha256) {
      let bytes: Buffer;
      try {
        bytes = await readFile(fileOf(sha256));
      } catch {
        throw new RpcFailure('blob_unavailable', `blob ${sha256} was not staged`, { detail: sha256 });
      }
      if (sha256Of(bytes) !== sha256) throw new RpcFailure('blob_unavailable', `staged blob ${sha256} is damaged`, { detail: sha256 });
      return bytes;
    },
    remove: (sha256) => rm(fileOf(sha256), { force: true }),
  };
}
