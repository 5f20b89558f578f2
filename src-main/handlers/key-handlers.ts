/**
 * The handlers of `keyChannels` (issue 13, point 5): what to do when the OS can no longer open
 * the sealed signing key or office token. They work the same under Electron and the loopback
 * host (there the store is plain files, which a password reset does not affect, but a damaged
 * key file takes the same way back).
 */
import path from 'node:path';
import type { keyChannels } from '../../src-shared/rpc/key-channels';
import { RpcFailure } from '../../src-shared/rpc/result';
import { listRetired, retireKeyMaterial, unreadableSecrets } from '../keys/retire-keys';
import type { Handlers } from '../rpc/router';
import { fileSecretStore, type SecretStore } from '../signing/secret-store';
import type { MainContext } from './index';

/** What only the desktop shell can do for these channels; absent in the loopback host. */
export type KeyPorts = Record<never, never>;

export interface KeyDeps {
  /** Called after the material is set aside: the signing identity and the office link drop what they loaded. */
  afterRetire: () => void;
  now?: () => Date;
}

export function keyHandlers(ctx: MainContext, deps: KeyDeps = { afterRetire: () => {} }): Pick<Handlers, keyof typeof keyChannels> {
  const secrets: SecretStore = ctx.secrets ?? fileSecretStore(path.join(ctx.dataDir, 'keys'));
  const now = deps.now ?? (() => new Date());
  return {
    'key.status': async () => ({ store: secrets.kind, unreadable: await unreadableSecrets(secrets), retired: await listRetired(ctx.dataDir) }),
    'key.recover': async () => {
      const unreadable = await unreadableSecrets(secrets);
      // A key that opens must never be thrown away: every report it signs depends on it.
      if (!unreadable.length) throw new RpcFailure('bad_input', 'the signing key and office token can be read: nothing to recover');
      const { folder, moved } = await retireKeyMaterial(ctx.dataDir, now(), { unreadable });
      deps.afterRetire();
      ctx.log(`keys: unreadable ${unreadable.join(', ')}; set aside in keys/retired/${folder} (${moved.join(', ')}); a new key is made on next use, enrol again`);
      return { retiredTo: folder, moved, enrolAgain: moved.includes('sync/enrollment.json') || unreadable.includes('office-token') };
    },
  };
}
