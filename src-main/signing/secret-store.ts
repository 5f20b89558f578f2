/**
 * Where the main process keeps secrets (the signing key; later the device token). A port, so the
 * Electron shell can encrypt them with the OS keychain (safeStorage) while the loopback host and
 * tests keep them in files only the owner may read. Secrets never cross the RPC boundary.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';

export interface SecretStore {
  /** What the store is, for logs and the identity screen (e.g. "safeStorage", "file"). */
  readonly kind: string;
  /** The secret, or null if none has been stored under this name. */
  read(name: string): Promise<Buffer | null>;
  write(name: string, secret: Buffer): Promise<void>;
}

/** Names become file names: keep them boring. */
export function assertSecretName(name: string): void {
  if (!/^[a-z0-9][a-z0-9-]{0,63}(\.safe)?$/.test(name)) throw new Error(`bad secret name "${name}"`);
}

/** Secrets as files of mode 0600 in a folder of mode 0700. */
export function fileSecretStore(dir: string): SecretStore {
  return {
    kind: 'file',
    read: (name) => readSecretFile(dir, name),
    write: (name, secret) => writeSecretFile(dir, name, secret),
  };
}

export async function readSecretFile(dir: string, name: string): Promise<Buffer | null> {
  assertSecretName(name);
  try {
    return await readFile(path.join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function writeSecretFile(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  assertSecretName(name);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(dir, name), bytes, { mode: 0o600 });
}
