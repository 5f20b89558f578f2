/**
 * The transport's fixed names, in a module of their own: the preload script imports only these,
 * so it stays a few hundred bytes instead of pulling zod and every channel schema with it.
 */

/** The IPC channel name all calls travel on under Electron; the RPC channel is an argument. */
export const IPC_CHANNEL = 'xunjian:rpc';

/** HTTP header carrying the host's per-run token (loopback host only). */
export const TOKEN_HEADER = 'x-xunjian-token';

/** The fixed origin the renderer is served from under Electron, so IndexedDB never moves. */
export const APP_ORIGIN = 'app://xunjian';

/** What the preload script exposes as `window.xunjian`. */
export interface XunjianBridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
}
