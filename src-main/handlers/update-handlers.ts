/**
 * The handlers of `updateChannels` (issue 13). The Electron shell hands in the updater
 * (src-main/electron/updater.ts); the loopback host has none, and every channel then answers
 * `{ supported: false, reason: 'host' }`: a browser page cannot update the app, the IT office's
 * installer does.
 */
import type { updateChannels, UpdateStatus } from '../../src-shared/rpc/update-channels';
import type { Handlers } from '../rpc/router';
import type { MainContext } from './index';

/** The device's updater, as the handlers use it. */
export interface DeviceUpdater {
  status(): UpdateStatus;
  check(): Promise<UpdateStatus>;
  download(version: string): Promise<UpdateStatus>;
  install(version: string): Promise<UpdateStatus>;
}

/** What only the desktop shell can do for these channels; absent in the loopback host. */
export interface UpdatePorts {
  updater: DeviceUpdater;
}

const HOST: UpdateStatus = { supported: false, reason: 'host' };

export function updateHandlers(ctx: MainContext): Pick<Handlers, keyof typeof updateChannels> {
  const updater = ctx.desktop?.updater;
  return {
    'update.status': () => updater?.status() ?? HOST,
    'update.check': () => updater?.check() ?? HOST,
    'update.download': (input) => updater?.download(input.version) ?? HOST,
    'update.install': (input) => updater?.install(input.version) ?? HOST,
  };
}
