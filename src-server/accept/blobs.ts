/** Storing one pushed blob, and checking that everything a record refers to is already stored. */
import type { Readable } from 'node:stream';
import type { OfficeContext } from '../context';
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

/**
 * Refuses (audited, like every refusal) unless each blob a record refers to is stored with the
 * size given: `blob_missing` names every absent one, so the device pushes them all and repeats;
 * `blob_size_mismatch` the first stored with another size (another preimage of the hash: never).
 */
export async function requireStoredBlobs(ctx: OfficeContext, who: DeviceActor, action: string, target: string, refs: readonly { sha256: string; size: number }[]): Promise<void> {
  const missing: string[] = [];
  for (const ref of refs) {
    const stat = await ctx.blobs.stat(ref.sha256);
    if (!stat) missing.push(ref.sha256);
    else if (stat.size !== ref.size) {
      await refuse(ctx, who, action, target, {
        status: 422,
        code: 'blob_size_mismatch',
        message: `blob ${ref.sha256} is ${stat.size} bytes, the record says ${ref.size}`,
        details: { sha256: ref.sha256, size: stat.size },
      });
    }
  }
  if (missing.length) {
    await refuse(ctx, who, action, target, { status: 422, code: 'blob_missing', message: `push these blobs first: ${missing.join(', ')}`, details: { missing } });
  }
}
