/**
 * Every instance of one office must sign with the same keys: a device enrolled by one instance is
 * checked by another, and a receipt's key id must be the office's. The keys stay files in each
 * instance's data folder (the database and its backups never hold a private key); the store keeps
 * their public fingerprints, written by the first instance, and any instance whose keys differ
 * refuses to start instead of quietly issuing certificates no other instance trusts.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
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
