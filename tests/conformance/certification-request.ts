/**
 * The enrollment proof as docs/sync-protocol.md §1 describes it, with pkijs and WebCrypto: a
 * PKCS#10 request for the client's own RSA key, signed by it with SHA-256, whose challengePassword
 * is the code's challenge (`<label><normalized code>`, hashed; the label is read from the document).
 */
import { createHash , type webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const RSA_SIGNING = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export async function newSigningKey(): Promise<webcrypto.CryptoKeyPair> {
  return crypto.subtle.generateKey({ ...RSA_SIGNING, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify']);
}

/** Spaces and dashes removed, upper case: `k7qm-3xwt …` and `K7QM3XWT…` are one code. */
export const normalizedCode = (code: string): string => code.replace(/[\s-]/g, '').toUpperCase();

export const challengeOf = (label: string, code: string): string => createHash('sha256').update(`${label}${normalizedCode(code)}`, 'utf8').digest('hex');

const pem = (label: string, der: ArrayBuffer): string =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;

export async function certificationRequestPem(keys: webcrypto.CryptoKeyPair, challenge: string): Promise<string> {
  const request = new pkijs.CertificationRequest();
  request.version = 0;
  request.subject.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: 'Conformance client' }) }));
  await request.subjectPublicKeyInfo.importKey(keys.publicKey);
  // challengePassword (PKCS#9): the proof is bound to this one code.
  request.attributes = [new pkijs.Attribute({ type: '1.2.840.113549.1.9.7', values: [new asn1js.PrintableString({ value: challenge })] })];
  await request.sign(keys.privateKey, 'SHA-256');
  return pem('CERTIFICATE REQUEST', request.toSchema(true).toBER(false));
}
