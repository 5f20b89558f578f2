/**
 * How every RPC result crosses the process boundary. Errors travel as data, not exceptions,
 * so their code survives the trip and the UI can say what went wrong in the user's language.
 */
export const ERROR_CODES = [
  'bad_input',
  'unknown_channel',
  'unauthorized',
  'internal',
  'catalog_unreadable',
  'timeout',
  'unreachable',
  'font_missing',
  'font_broken',
  'report_exists',
  'report_not_found',
  'signing_failed',
  'certificate_invalid',
  // Office sync: 'office_refused' (4xx: the engineer must look) and 'office_unavailable' (5xx,
  // network, timeout: retried) carry params { status, officeCode, detail }.
  'not_enrolled',
  'office_refused',
  'office_unavailable',
  'blob_unavailable',
  // Issue 13 (shell): something only the Electron shell can do (relaunch…), asked of the loopback host.
  'desktop_only',
  // Issue 13: a sealed secret the OS cannot open (params { secret }); a PDF the shell cannot show (params { how, detail }).
  'key_unreadable',
  'pdf_open_failed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorParams = Record<string, string | number>;

export interface RpcError {
  code: ErrorCode;
  /** English detail for logs and developers; the UI shows its own text for `code`. */
  message: string;
  params?: ErrorParams;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** Thrown inside handlers; the router turns it into `{ ok: false, error }`. */
export class RpcFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'RpcFailure';
  }
}

export function isRpcError(value: unknown): value is RpcError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RpcError).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as RpcError).code) &&
    typeof (value as RpcError).message === 'string'
  );
}
