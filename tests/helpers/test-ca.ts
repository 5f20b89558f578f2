/** An office CA and RSA key pairs for certificate tests, made the way the office makes its own. */
import { generateKeyPairSync } from 'node:crypto';
import { createCaCertificate } from '../../src-server/ca/certificates';

export interface Ca {
  keyPem: string;
  certificatePem: string;
}

export const keyPair = () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { keyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};

export function newCa(): Ca {
  const key = keyPair();
  return { keyPem: key.keyPem, certificatePem: createCaCertificate(key.keyPem, key.publicKeyPem, { commonName: 'Xunjian Office CA', organization: 'Xunjian' }, new Date()) };
}
