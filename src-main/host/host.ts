/**
 * The loopback host: serves the built renderer and the main-process router over HTTP on
 * 127.0.0.1, for machines without the Electron binary (`npm run start:web`) and for e2e tests.
 * Only a page it served itself can call the router: every call carries the per-run token that
 * is written into that page, and requests for any other Host (DNS rebinding) are refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOKEN_HEADER } from '../../src-shared/rpc/contract';
import type { RpcResult } from '../../src-shared/rpc/result';
import type { Router } from '../rpc/router';
import { CONTENT_SECURITY_POLICY, contentTypeOf, resolveStaticPath } from '../static/static-files';

export interface HostOptions {
  router: Router;
  /** The built renderer (vite's output folder). */
  rendererDir: string;
  port?: number;
  /** Largest RPC body accepted; photos and PDFs travel as files, not through here. */
  maxBodyBytes?: number;
}

export interface RunningHost {
  url: string;
  token: string;
  close(): Promise<void>;
}

const RPC_PREFIX = '/rpc/';

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = randomBytes(32).toString('base64url');
  // A report carries the print copies of up to 100 photos (≤ 400 KB of base64 each, model.ts).
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  let allowedHost = '';

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', String(error));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host !== allowedHost) return send(res, 421, 'text/plain; charset=utf-8', 'wrong host');
    const url = new URL(req.url ?? '/', `http://${allowedHost}`);
    if (url.pathname.startsWith(RPC_PREFIX)) return handleRpc(req, res, url.pathname.slice(RPC_PREFIX.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    }
    if (file.endsWith('index.html')) {
      body = Buffer.from(body.toString('utf8').replace('<head>', `<head><meta name="xunjian-token" content="${token}">`));
    }
    send(res, 200, contentTypeOf(file), body);
  }

  async function handleRpc(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    const given = Buffer.from(String(req.headers[TOKEN_HEADER] ?? ''));
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong host token' } });
    }
    const text = await readBody(req, maxBody);
    if (text === null) return sendJson(res, 413, { ok: false, error: { code: 'bad_input', message: 'request too large' } });
    let input: unknown;
    try {
      input = text === '' ? {} : JSON.parse(text);
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'bad_input', message: 'body is not JSON' } });
    }
    sendJson(res, 200, await options.router.dispatch(decodeURIComponent(channel), input));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHost = `127.0.0.1:${port}`;
  return {
    url: `http://${allowedHost}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.resume(); // drain and drop the rest: destroying the socket here lost the 413 reply
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: RpcResult<unknown>): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}
