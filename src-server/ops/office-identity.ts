/**
 * Which office a data folder's keys are: the CA certificate names the office id (its OU, see
 * ca/office-keys.ts), and the fingerprints are the ones ca/shared-keys.ts records in the store
 * (setting `office.keys`). backup refuses to pair a store with keys it does not name; restore
 * refuses to put one office's backup over another's without being told to.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { receiptKeyOf } from '../ca/office-keys';

export const KEYS_SETTING = 'office.keys';

export interface KeyPrints {
  caCertificate: string;
  receiptKeyId: string;
}

const readKey = (dataDir: string, name: string): Promise<string | undefined> => readFile(path.join(dataDir, 'keys', name), 'utf8').catch(() => undefined);

/** The fingerprints of the keys in `<data>/keys`, computed as shared-keys.ts does; undefined without both. */
export async function keyPrintsIn(dataDir: string): Promise<KeyPrints | undefined> {
  const certificate = await readKey(dataDir, 'ca-cert.pem');
  const receipt = await readKey(dataDir, 'receipt-key.pem');
  if (!certificate || !receipt) return undefined;
  return {
    caCertificate: createHash('sha256').update(certificate).digest('hex'),
    receiptKeyId: receiptKeyOf(createPrivateKey(receipt)).keyId,
  };
}

/** True when a recorded `office.keys` value names other keys than `prints`. */
export function printsDiffer(recorded: string | undefined, prints: KeyPrints | undefined): boolean {
  if (!recorded) return false;
  const expected = JSON.parse(recorded) as KeyPrints;
  return !prints || expected.caCertificate !== prints.caCertificate || expected.receiptKeyId !== prints.receiptKeyId;
}

/** The office id the data folder's CA certificate was made for, if there is one. */
export async function caOfficeId(dataDir: string): Promise<string | undefined> {
  const pem = await readKey(dataDir, 'ca-cert.pem');
  if (!pem) return undefined;
  try {
    return /^OU=(.+)$/m.exec(new X509Certificate(pem).subject)?.[1];
  } catch {
    return undefined;
  }
}
