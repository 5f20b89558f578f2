/**
 * Every instance of one office must sign with the same keys: a device enrolled by one instance is
 * checked by another, and a receipt's key id must be the office's. The keys stay files in each
 * instance's data folder (the database and its backups never hold a private key); the store keeps
 * their public fingerprints, written by the first instance, and any instance whose keys differ
 * refuses to start instead of quietly issuing certificates no other instance trusts.
 */
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OfficeStore } from '../storage/port';
import type { OfficeKeys } from './office-keys';

const SETTING = 'office.keys';

export class KeysMismatch extends Error {}

interface KeyPrints {
  caCertificate: string;
  receiptKeyId: string;
}

const printsOf = (keys: OfficeKeys): KeyPrints => ({
  caCertificate: createHash('sha256').update(keys.ca.certificatePem).digest('hex'),
  receiptKeyId: keys.receipt.publicKey.keyId,
});

/** The office id a CA certificate was made for: its OU (office-keys.ts names the CA after the office id). */
function officeOfCa(certificatePem: string): string | undefined {
  const subject = new X509Certificate(certificatePem).subject;
  return /^OU=(.*)$/m.exec(subject)?.[1];
}

/**
 * Before the store is given an office id: keys in the data folder belong to one office, so they
 * must meet that office's records. A data folder pointed at the wrong or a new, empty database
 * (a mistyped --database, a missing office.sqlite) would otherwise start a second office that
 * signs with the first one's CA and receipt key, and a balancer would split devices between them.
 */
export async function refuseKeysOfAnotherOffice(store: OfficeStore, dataDir: string): Promise<void> {
  const certFile = path.join(dataDir, 'keys', 'ca-cert.pem');
  if (!existsSync(certFile)) return;
  const keyOffice = officeOfCa(await readFile(certFile, 'utf8'));
  if (!keyOffice) return;
  const storedOffice = await store.getSetting('office.id');
  if (!storedOffice) {
    throw new KeysMismatch(
      `the keys in ${path.join(dataDir, 'keys')} are office ${keyOffice}'s, but this store holds no office: ` +
        'check --database (or XUNJIAN_DATABASE) and the data folder; to bring an office back, restore its backup (docs/deploy.md)',
    );
  }
  if (storedOffice !== keyOffice) {
    throw new KeysMismatch(
      `the keys in ${path.join(dataDir, 'keys')} are office ${keyOffice}'s, but this store is office ${storedOffice}'s: check --database (or XUNJIAN_DATABASE) and the data folder`,
    );
  }
}

/** The CA key must be the key of the CA certificate: else every device certificate it signs fails to verify. */
export function checkCaKeyPair(keys: OfficeKeys): void {
  const fromKey = createPublicKey(keys.ca.keyPem).export({ type: 'spki', format: 'der' });
  const fromCert = new X509Certificate(keys.ca.certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  if (!fromKey.equals(fromCert)) throw new KeysMismatch('keys/ca-key.pem is not the key of keys/ca-cert.pem: restore both from the same backup');
}

/**
 * Before keys are made: an office whose store already names its keys must not make new ones in an
 * empty keys folder (a new instance that was not given the office's keys).
 */
export async function refuseNewKeysForKnownOffice(store: OfficeStore, dataDir: string): Promise<void> {
  const recorded = await store.getSetting(SETTING);
  if (recorded && !existsSync(path.join(dataDir, 'keys', 'ca-cert.pem'))) {
    throw new KeysMismatch(
      `this office's keys are not in ${path.join(dataDir, 'keys')}: copy the keys folder from an instance of this office (the database names them) before starting this one`,
    );
  }
}

/** After keys are loaded: the first instance records them; every later start compares. */
export async function checkSharedKeys(store: OfficeStore, keys: OfficeKeys, dataDir: string): Promise<void> {
  checkCaKeyPair(keys);
  const prints = printsOf(keys);
  // First writer wins: of two first instances started at once, the second finds the first's keys.
  const expected = JSON.parse(await store.claimSetting(SETTING, JSON.stringify(prints))) as KeyPrints;
  if (expected.caCertificate !== prints.caCertificate || expected.receiptKeyId !== prints.receiptKeyId) {
    throw new KeysMismatch(
      `the keys in ${path.join(dataDir, 'keys')} are not this office's (its CA certificate is sha256 ${expected.caCertificate.slice(0, 16)}…): ` +
        'copy the keys folder from an instance of this office',
    );
  }
}
