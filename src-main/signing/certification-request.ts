/**
 * The device's proof that it holds its signing key, for enrollment: a PKCS#10 certification
 * request signed by the key with SHA-256, carrying the office's challenge for the one-time code
 * as its challengePassword (docs/sync-protocol.md §1). The office reads only the key and the
 * challenge; it names the certificate after the engineer itself.
 */
import { createHash } from 'node:crypto';
import forge from 'node-forge';

export function certificationRequestPem(key: forge.pki.rsa.PrivateKey, challenge: string): string {
  const csr = forge.pki.createCertificationRequest();
  const publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.publicKey = publicKey;
  const spki = forge.asn1.toDer(forge.pki.publicKeyToAsn1(publicKey)).getBytes();
  // ASCII, like the self-signed certificate's subject (see certificates.ts on the office for why).
  const id = createHash('sha256').update(Buffer.from(spki, 'binary')).digest('hex').slice(0, 12).toUpperCase();
  csr.setSubject([{ shortName: 'CN', value: `Xunjian device ${id}` }]);
  csr.setAttributes([{ name: 'challengePassword', value: challenge }]);
  csr.sign(key, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}
