/** The handlers of `backupChannels` (issue 13). */
import type { backupChannels } from '../../src-shared/rpc/backup-channels';
import type { Handlers } from '../rpc/router';
import type { MainContext } from './index';

/** What only the desktop shell can do for these channels; absent in the loopback host. */
export type BackupPorts = Record<never, never>;

export function backupHandlers(_ctx: MainContext): Pick<Handlers, keyof typeof backupChannels> {
  return {};
}
