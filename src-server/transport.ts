/**
 * How the office is reached (docs/sync-protocol.md, "Transport and trust"): HTTPS with its own
 * certificate from the office CA (`tls`), or plain HTTP for a TLS proxy in front; and which
 * proxies may name the client's address (`trustProxy`), so rate limits count real clients.
 * app.ts spreads `fastifyOptions` into Fastify and calls `attach` once the office is open.
 */
import https from 'node:https';
import type { FastifyInstance, FastifyServerFactory } from 'fastify';
import type { ServerOptions } from './config';
import type { OfficeContext } from './context';
import { loadOrIssueServerCertificate, parseServerName, type ServerCredentials } from './tls/server-certificate';

/** Twice a day: a certificate 30 days from expiry is renewed long before anyone notices. */
const RENEW_CHECK_MS = 12 * 60 * 60 * 1000;

export interface OfficeTransport {
  fastifyOptions: {
    trustProxy: false | string[] | ((address: string, hop: number) => boolean);
    serverFactory?: FastifyServerFactory;
  };
  /** Loads or issues the certificate (TLS only) and keeps it renewed until the app closes. */
  attach(app: FastifyInstance, ctx: OfficeContext): Promise<void>;
}

/** Never `true`: a list of proxy addresses, or a hop count; anything else would let any client pick its own address. */
function trustProxyOption(trust: ServerOptions['trustProxy']): OfficeTransport['fastifyOptions']['trustProxy'] {
  if (trust === undefined) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust.length ? [...trust] : false;
}

export function officeTransport(options: Pick<ServerOptions, 'tls' | 'trustProxy' | 'dataDir'>): OfficeTransport {
  const trustProxy = trustProxyOption(options.trustProxy);
  const tls = options.tls;
  if (!tls) return { fastifyOptions: { trustProxy }, attach: async () => undefined };

  const names = tls.names.map(parseServerName);
  const servers: https.Server[] = [];
  let current: ServerCredentials | undefined;
  const contextOf = (c: ServerCredentials) => ({ key: c.keyPem, cert: c.certPem });

  // Fastify creates its servers here (one per address it binds), so each is HTTPS and each is
  // given the renewed certificate. The timeouts Fastify would set on its own servers are copied.
  const serverFactory: FastifyServerFactory = (handler, opts) => {
    const server = https.createServer(current ? contextOf(current) : {}, handler);
    if (typeof opts.keepAliveTimeout === 'number') server.keepAliveTimeout = opts.keepAliveTimeout;
    if (typeof opts.requestTimeout === 'number') server.requestTimeout = opts.requestTimeout;
    if (typeof opts.connectionTimeout === 'number') server.setTimeout(opts.connectionTimeout);
    if (typeof opts.maxRequestsPerSocket === 'number' && opts.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
    servers.push(server);
    return server;
  };

  return {
    fastifyOptions: { trustProxy, serverFactory },
    async attach(app, ctx) {
      const refresh = async (): Promise<void> => {
        const result = await loadOrIssueServerCertificate(options.dataDir, ctx.keys.ca, ctx.office, names, ctx.now());
        if (current && current.serial === result.credentials.serial) return;
        current = result.credentials;
        for (const server of servers) server.setSecureContext(contextOf(current));
        if (result.issued) ctx.log.info({ serial: current.serial, notAfter: current.notAfter.toISOString(), reason: result.reason }, 'office TLS certificate issued');
      };
      await refresh();
      const timer = setInterval(() => {
        refresh().catch((error: unknown) => ctx.log.warn({ err: error }, 'office TLS certificate renewal failed; will try again'));
      }, tls.renewCheckMs ?? RENEW_CHECK_MS);
      timer.unref();
      app.addHook('onClose', async () => clearInterval(timer));
    },
  };
}
