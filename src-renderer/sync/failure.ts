/**
 * Why one record did not sync, and what the engine does about it: `retry` (network, timeouts,
 * 5xx: later, with backoff) or `attention` (the office said no, or local data is wrong: the
 * engineer must look; the reason is shown).
 */
export type Disposition = 'retry' | 'attention';

export class SyncFailure extends Error {
  constructor(
    readonly disposition: Disposition,
    /** An RPC error code ('office_refused', 'timeout', …) or a local one ('receipt_invalid', 'record_changed', …). */
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly officeCode?: string,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

/** The RPC error codes that mean "not now" rather than "no". */
const TRANSIENT = new Set(['office_unavailable', 'timeout', 'unreachable', 'internal']);
/** Office refusals the engine repairs itself on the next attempt (it checks and uploads blobs again). */
const SELF_HEALING = new Set(['blob_missing']);

interface RpcErrorLike {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

function rpcErrorOf(error: unknown): RpcErrorLike | undefined {
  const inner = (error as { error?: unknown } | null)?.error;
  if (typeof inner === 'object' && inner !== null && typeof (inner as RpcErrorLike).code === 'string') return inner as RpcErrorLike;
  return undefined;
}

/** Turns whatever a transport threw (a PlatformError carrying an RpcError, or anything else) into a SyncFailure. */
export function classify(error: unknown): SyncFailure {
  if (error instanceof SyncFailure) return error;
  const rpc = rpcErrorOf(error);
  if (!rpc) return new SyncFailure('retry', 'internal', error instanceof Error ? error.message : String(error));
  const status = typeof rpc.params?.status === 'number' ? rpc.params.status : undefined;
  const officeCode = typeof rpc.params?.officeCode === 'string' ? rpc.params.officeCode : undefined;
  const retry = TRANSIENT.has(rpc.code) || (rpc.code === 'office_refused' && officeCode !== undefined && SELF_HEALING.has(officeCode));
  return new SyncFailure(retry ? 'retry' : 'attention', rpc.code, rpc.message, status, officeCode);
}
