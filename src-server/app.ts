/**
 * Builds the office service: opens the data folder (seeding reference data on first start) and
 * registers the protocol routes, the OpenAPI document and the console on one Fastify instance.
 * Tests call buildApp and listen on port 0; the CLI does the same with a fixed port.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { API_PREFIX } from '../src-shared/sync/protocol';
import { DEFAULT_RATE_LIMITS, UPDATES_RATE_LIMIT, type ServerOptions } from './config';
import { consoleRoutes, FORM_BODY_BYTES } from './console/routes';
import { openOffice, type OfficeContext } from './context';
import { scheduleFill, settleFills } from './dashboard/facts';
import { ApiError } from './errors';
import { clientErrorHandler, frameworkErrors } from './http/client-errors';
import { sharedRateLimitStore } from './http/shared-rate-limit';
import { useJsonBodyParser } from './http/json-body';
import { swaggerOptions } from './openapi/document';
import { healthRoutes, type Readiness } from './ops/health';
import { defaultInstanceName, loggerOptions, logRequests, quietFastify } from './ops/logging';
import { blobRoutes } from './routes/blobs';
import { bundleRoutes } from './routes/bundles';
import { requireDevice } from './routes/device-scope';
import { publicRoutes } from './routes/public';
import { deliverableRoutes } from './routes/deliverables';
import { recordRoutes } from './routes/records';
import { referenceRoutes } from './routes/reference';
import { serviceRecordRoutes } from './routes/service-records';
import { updateRoutes } from './routes/updates';
import { verifyRoutes } from './routes/verify';
import { BlobStoreBusy } from './storage/port';
import { isStoreUnavailable, STORE_RETRY_AFTER_SECONDS } from './http/store-unavailable';
import { failurePage, isConsolePage } from './console/pages/failure';
import { officeTransport } from './transport';

export interface OfficeApp {
  app: FastifyInstance;
  ctx: OfficeContext;
  /**
   * Stops the instance the way a load balancer expects (issue 15): /readyz answers 503 at once,
   * requests are still served for `drainMs` while the balancer notices, then the server closes,
   * letting the requests in flight finish.
   */
  shutdown(drainMs: number): Promise<void>;
}

/**
 * The limit a body parser applied: the console form parser's own, else the route's (the report
 * envelope's) or the server's. Uploads (blobs, bundles) refuse with their own ApiError and limit.
 */
