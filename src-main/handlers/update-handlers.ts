/** The handlers of `updateChannels` (issue 13). */
import type { updateChannels } from '../../src-shared/rpc/update-channels';
import type { Handlers } from '../rpc/router';
import type { MainContext } from './index';

/** What only the desktop shell can do for these channels; absent in the loopback host. */
export type UpdatePorts = Record<never, never>;

export function updateHandlers(_ctx: MainContext): Pick<Handlers, keyof typeof updateChannels> {
  return {};
}
