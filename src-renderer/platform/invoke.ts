/**
 * The renderer's one door to the main process. Under Electron the preload's `window.xunjian`
 * carries the call over IPC; in the browser host it goes over loopback HTTP with the page's token.
 */
import { TOKEN_HEADER, type Channel, type ChannelInput, type ChannelOutput, type XunjianBridge } from '../../src-shared/rpc/contract';
import { isRpcError, type RpcError, type RpcResult } from '../../src-shared/rpc/result';

declare global {
  interface Window {
    xunjian?: XunjianBridge;
  }
}

/** A failed call, carrying the error's code so the UI can explain it in the user's language. */
export class PlatformError extends Error {
  constructor(readonly error: RpcError) {
    super(error.message);
    this.name = 'PlatformError';
  }
}

const TIMEOUT_MS = 30_000;

async function overHttp(channel: string, input: unknown): Promise<unknown> {
  const token = document.querySelector<HTMLMetaElement>('meta[name="xunjian-token"]')?.content ?? '';
  let response: Response;
  try {
    response = await fetch(`/rpc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return { ok: false, error: { code: timedOut ? 'timeout' : 'unreachable', message: String(error) } } satisfies RpcResult<never>;
  }
  return response.json();
}

export async function invoke<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const raw = window.xunjian ? await window.xunjian.invoke(channel, input) : await overHttp(channel, input);
  const result = raw as RpcResult<ChannelOutput<K>>;
  if (result.ok) return result.value;
  throw new PlatformError(isRpcError(result.error) ? result.error : { code: 'internal', message: 'malformed reply' });
}
