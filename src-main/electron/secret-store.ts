/**
 * The SecretStore under Electron: secrets encrypted with safeStorage (DPAPI on Windows, the
 * Keychain on macOS, libsecret/kwallet on Linux) and written as `<name>.safe` files of mode 0600.
 * Where the OS offers no encryption (a Linux without a keyring) it falls back to the plain 0600
 * file the loopback host uses, and says so in the log, rather than leaving the engineer unable to sign.
 */
import type { SafeStorage } from 'electron';
import { readSecretFile, writeSecretFile, type SecretStore } from '../signing/secret-store';

export function safeStorageSecretStore(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>,
  dir: string,
  log: (line: string) => void,
): SecretStore {
  // Asked lazily: safeStorage is usable only once the app is ready.
  const encrypted = (): boolean => safeStorage.isEncryptionAvailable();
  return {
    get kind() {
      return encrypted() ? 'safeStorage' : 'file';
    },
    async read(name) {
      const sealed = await readSecretFile(dir, `${name}.safe`);
      if (sealed) return Buffer.from(safeStorage.decryptString(sealed), 'base64');
      return readSecretFile(dir, name);
    },
    async write(name, secret) {
      if (encrypted()) return writeSecretFile(dir, `${name}.safe`, safeStorage.encryptString(secret.toString('base64')));
      log(`secrets: OS encryption unavailable, "${name}" kept in a file readable by this user only`);
      return writeSecretFile(dir, name, secret);
    },
  };
}
