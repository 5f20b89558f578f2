/** The handlers of `reportViewChannels` (issue 13). */
import type { reportViewChannels } from '../../src-shared/rpc/report-view-channels';
import type { Handlers } from '../rpc/router';
import type { MainContext } from './index';

/** What only the desktop shell can do for these channels; absent in the loopback host. */
export type ReportViewPorts = Record<never, never>;

export function reportViewHandlers(_ctx: MainContext): Pick<Handlers, keyof typeof reportViewChannels> {
  return {};
}
