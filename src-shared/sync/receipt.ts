/**
 * The office's receipt for an accepted report or fault record: a statement, signed with the
 * office's ECDSA P-256 key, of exactly what it stored (ids and hashes of the record and of each
 * blob). The device pins the office key at enrollment and checks every receipt with WebCrypto,
 * which Chromium and Node 20 both provide, before it marks anything as synced.
 */
import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../crypto/canonical';
import { Sha256Hex } from '../report/model';
import { base64ToBytes } from './base64';
import { DeliverableMime } from '../period/deliverable';
import { BlobMime, BlobRole, PdfRef } from './envelope';

export const RECEIPT_FORMAT = 'xunjian.receipt.v1';

/** WebCrypto's parameters for the receipt key; Node's crypto uses dsaEncoding 'ieee-p1363' to match. */
export const RECEIPT_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const RECEIPT_SIGN_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The key receipts are signed with: ECDSA P-256, SHA-256, raw (r‖s) signatures, as WebCrypto makes them. */
export const ReceiptKey = z
  .object({
    alg: z.literal('ES256'),
    /** Hex SHA-256 of the SubjectPublicKeyInfo DER; receipts name it in signature.keyId. */
    keyId: Sha256Hex,
    /** SubjectPublicKeyInfo DER, standard base64 (WebCrypto importKey('spki', …)). */
    spki: z.string().min(1),
  })
  .strict();
export type ReceiptKey = z.infer<typeof ReceiptKey>;

export const ReceiptBlob = z
  // A deliverable's files may also be Word and Excel files (issue 12).
  .object({ sha256: Sha256Hex, size: z.number().int().min(1), mime: z.union([BlobMime, DeliverableMime]), role: z.union([BlobRole, z.literal('deliverable')]) })
  .strict();
export type ReceiptBlob = z.infer<typeof ReceiptBlob>;

export const ReceiptBody = z
  .object({
    format: z.literal(RECEIPT_FORMAT),
    receiptId: z.string().min(1),
    office: z.object({ id: z.string(), name: z.string() }).strict(),
    kind: z.enum(['report', 'fault', 'deliverable']),
    /** The report's inspection id, the fault's id or the deliverables-register entry's id. */
    id: z.string().min(1),
    /** Hex SHA-256 of canonicalJson(record) for a report, of canonicalJson(fault) for a fault. */
    hash: Sha256Hex,
    /** The fault version or the deliverable entry's revision stored; absent for reports (they never change). */
    version: z.number().int().min(1).optional(),
    reportNumber: z.string().optional(),
    hospitalId: z.string(),
    deviceId: z.string(),
    engineerId: z.string(),
    pdf: PdfRef.optional(),
    blobs: z.array(ReceiptBlob),
    /** How it arrived: an online push or an imported bundle file. */
    via: z.enum(['push', 'bundle']),
    receivedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type ReceiptBody = z.infer<typeof ReceiptBody>;

export const Receipt = z
  .object({
    body: ReceiptBody,
    signature: z
      .object({
        alg: z.literal('ES256'),
        keyId: Sha256Hex,
        /** Standard base64 of the 64-byte r‖s signature over canonicalJson(body). */
        value: z.string().min(1),
      })
      .strict(),
  })
  .strict();
export type Receipt = z.infer<typeof Receipt>;

/** The bytes the signature covers. */
export function receiptSigningBytes(body: ReceiptBody): Uint8Array {
  return new TextEncoder().encode(canonicalJson(body));
}

export type ReceiptVerdict = { ok: true; body: ReceiptBody } | { ok: false; reason: string };

/** Checks the shape, the key id and the ECDSA signature. It does not say what the receipt covers: see receiptCovers. */
export async function verifyReceipt(receipt: unknown, key: ReceiptKey): Promise<ReceiptVerdict> {
  const parsed = Receipt.safeParse(receipt);
  if (!parsed.success) return { ok: false, reason: `not a receipt: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const { body, signature } = parsed.data;
  let spki: Uint8Array;
  let sig: Uint8Array;
  try {
    spki = base64ToBytes(key.spki);
    sig = base64ToBytes(signature.value);
  } catch {
    return { ok: false, reason: 'key or signature is not base64' };
  }
  // The pinned key object must be the key it claims to be, or a swapped spki would pass.
  if ((await sha256Hex(spki)) !== key.keyId) return { ok: false, reason: 'office key id does not match its key' };
  if (signature.keyId !== key.keyId) return { ok: false, reason: 'receipt was signed by another key' };
  const publicKey = await crypto.subtle.importKey('spki', spki as Uint8Array<ArrayBuffer>, RECEIPT_KEY_ALGORITHM, false, ['verify']);
  const valid = await crypto.subtle.verify(
    RECEIPT_SIGN_ALGORITHM,
    publicKey,
    sig as Uint8Array<ArrayBuffer>,
    receiptSigningBytes(body) as Uint8Array<ArrayBuffer>,
  );
  return valid ? { ok: true, body } : { ok: false, reason: 'signature does not verify' };
}

export interface ReceiptExpectation {
  kind: 'report' | 'fault' | 'deliverable';
  id: string;
  hash: string;
  version?: number;
  pdf?: { sha256: string; size: number };
  blobs: readonly { sha256: string; size: number; mime: string; role: string }[];
}

/**
 * What differs between a verified receipt and what the device sent; empty when the office
 * stored exactly that. A device marks an item synced only on a verified receipt with no differences.
 */
export function receiptCovers(body: ReceiptBody, expected: ReceiptExpectation): string[] {
  const problems: string[] = [];
  if (body.kind !== expected.kind) problems.push(`kind is ${body.kind}, expected ${expected.kind}`);
  if (body.id !== expected.id) problems.push(`id is ${body.id}, expected ${expected.id}`);
  if (body.hash !== expected.hash) problems.push(`hash is ${body.hash}, expected ${expected.hash}`);
  if (expected.version !== undefined && body.version !== expected.version) {
    problems.push(`version is ${String(body.version)}, expected ${expected.version}`);
  }
  const pdfKey = (p?: { sha256: string; size: number }) => (p ? `${p.sha256}:${p.size}` : 'none');
  if (pdfKey(body.pdf) !== pdfKey(expected.pdf)) problems.push(`pdf is ${pdfKey(body.pdf)}, expected ${pdfKey(expected.pdf)}`);
  const blobKey = (b: { sha256: string; size: number; mime: string; role: string }) => `${b.role}:${b.sha256}:${b.size}:${b.mime}`;
  const got = new Set(body.blobs.map(blobKey));
  const want = new Set(expected.blobs.map(blobKey));
  for (const k of want) if (!got.has(k)) problems.push(`blob ${k} is not listed`);
  for (const k of got) if (!want.has(k)) problems.push(`blob ${k} was not sent`);
  return problems;
}
