/**
 * The SecretStore under Electron: secrets encrypted with safeStorage (DPAPI on Windows, the
 * Keychain on macOS, libsecret/kwallet on Linux) and written as `<name>.safe` files of mode 0600.
 * Where the OS offers no encryption (a Linux without a keyring) it falls back to the plain 0600
 * file the loopback host uses, and says so in the log, rather than leaving the engineer unable to sign.
 *
 * A sealed file the OS can no longer open (a Windows password reset by an administrator, a
 * profile copied to another PC: DPAPI's master key is gone) is reported as `key_unreadable`
 * naming the secret, never as an internal error: the About screen's 签名密钥 section offers the
 * way back (key-handlers.ts), which sets the file aside and enrols the device again.
 */
import type { SafeStorage } from 'electron';
import { RpcFailure } from '../../src-shared/rpc/result';
import { readSecretFile, writeSecretFile, type SecretStore } from '../signing/secret-store';

export function safeStorageSecretStore(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>,
  dir: string,
  log: (line: string) => void,
): SecretStore {
  // Asked lazily: safeStorage is usable only once the app is ready.
  const encrypted = (): boolean => safeStorage.isEncryptionAvailable();
  const unseal = (name: string, sealed: Buffer): Buffer => {
    try {
      return Buffer.from(safeStorage.decryptString(sealed), 'base64');
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      log(`secrets: "${name}.safe" cannot be decrypted by the OS (${why}); the About screen offers a new key`);
      throw new RpcFailure('key_unreadable', `the OS cannot decrypt the sealed "${name}" (${why})`, { secret: name });
    }
  };
  return {
    get kind() {
      return encrypted() ? 'safeStorage' : 'file';
    },
    async read(name) {
      const sealed = await readSecretFile(dir, `${name}.safe`);
      if (sealed) return unseal(name, sealed);
      return readSecretFile(dir, name);
    },
    async write(name, secret) {
      if (encrypted()) return writeSecretFile(dir, `${name}.safe`, safeStorage.encryptString(secret.toString('base64')));
      log(`secrets: OS encryption unavailable, "${name}" kept in a file readable by this user only`);
      return writeSecretFile(dir, name, secret);
    },
  };
}