function bodyLimitOf(request: FastifyRequest): number {
  const form = (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  // A console form with a larger limit of its own (the checklist editor) names it in its config.
  const own = (request.routeOptions.config as { formBodyLimit?: number } | undefined)?.formBodyLimit;
  return form ? (own ?? FORM_BODY_BYTES) : request.routeOptions.bodyLimit;
}

function toApiError(error: FastifyError, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  // Any route that stores a blob (uploads, report pushes, bundle imports): the client tries again later.
  if (error instanceof BlobStoreBusy) return new ApiError(503, 'internal', error.message);
  if (isStoreUnavailable(error)) return new ApiError(503, 'internal', 'the office cannot reach its database just now; try again shortly');
  const status = error.statusCode ?? 500;
  if (status === 413) {
    // Fastify's own "Request body is too large" names no number: say which limit, as uploads do.
    const limit = bodyLimitOf(request);
    return new ApiError(413, 'payload_too_large', `the body is larger than the limit of ${limit} bytes`, { limit });
  }
  if (status === 429) return new ApiError(429, 'rate_limited', error.message);
  if (status >= 400 && status < 500) return new ApiError(status, 'invalid_request', error.message);
  // PostgreSQL text cannot hold U+0000 (22021), where SQLite's can: a pushed text with one is the
  // client's to fix, and retrying it would fail the same way forever.
  if ((error as { code?: unknown }).code === '22021') return new ApiError(400, 'invalid_request', 'a text contains a NUL character (U+0000), which the office cannot store');
  return new ApiError(500, 'internal', 'the office could not handle this request; it has been logged');
}

export async function buildApp(options: ServerOptions): Promise<OfficeApp> {
  // HTTPS with the office's own certificate, or HTTP behind a proxy; which proxies name the client.
  const transport = officeTransport(options);
  const app = Fastify({
    // JSON lines naming the instance and the store; one line per request, written by logRequests.
    logger: loggerOptions(options.logLevel ?? 'info', options.instanceName ?? defaultInstanceName(), options.database ? 'postgres' : 'sqlite'),
    logController: quietFastify(),
    bodyLimit: options.limits?.jsonBodyBytes ?? 1024 * 1024,
    // Blobs and bundles are large: no time limit on a slow upload over a hospital's network.
    requestTimeout: 0,
    // 414, 431 and malformed requests in the protocol's error format too.
    clientErrorHandler,
    frameworkErrors,
    ...transport.fastifyOptions,
  });
  const ctx = await openOffice({ ...options, log: app.log });
  // The dashboard's rows for what an older office stored are derived in the background (dashboard/facts.ts).
  app.addHook('onReady', async () => scheduleFill(ctx));
  app.addHook('onClose', async () => {
    await settleFills(ctx);
    await ctx.close();
  });
  const readiness: Readiness = { draining: false };
  try {
    await transport.attach(app, ctx);
    logRequests(app);
    const rateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };

    // zod in the handlers is the one validator; these schemas only document the API.
    app.setValidatorCompiler(() => () => true);
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const apiError = toApiError(error, request);
      if (error instanceof BlobStoreBusy) void reply.header('retry-after', String(error.retryAfterSeconds));
      else if (isStoreUnavailable(error)) void reply.header('retry-after', String(STORE_RETRY_AFTER_SECONDS));
      if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
      // A person at the console gets a page in their language, not the devices' JSON.
      if (apiError.status >= 500 && isConsolePage(request)) return reply.code(apiError.status).type('text/html; charset=utf-8').send(failurePage(request, reply, apiError.status));
      return reply.code(apiError.status).send(apiError.toBody());
    });
    useJsonBodyParser(app);
    app.setNotFoundHandler((request, reply) => reply.code(404).send(new ApiError(404, 'not_found', `no route ${request.method} ${request.url}`).toBody()));

    await app.register(cookie);
    await app.register(rateLimit, {
      global: false,
      // On PostgreSQL the counters are the database's, so a limit holds across instances; on SQLite
      // (one machine) they stay in this process.
      ...(ctx.storeKind === 'postgres' ? { store: sharedRateLimitStore(ctx.store) } : {}),
      errorResponseBuilder: (_request, limit) => new ApiError(429, 'rate_limited', `too many attempts; try again in ${Math.ceil(limit.ttl / 1000)} s`),
    });
    await app.register(swagger, swaggerOptions());

    // For the load balancer: no token, no rate limit, logged at debug.
    healthRoutes(app, ctx, readiness);
    await app.register(async (scope) => publicRoutes(scope, ctx, rateLimits));
    await app.register(async (scope) => verifyRoutes(scope, ctx, rateLimits.verify));
    await app.register(async (scope) => {
      requireDevice(scope, ctx);
      referenceRoutes(scope, ctx);
      blobRoutes(scope, ctx);
      recordRoutes(scope, ctx);
      serviceRecordRoutes(scope, ctx);
      deliverableRoutes(scope, ctx);
    });
    await app.register(async (scope) => updateRoutes(scope, ctx, options.dataDir, rateLimits.updates ?? UPDATES_RATE_LIMIT));
    await app.register(async (scope) => bundleRoutes(scope, ctx, options.dataDir));
    await app.register(async (scope) =>
      consoleRoutes(scope, ctx, { secureCookies: options.secureCookies ?? false, sessionHours: options.sessionHours ?? 8, loginRateLimit: rateLimits.login }),
    );
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console'));
    app.log.debug(`protocol under ${API_PREFIX}`);
    const shutdown = async (drainMs: number): Promise<void> => {
      readiness.draining = true;
      app.log.info({ drainMs }, 'shutting down: not ready, draining');
      if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
      await app.close();
    };
    return { app, ctx, shutdown };
  } catch (error) {
    await app.close();
    throw error;
  }
}
