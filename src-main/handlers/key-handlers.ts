/** The handlers of `keyChannels` (issue 13). */
import type { keyChannels } from '../../src-shared/rpc/key-channels';
import type { Handlers } from '../rpc/router';
import type { MainContext } from './index';

/** What only the desktop shell can do for these channels; absent in the loopback host. */
export type KeyPorts = Record<never, never>;

export function keyHandlers(_ctx: MainContext): Pick<Handlers, keyof typeof keyChannels> {
  return {};
}
