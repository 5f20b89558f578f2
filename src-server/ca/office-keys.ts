/**
 * The office's keys, kept in <data>/keys and created on first start: the CA key and certificate
 * that issue device certificates (RSA 3072), and the receipt key (ECDSA P-256) that signs
 * receipts. Private keys are written with mode 0600; nothing else in the data folder is secret.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReceiptKey } from '../../src-shared/sync/receipt';
import { createCaCertificate } from './certificates';
import { readIfPresent } from './read-if-present';

export interface OfficeKeys {
  ca: { keyPem: string; certificatePem: string };
  receipt: { privateKey: KeyObject; publicKey: ReceiptKey };
}

export function receiptKeyOf(privateKey: KeyObject): ReceiptKey {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return { alg: 'ES256', keyId: createHash('sha256').update(spki).digest('hex'), spki: spki.toString('base64') };
}

/** `officeId` names the CA (ASCII only, see certificates.ts); the office's display name is not in it. */
export async function loadOrCreateOfficeKeys(dataDir: string, officeId: string, now: Date): Promise<OfficeKeys> {
  const dir = path.join(dataDir, 'keys');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files = {
    caKey: path.join(dir, 'ca-key.pem'),
    caCert: path.join(dir, 'ca-cert.pem'),
    receiptKey: path.join(dir, 'receipt-key.pem'),
  };

  let caKeyPem = await readIfPresent(files.caKey);
  let caCertPem = await readIfPresent(files.caCert);
  if (!caKeyPem || !caCertPem) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 3072 });
    caKeyPem = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    caCertPem = createCaCertificate(caKeyPem, publicPem, { commonName: 'Xunjian Office CA', organization: 'Xunjian', organizationalUnit: officeId }, now);
    // Certificate after key: a crash between the two leaves no certificate, so both are made again.
    await writeFile(files.caKey, caKeyPem, { mode: 0o600 });
    await writeFile(files.caCert, caCertPem);
  }

  let receiptPem = await readIfPresent(files.receiptKey);
  if (!receiptPem) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    receiptPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await writeFile(files.receiptKey, receiptPem, { mode: 0o600 });
  }
  const receiptPrivate = createPrivateKey(receiptPem);

  return {
    ca: { keyPem: caKeyPem, certificatePem: caCertPem },
    receipt: { privateKey: receiptPrivate, publicKey: receiptKeyOf(receiptPrivate) },
  };
}
