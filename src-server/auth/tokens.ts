/**
 * Secrets the office hands out (device tokens, session tokens, enrollment codes) and the
 * SHA-256 it keeps instead of them: a stolen database does not let anyone act as a device.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { CODE_ALPHABET, CODE_SYMBOLS, normalizeEnrollmentCode } from '../../src-shared/sync/enrollment-code';

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** 32 random bytes, base64url: enough entropy that a plain SHA-256 is a safe stored form. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const hashToken = (token: string): string => sha256Hex(token);

/** A one-time enrollment code such as "K7QM-3XWT-9HDP-R2VA" (about 78 bits). */
export function newEnrollmentCode(): string {
  let raw = '';
  for (let i = 0; i < CODE_SYMBOLS; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return raw.match(/.{4}/g)!.join('-');
}

export const hashEnrollmentCode = (code: string): string => sha256Hex(`enroll:${normalizeEnrollmentCode(code)}`);
