import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNEL } from '../../src-shared/rpc/contract';
import type { RpcResult } from '../../src-shared/rpc/result';
import type { Router } from '../rpc/router';
import { isAppUrl } from './guards';

/** Binds the router to ipcMain; only frames of the app's own origin may call it. */
export function bindRouter(ipcMain: Pick<IpcMain, 'handle'>, router: Router): void {
  ipcMain.handle(IPC_CHANNEL, async (event: IpcMainInvokeEvent, channel: unknown, input: unknown): Promise<RpcResult<unknown>> => {
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url)) return { ok: false, error: { code: 'unauthorized', message: `refused caller ${url || '(unknown)'}` } };
    if (typeof channel !== 'string') return { ok: false, error: { code: 'bad_input', message: 'channel must be a string' } };
    return router.dispatch(channel, input);
  });
}
