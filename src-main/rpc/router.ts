/**
 * The main process's one router: channel → (zod input schema, handler). Both transports (Electron
 * IPC and the loopback HTTP host) call `dispatch`, so every handler is exercised the same way.
 */
import { contract, isChannel, type Channel, type ChannelOutput, type ParsedInput } from '../../src-shared/rpc/contract';
import { RpcFailure, type RpcResult } from '../../src-shared/rpc/result';
import { formatPath } from '../../src-shared/catalog/validate';

export type Handler<K extends Channel> = (input: ParsedInput<K>) => Promise<ChannelOutput<K>> | ChannelOutput<K>;
export type Handlers = { [K in Channel]: Handler<K> };

export interface Router {
  dispatch(channel: string, input: unknown): Promise<RpcResult<unknown>>;
}

export function createRouter(handlers: Handlers, log: (line: string) => void = () => {}): Router {
  return {
    async dispatch(channel, input) {
      if (!isChannel(channel)) {
        return { ok: false, error: { code: 'unknown_channel', message: `no such channel: ${channel}`, params: { channel } } };
      }
      const parsed = contract[channel].input.safeParse(input ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue ? formatPath(issue.path) : '';
        return {
          ok: false,
          error: { code: 'bad_input', message: `${channel}: ${where} ${issue?.message ?? ''}`.trim(), params: { channel, path: where } },
        };
      }
      try {
        const handler = handlers[channel] as (input: unknown) => unknown;
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        if (error instanceof RpcFailure) {
          return { ok: false, error: { code: error.code, message: error.message, ...(error.params ? { params: error.params } : {}) } };
        }
        log(`rpc ${channel} failed: ${(error as Error).stack ?? String(error)}`);
        return { ok: false, error: { code: 'internal', message: (error as Error).message ?? String(error) } };
      }
    },
  };
}
