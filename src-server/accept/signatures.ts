/**
 * The handwritten signatures that come with a report: each must be bound to the record's hash
 * (contentHash), each entry's signatureHash must be the hash of its binding (role, name, time, image, strokes, record hash), and its image must be
 * among the report's blobs, so the office stores the very image that was bound.
 */
import { canonicalHash } from '../../src-shared/crypto/canonical';
import type { ReportEnvelope } from '../../src-shared/sync/envelope';

export async function signatureProblem(env: ReportEnvelope): Promise<string | undefined> {
  for (const s of env.signatures ?? []) {
    if (s.contentHash !== env.hash) return `the ${s.role} signature (${s.name}) is bound to ${s.contentHash}, not to this record's hash ${env.hash}`;
    const { signatureHash, ...binding } = s;
    const recomputed = await canonicalHash(binding);
    if (recomputed !== signatureHash) return `the ${s.role} signature (${s.name}) hashes to ${recomputed}, not ${signatureHash}`;
    if (!env.blobs.some((b) => b.sha256 === s.imageSha256 && b.role === 'signature')) {
      return `the ${s.role} signature image ${s.imageSha256} is not among the blobs with role "signature"`;
    }
  }
  return undefined;
}
