/**
 * The office's log lines (issue 15): one JSON object per line, for a collector behind several
 * instances. Every line names its instance and store; a request is one line when it ends (method,
 * url, status, response time, its reqId) instead of Fastify's two. Nothing secret is ever logged:
 * no headers at all (the device token, the console cookie), and a query's values under names that
 * can carry one are replaced.
 */
import { hostname } from 'node:os';
import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { StoreKind } from '../storage/open-store';

/** hostname:pid unless the operator names the instance (`--instance-name`). */
export const defaultInstanceName = (): string => `${hostname()}:${process.pid}`;

/** Query parameters whose values are never written to a log. */
const SECRET_PARAMS = /token|code|password|secret|key|session|csrf|auth|sig/i;

/** The request's path and query, with the values of secret-looking parameters replaced. */
export function loggableUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = new URLSearchParams(url.slice(query + 1));
  for (const name of new Set(params.keys())) if (SECRET_PARAMS.test(name)) params.set(name, '***');
  return `${url.slice(0, query)}?${params.toString()}`;
}

export function loggerOptions(level: string | false, instance: string, store: StoreKind): FastifyServerOptions['logger'] {
  if (level === false) return false;
  return {
    level,
    base: { instance, store },
    // Labels and ISO instants: a person reading the collector's output need not decode 30 or epoch ms.
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    // Whatever a handler logs with a request or reply attached: never its headers.
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: loggableUrl(req.url ?? '') }),
      res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
    },
    redact: { paths: ['headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie', 'password', 'token', 'code'], censor: '***' },
  };
}

/** Fastify's own two lines per request are replaced by logRequests' one. */
export const quietFastify = (): LogController => new LogController({ disableRequestLogging: true });

/**
 * One line per request when its answer is sent. Routes with `config.quietLog` (the load
 * balancer's health checks, every few seconds) log at debug, so info shows people's traffic.
 */
export function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const quiet = (request.routeOptions.config as { quietLog?: boolean } | undefined)?.quietLog === true;
    const log: FastifyBaseLogger = request.log;
    const line = { method: request.method, url: loggableUrl(request.url), status: reply.statusCode, responseTime: Math.round(reply.elapsedTime) };
    if (quiet) log.debug(line, 'request');
    else log.info(line, 'request');
  });
}
