/**
 * The canonical form of a record that is hashed and signed: RFC 8785 (JSON Canonicalization
 * Scheme), so the device, the office and any later verifier get the same bytes from the same data.
 */
import canonicalizeJson from 'canonicalize';

export function canonicalJson(value: unknown): string {
  const text = canonicalizeJson(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

/** Lower-case hex SHA-256 of the canonical JSON, with WebCrypto (present in Node 20 and Chromium). */
export async function canonicalHash(value: unknown): Promise<string> {
  return sha256Hex(new TextEncoder().encode(canonicalJson(value)));
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
