/**
 * A @fastify/rate-limit store that counts in the office's database (OfficeStore.hitRateLimit), so
 * a limit holds across every instance on one PostgreSQL. With SQLite (one machine) the plugin's
 * in-memory store is used instead. A window starts at a client's first counted request, as the
 * plugin's own store counts; the window's start is in the row, so every instance agrees on it.
 */
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { ApiError } from '../errors';
import type { OfficeStore } from '../storage/port';

/** A database that has not answered by then is treated as down: the request is refused, not held. */
export const RATE_LIMIT_TIMEOUT_MS = 5_000;

type Hit = Awaited<ReturnType<OfficeStore['hitRateLimit']>>;

function withTimeout(hit: Promise<Hit>, ms: number): Promise<Hit> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the rate-limit counter did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([hit, late]).finally(() => clearTimeout(timer));
}

/** 503, with the database's own error kept as the cause for the log but not told to the client. */
function unavailable(cause: unknown): ApiError {
  const error = new ApiError(503, 'internal', 'the office cannot check its rate limit because its database is not answering; try again shortly');
  error.cause = cause;
  return error;
}

/** What the plugin passes to `child`: the limit's merged options and the route it guards (empty for `app.rateLimit()`). */
interface ChildOptions {
  routeInfo?: { method?: string | string[]; url?: string };
  groupId?: string;
}

export function sharedRateLimitStore(
  store: Pick<OfficeStore, 'hitRateLimit'>,
  options: { timeoutMs?: number; nowMs?: () => number } = {},
): FastifyRateLimitStoreCtor {
  const timeoutMs = options.timeoutMs ?? RATE_LIMIT_TIMEOUT_MS;
  const nowMs = options.nowMs ?? Date.now;

  class SharedRateLimitStore implements FastifyRateLimitStore {
    /** The plugin constructs the root store with its options; each limit gets a child named after what it guards. */
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly name = 'global',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = nowMs();
      withTimeout(store.hitRateLimit(`${this.name} ${key}`, timeWindow, now), timeoutMs).then(
        (hit) => callback(null, { current: hit.count, ttl: Math.max(0, hit.resetAtMs - now) }),
        (error: unknown) => callback(unavailable(error)),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The route's method and address name its counter on every instance alike; a limiter made with
      // app.rateLimit() has no route and is named by its groupId.
      const { routeInfo, groupId } = routeOptions as unknown as ChildOptions;
      const method = [routeInfo?.method ?? ''].flat().join(',');
      const name = routeInfo?.url ? `${method} ${routeInfo.url}` : `group ${groupId ?? 'default'}`;
      return new SharedRateLimitStore({}, name);
    }
  }
  return SharedRateLimitStore;
}
