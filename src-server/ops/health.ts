/**
 * What a load balancer asks (issue 15): /healthz, is the process serving (liveness); /readyz, may
 * it be sent requests: the store answers a ping in time and the instance is not shutting down.
 * Neither needs a token nor is rate limited; both log at debug only (logging.ts quietLog). Since
 * anyone may call /readyz, its answer is kept for READY_CACHE_MS per instance, failures too, and
 * calls meanwhile share one ping: a flood costs at most one pool connection a second.
 */
import type { FastifyInstance } from 'fastify';
import type { OfficeContext } from '../context';

/** A store slower than this is not ready: the balancer should try another instance. */
export const READY_TIMEOUT_MS = 2000;
/** How long one ping's outcome answers /readyz. */
export const READY_CACHE_MS = 1000;

export interface Readiness {
  /** Set on SIGTERM: /readyz answers 503 so the balancer stops sending before the instance closes. */
  draining: boolean;
}

export const HEALTH_PATHS = { live: '/healthz', ready: '/readyz' } as const;

async function storeAnswers(ctx: OfficeContext, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the store did not answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([
      ctx.store.ping().then(
        () => undefined,
        (error: unknown) => {
          // The reason goes to the log, not to whoever asks: a driver's message can name hosts.
          ctx.log.warn({ err: error }, 'readiness: the store refused a ping');
          return 'the store refused a ping';
        },
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(app: FastifyInstance, ctx: OfficeContext, readiness: Readiness, timeoutMs = READY_TIMEOUT_MS): void {
  const options = { schema: { hide: true }, config: { quietLog: true } };
  app.get(HEALTH_PATHS.live, options, async (_request, reply) => reply.header('cache-control', 'no-store').send({ live: true }));
  // The last ping: its outcome (undefined when the store answered) and when it settled, or the one in flight.
  let last: { problem: Promise<string | undefined>; settledAt?: number } | undefined;
  const checkStore = (): Promise<string | undefined> => {
    const fresh = last && (last.settledAt === undefined || Date.now() - last.settledAt < READY_CACHE_MS);
    if (!fresh) {
      const current: NonNullable<typeof last> = { problem: storeAnswers(ctx, timeoutMs) };
      void current.problem.then(() => (current.settledAt = Date.now()));
      last = current;
    }
    return last!.problem;
  };
  app.get(HEALTH_PATHS.ready, options, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (readiness.draining) return reply.code(503).send({ ready: false, reason: 'shutting down' });
    const problem = await checkStore();
    if (problem) return reply.code(503).send({ ready: false, reason: problem });
    return reply.send({ ready: true });
  });
}
