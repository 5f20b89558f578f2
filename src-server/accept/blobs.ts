/** Storing one pushed blob, and checking that everything a record refers to is already stored. */
import type { Readable } from 'node:stream';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import { BlobHashMismatch, BlobTooLarge } from '../storage/port';
import { auditEntry, refuse, type DeviceActor } from './actor';

export async function storeBlob(ctx: OfficeContext, who: DeviceActor, sha256: string, source: Readable): Promise<{ created: boolean; size: number }> {
  try {
    const result = await ctx.blobs.put(sha256, source, ctx.limits.blobBytes);
    if (result.created) await ctx.store.audit(auditEntry(who, 'blob.put', 'ok', sha256, { size: result.size }));
    return result;
  } catch (error) {
    if (error instanceof BlobHashMismatch) {
      return refuse(ctx, who, 'blob.put', sha256, {
        status: 422,
        code: 'blob_hash_mismatch',
        message: `the uploaded bytes hash to ${error.actual}, not ${sha256}`,
        details: { sha256, actual: error.actual },
      });
    }
    if (error instanceof BlobTooLarge) {
      return refuse(ctx, who, 'blob.put', sha256, { status: 413, code: 'payload_too_large', message: error.message, details: { limit: error.limit } });
    }
    throw error;
  }
}

/** Blobs that are absent or stored with another size (which would mean another sha256 preimage: never). */
export async function missingBlobs(ctx: OfficeContext, refs: { sha256: string; size: number }[]): Promise<string[]> {
  const missing: string[] = [];
  for (const ref of refs) {
    const stat = await ctx.blobs.stat(ref.sha256);
    if (!stat) missing.push(ref.sha256);
    else if (stat.size !== ref.size) {
      throw new ApiError(422, 'blob_size_mismatch', `blob ${ref.sha256} is ${stat.size} bytes, the record says ${ref.size}`, {
        sha256: ref.sha256,
        size: stat.size,
      });
    }
  }
  return missing;
}
