/**
 * Keeps a renderer stuck in an error loop from filling the disk: at most `max` lines per window;
 * the first refused line is reported once, and the count of dropped lines when the window reopens.
 */
export interface RateLimiter {
  /** `write`: log it; `drop-first`: log one "dropping" note; `drop`: say nothing. `dropped` = lines lost before this one. */
  take(): { verdict: 'write' | 'drop-first' | 'drop'; dropped: number };
}

export function createRateLimiter({ max, windowMs, now = Date.now }: { max: number; windowMs: number; now?: () => number }): RateLimiter {
  let windowStart = -Infinity;
  let used = 0;
  let dropped = 0;
  return {
    take() {
      const t = now();
      let reported = 0;
      if (t - windowStart >= windowMs) {
        windowStart = t;
        used = 0;
        reported = dropped;
        dropped = 0;
      }
      if (used < max) {
        used += 1;
        return { verdict: 'write', dropped: reported };
      }
      dropped += 1;
      return { verdict: dropped === 1 ? 'drop-first' : 'drop', dropped: 0 };
    },
  };
}
