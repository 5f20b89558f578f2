/**
 * The offline bundle: everything a device has not synced, in one file an engineer carries to
 * the office (USB stick, mail). The office imports it with the same checks and receipts as an
 * online push. Layout, all integers big-endian:
 *
 *   "XJBUNDL1"                      8 bytes, magic and format version
 *   uint32 headerLength             4 bytes
 *   header                          headerLength bytes, UTF-8 JSON of SignedManifest
 *   blob bytes                      each blob of manifest.blobs, in that order, exactly `size` bytes
 *
 * The device signs canonicalJson(manifest) with its PDF-signing key; the manifest names every
 * blob by SHA-256 and size, so the signature covers the blob bytes too. Nothing follows the last blob.
 */
import { z } from 'zod';
import { canonicalJson } from '../crypto/canonical';
import { Sha256Hex } from '../report/model';
import { FaultPush, ReportEnvelope } from './envelope';

/** A service record version in a bundle, as far as the manifest checks it. */
export const BundledFault = z.looseObject({ id: FaultPush.shape.id, version: FaultPush.shape.version });

/** A deliverables-register entry in a bundle (issue 12); checked whole at import, like an online push. */
export const BundledDeliverable = z.looseObject({ id: z.string().min(1).max(300) });

export const BUNDLE_FORMAT = 'xunjian.bundle.v1';
export const BUNDLE_MAGIC = 'XJBUNDL1';
export const BUNDLE_PREFIX_BYTES = 12;
/** A header is JSON of envelopes; 64 MB is far beyond a year of reports without their blobs. */
export const MAX_BUNDLE_HEADER_BYTES = 64 * 1024 * 1024;

export const BundleBlob = z.object({ sha256: Sha256Hex, size: z.number().int().min(1) }).strict();
export type BundleBlob = z.infer<typeof BundleBlob>;

export const BundleManifest = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    bundleId: z.uuid(),
    deviceId: z.string().min(1),
    createdAt: z.iso.datetime({ offset: true }),
    reports: z.array(ReportEnvelope).max(10_000),
    /** In the order they were written: versions of one fault must come oldest first. */
    /**
     * Only their id and version are read here: each is checked on its own at import (FaultPush, the
     * office's rules), so one refused record does not refuse the bundle.
     */
    faults: z.array(BundledFault).max(10_000),
    /**
     * Entries of the deliverables register (issue 12), present only when there are some: a bundle
     * without them is byte for byte what a device wrote before, so its signature and older
     * offices' strict reading of it are unchanged.
     */
    deliverables: z.array(BundledDeliverable).min(1).max(10_000).optional(),
    blobs: z.array(BundleBlob).max(200_000),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.blobs.forEach((b, i) => {
      if (seen.has(b.sha256)) ctx.addIssue({ code: 'custom', path: ['blobs', i], message: `blob ${b.sha256} is listed twice` });
      seen.add(b.sha256);
    });
  });
export type BundleManifest = z.infer<typeof BundleManifest>;

export const SignedManifest = z
  .object({
    manifest: BundleManifest,
    signature: z
      .object({
        /** RS256 = RSASSA-PKCS1-v1_5 with SHA-256 (the RSA key PDFs are signed with); ES256 = ECDSA P-256, raw r‖s. */
        alg: z.enum(['RS256', 'ES256']),
        /** The device's certificate: issued by the office CA, or self-signed before enrollment finished. */
        certificatePem: z.string().min(1).max(20_000),
        /** Standard base64 of the signature over canonicalJson(manifest). */
        value: z.string().min(1),
      })
      .strict(),
  })
  .strict();
export type SignedManifest = z.infer<typeof SignedManifest>;

/** The bytes the device signs. */
export function manifestSigningBytes(manifest: BundleManifest): Uint8Array {
  return new TextEncoder().encode(canonicalJson(manifest));
}

/** Magic, length and header; the device writes the blob bytes after it, in manifest order. */
export function encodeBundleHeader(signed: SignedManifest): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(signed));
  const out = new Uint8Array(BUNDLE_PREFIX_BYTES + json.length);
  out.set(new TextEncoder().encode(BUNDLE_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length);
  out.set(json, BUNDLE_PREFIX_BYTES);
  return out;
}

/** Reads the 12-byte prefix: the header's length, or an explanation of why this is not a bundle. */
export function readBundlePrefix(prefix: Uint8Array): { ok: true; headerLength: number } | { ok: false; reason: string } {
  if (prefix.length < BUNDLE_PREFIX_BYTES) return { ok: false, reason: 'file is too short to be a bundle' };
  if (new TextDecoder().decode(prefix.subarray(0, 8)) !== BUNDLE_MAGIC) return { ok: false, reason: 'not a Xunjian bundle (bad magic)' };
  const headerLength = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(8);
  if (headerLength < 2 || headerLength > MAX_BUNDLE_HEADER_BYTES) return { ok: false, reason: `header length ${headerLength} is out of range` };
  return { ok: true, headerLength };
}

/** Where each blob's bytes start, and the file size the manifest implies. */
export function bundleLayout(headerLength: number, manifest: BundleManifest): { offsets: number[]; totalBytes: number } {
  let at = BUNDLE_PREFIX_BYTES + headerLength;
  const offsets = manifest.blobs.map((b) => {
    const start = at;
    at += b.size;
    return start;
  });
  return { offsets, totalBytes: at };
}
