/**
 * Exponential backoff with full jitter (a random wait between zero and the exponential ceiling):
 * a hundred devices that lost the office at the same moment do not all come back at the same moment.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/** The wait before attempt `failures + 1`, after `failures` (≥ 1) consecutive failures. */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
