/** Errors that become the protocol's `{ error: { code, message, ... } }` body with their HTTP status. */
import type { ErrorCode } from '../src-shared/sync/protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toBody(): { error: Record<string, unknown> } {
    return { error: { ...this.details, code: this.code, message: this.message } };
  }
}
