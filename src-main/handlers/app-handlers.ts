/** The handlers of `appChannels` (issue 13). */
import type { appChannels } from '../../src-shared/rpc/app-channels';
import type { Handlers } from '../rpc/router';
import type { MainContext } from './index';

/** What only the desktop shell can do for these channels; absent in the loopback host. */
export type AppPorts = Record<never, never>;

export function appHandlers(_ctx: MainContext): Pick<Handlers, keyof typeof appChannels> {
  return {};
}
