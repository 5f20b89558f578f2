/** Office failures as RPC errors: the code says what the engine does, the params say why. */
import { RpcFailure } from '../../src-shared/rpc/result';
import { OfficeError } from './office-client';

export function asRpcFailure(error: unknown): unknown {
  if (!(error instanceof OfficeError)) return error;
  if (error.code === 'not_enrolled') return new RpcFailure('not_enrolled', error.message);
  const params = { status: error.status, officeCode: error.code, detail: error.message };
  return new RpcFailure(error.kind === 'refused' ? 'office_refused' : 'office_unavailable', error.message, params);
}

/** Runs an office call and rethrows its failure as the RPC error the renderer understands. */
export async function viaOffice<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asRpcFailure(error);
  }
}
