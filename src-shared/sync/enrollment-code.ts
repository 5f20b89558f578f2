/**
 * What an office admin hands an engineer to enroll a device, and what the device derives from it.
 *
 * - The one-time code: 16 symbols, `K7QM-3XWT-9HDP-R2VA`.
 * - For an office that serves HTTPS itself, the short fingerprint of the office CA, appended as
 *   five more groups: `K7QM-3XWT-9HDP-R2VA-3F9A-K2M7-QX4T-8VRB-J6WD`. It is the device's only
 *   trust anchor on first contact (hospital LANs have no public CA): the device pins the CA whose
 *   certificate has this fingerprint and accepts no other for this office.
 * - The proof-of-possession challenge: the device's PKCS#10 request carries it as its
 *   challengePassword, so a request made for one code cannot be replayed with another.
 *
 * Shared by the office (which prints the handover and checks the challenge) and the device
 * (which splits the handover, pins the CA and makes the request), so both derive the same values.
 */

/** No 0/O, 1/I/L, U: the code is read aloud and typed by hand. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const CODE_SYMBOLS = 16;
/** 20 symbols of a 30-letter alphabet: about 98 bits of the CA certificate's SHA-256. */
export const FINGERPRINT_SYMBOLS = 20;

/** Dashes, spaces and case do not matter when the engineer types the code. */
export const normalizeEnrollmentCode = (code: string): string => code.replace(/[\s-]/g, '').toUpperCase();

const grouped = (symbols: string): string => (symbols.match(/.{1,4}/g) ?? []).join('-');

export interface Handover {
  /** The one-time code to send to the office. */
  code: string;
  /** The office CA's short fingerprint, when the admin handed one over. */
  caFingerprint?: string;
}

/**
 * Splits what the engineer typed or pasted. Exactly 36 symbols are a code and a CA fingerprint;
 * anything else is passed on as the code (handoverProblem says first whether it can be one).
 */
export function splitHandover(text: string): Handover {
  const symbols = normalizeEnrollmentCode(text);
  if (symbols.length !== CODE_SYMBOLS + FINGERPRINT_SYMBOLS) return { code: text.trim() };
  return { code: grouped(symbols.slice(0, CODE_SYMBOLS)), caFingerprint: grouped(symbols.slice(CODE_SYMBOLS)) };
}

/** Why a handover cannot be used with that office address, found before anything is sent. */
export type HandoverProblem = { kind: 'length'; symbols: number } | { kind: 'needs_https' };

/**
 * A handover is a code (16 symbols) or a code and the CA fingerprint (36). Any other length is a
 * typing slip — a dropped symbol, a fingerprint cut short — and sending it would only earn a
 * misleading answer (an unknown code, or an untrusted certificate without the fingerprint).
 * A fingerprint means the office serves HTTPS itself: over plain HTTP, checking it would prove
 * nothing and the code would then travel in clear, so the address must be https://.
 */
export function handoverProblem(text: string, officeUrl: string): HandoverProblem | undefined {
  const symbols = normalizeEnrollmentCode(text).length;
  if (symbols === CODE_SYMBOLS) return undefined;
  if (symbols !== CODE_SYMBOLS + FINGERPRINT_SYMBOLS) return { kind: 'length', symbols };
  return /^https:\/\//i.test(officeUrl.trim()) ? undefined : { kind: 'needs_https' };
}

/** The one string an admin hands over for an office serving HTTPS itself. */
export const handoverString = (code: string, caFingerprint: string): string =>
  grouped(normalizeEnrollmentCode(code) + normalizeEnrollmentCode(caFingerprint));

function derOfPem(pem: string): Uint8Array<ArrayBuffer> {
  const base64 = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!base64) throw new Error('not a PEM certificate');
  const binary = atob(base64.replace(/\s+/g, ''));
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return der;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * The short fingerprint of a CA certificate (PEM): SHA-256 of its DER as a number, written with
 * the code's alphabet in 20 symbols (4-symbol groups). Finding another certificate with the same
 * short fingerprint is a second-preimage search of about 2^98 hashes.
 */
export async function caFingerprint(certificatePem: string): Promise<string> {
  let n = 0n;
  for (const byte of await sha256(derOfPem(certificatePem))) n = (n << 8n) | BigInt(byte);
  const base = BigInt(CODE_ALPHABET.length);
  let symbols = '';
  for (let i = 0; i < FINGERPRINT_SYMBOLS; i++) {
    symbols = CODE_ALPHABET[Number(n % base)]! + symbols;
    n /= base;
  }
  return grouped(symbols);
}

/** Two fingerprints as typed: dashes, spaces and case ignored. */
export const sameFingerprint = (a: string, b: string): boolean => normalizeEnrollmentCode(a) === normalizeEnrollmentCode(b);

/**
 * The challengePassword of the device's certification request for this code: hex SHA-256 of a
 * fixed label and the normalized code. Hashed so the request never carries the code itself.
 */
export async function enrollmentChallenge(code: string): Promise<string> {
  const digest = await sha256(new TextEncoder().encode(`xunjian-enroll-proof:${normalizeEnrollmentCode(code)}`));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
