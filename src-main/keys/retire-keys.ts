/**
 * Sets aside key material the OS can no longer open, in dataDir/keys/retired/<timestamp>/: the
 * sealed signing key and token (useless now, kept for the record), the certificate of the old
 * key (what its signed reports embed and what verifies them) and the enrollment summary. Kept,
 * never deleted; written once per recovery. Nothing here decides whether to retire: key-handlers.ts.
 */
import { createPrivateKey } from 'node:crypto';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { SEALED_SECRETS, type SealedSecret } from '../../src-shared/rpc/key-channels';
import { RpcFailure } from '../../src-shared/rpc/result';
import { writeFileAtomic } from '../files/atomic-write';
import { CERT_FILE } from '../signing/identity';
import type { SecretStore } from '../signing/secret-store';

/** Which sealed secrets exist but cannot be opened (or, for the key, opened but not parsed). */
export async function unreadableSecrets(secrets: SecretStore): Promise<SealedSecret[]> {
  const out: SealedSecret[] = [];
  for (const name of SEALED_SECRETS) {
    let bytes: Buffer | null;
    try {
      bytes = await secrets.read(name);
    } catch (error) {
      // Only the OS refusing to decrypt counts; a file the disk cannot read now is not a reason to retire a key.
      if (error instanceof RpcFailure && error.code === 'key_unreadable') {
        out.push(name);
        continue;
      }
      throw error;
    }
    if (bytes && name === 'signing-key' && !parses(bytes)) out.push(name);
  }
  return out;
}

function parses(pem: Buffer): boolean {
  try {
    createPrivateKey(pem.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/** Files of the identity and enrollment, relative to dataDir, that a recovery moves. */
const MOVABLE = [
  ...SEALED_SECRETS.flatMap((name) => [`keys/${name}.safe`, `keys/${name}`]),
  `keys/${CERT_FILE}`,
  'sync/enrollment.json',
];

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );

export const retiredRoot = (dataDir: string): string => path.join(dataDir, 'keys', 'retired');

export async function listRetired(dataDir: string): Promise<string[]> {
  const names = await readdir(retiredRoot(dataDir)).catch(() => [] as string[]);
  return names.filter((n) => /^\d{8}T\d{6}Z(-\d+)?$/.test(n)).sort().reverse();
}

/** Moves the material into a new folder named by the time; returns its name and what went there. */
export async function retireKeyMaterial(dataDir: string, at: Date, why: { unreadable: SealedSecret[] }): Promise<{ folder: string; moved: string[] }> {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  let folder = stamp;
  for (let n = 2; await exists(path.join(retiredRoot(dataDir), folder)); n++) folder = `${stamp}-${n}`;
  const target = path.join(retiredRoot(dataDir), folder);
  await mkdir(target, { recursive: true, mode: 0o700 });
  const moved: string[] = [];
  for (const rel of MOVABLE) {
    const from = path.join(dataDir, rel);
    if (!(await exists(from))) continue;
    // Same volume (both under dataDir): a rename, so nothing is half-copied.
    await rename(from, path.join(target, rel.replace('/', '-')));
    moved.push(rel);
  }
  const note = {
    retiredAt: at.toISOString(),
    unreadable: why.unreadable,
    moved,
    why: 'The operating system could no longer decrypt this device\'s sealed signing key or office token (for example after a Windows password reset or a copied profile). The certificate kept here is the one the reports signed with the old key carry; it is kept so they stay verifiable.',
  };
  await writeFileAtomic(path.join(target, 'retired.json'), Buffer.from(JSON.stringify(note, null, 2), 'utf8'));
  return { folder, moved };
}
