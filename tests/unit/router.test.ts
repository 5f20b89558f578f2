import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type MainContext } from '../../src-main/handlers/index';
import { startHost, type RunningHost } from '../../src-main/host/host';
import { createRouter, type Handlers } from '../../src-main/rpc/router';
import { CONTENT_SECURITY_POLICY, contentTypeOf, resolveStaticPath } from '../../src-main/static/static-files';
import type { Catalog } from '../../src-shared/catalog/catalog';
import { TOKEN_HEADER, type AppInfo } from '../../src-shared/rpc/contract';
import { RpcFailure } from '../../src-shared/rpc/result';

// ---------- helpers ----------

function context(log: string[] = []): MainContext {
  return { shell: 'web', version: '9.9.9', assetsDir: path.resolve('assets'), dataDir: '/tmp/xunjian-data', log: (l) => log.push(l) };
}

/** The real handlers with one of them replaced. */
function handlersWith(overrides: Partial<Handlers>): Handlers {
  return { ...createHandlers(context()), ...overrides };
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request: unlike fetch, it sends the path as written and any Host header. */
function request(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Reply> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function rpc(host: RunningHost, channel: string, input: unknown, token: string | null = host.token): Promise<Reply> {
  return request(host.url, {
    method: 'POST',
    path: `/rpc/${channel}`,
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { [TOKEN_HEADER]: token }) },
    body: JSON.stringify(input),
  });
}

const tempDirs: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

// ---------- router ----------

describe('createRouter with the real handlers', () => {
  it('answers app.info from the context', async () => {
    const router = createRouter(createHandlers(context()));
    const result = await router.dispatch('app.info', {});
    expect(result).toEqual({ ok: true, value: { version: '9.9.9', shell: 'web', dataDir: '/tmp/xunjian-data' } satisfies AppInfo });
  });

  it('treats a missing input as an empty object', async () => {
    const router = createRouter(createHandlers(context()));
    expect(await router.dispatch('app.info', undefined)).toMatchObject({ ok: true });
  });

  it('loads the shipped catalog over catalog.load, once', async () => {
    const log: string[] = [];
    const router = createRouter(createHandlers(context(log)));
    const result = await router.dispatch('catalog.load', {});
    expect(result.ok).toBe(true);
    const catalog = (result as { ok: true; value: Catalog }).value;
    expect(catalog.templates).toHaveLength(36);
    expect(catalog.hospitals).toHaveLength(5);
    expect(catalog.problems).toEqual([]);
    expect(log).toEqual([]);
    const again = await router.dispatch('catalog.load', {});
    expect((again as { ok: true; value: Catalog }).value).toBe(catalog);
  });

  it('logs catalog problems when the assets folder holds a broken catalog', async () => {
    const assets = await tempDir('xunjian-assets-');
    await mkdir(path.join(assets, 'catalog', 'templates'), { recursive: true });
    await writeFile(path.join(assets, 'catalog', 'templates', 'bad.json'), '{');
    const log: string[] = [];
    const router = createRouter(createHandlers({ ...context(log), assetsDir: assets }));
    const result = await router.dispatch('catalog.load', {});
    expect(result).toMatchObject({ ok: true, value: { templates: [], problems: [{ file: 'templates/bad.json' }] } });
    expect(log).toHaveLength(1);
    expect(log[0]).toContain('templates/bad.json');
  });

  it('refuses an unknown channel', async () => {
    const router = createRouter(createHandlers(context()));
    const result = await router.dispatch('files.delete', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel', params: { channel: 'files.delete' } } });
    // Inherited object keys are not channels either.
    expect(await router.dispatch('toString', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses input the channel schema does not accept, before the handler runs', async () => {
    let called = false;
    const router = createRouter(handlersWith({ 'app.info': () => ((called = true), { version: '', shell: 'web', dataDir: '' }) }));
    expect(await router.dispatch('app.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_input', params: { channel: 'app.info' } } });
    expect(await router.dispatch('app.info', 'text')).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(called).toBe(false);
  });

  it('keeps the code and params of an RpcFailure thrown by a handler', async () => {
    const log: string[] = [];
    const router = createRouter(
      handlersWith({
        'catalog.load': () => {
          throw new RpcFailure('catalog_unreadable', 'disk gone', { folder: 'catalog' });
        },
      }),
      (l) => log.push(l),
    );
    const result = await router.dispatch('catalog.load', {});
    expect(result).toEqual({ ok: false, error: { code: 'catalog_unreadable', message: 'disk gone', params: { folder: 'catalog' } } });
    expect(log).toEqual([]);
  });

  it('turns any other error, thrown or rejected, into internal and logs it', async () => {
    const log: string[] = [];
    const router = createRouter(
      handlersWith({
        'app.info': () => {
          throw new Error('boom');
        },
        'catalog.load': () => Promise.reject(new TypeError('async boom')),
      }),
      (l) => log.push(l),
    );
    expect(await router.dispatch('app.info', {})).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(await router.dispatch('catalog.load', {})).toEqual({ ok: false, error: { code: 'internal', message: 'async boom' } });
    expect(log).toHaveLength(2);
    expect(log[0]).toContain('rpc app.info failed');
  });
});

// ---------- static files ----------

describe('resolveStaticPath', () => {
  const root = path.resolve('/srv/renderer');

  it('maps paths under the root onto files', () => {
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveStaticPath(root, '/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/fonts/%E5%AD%97.ttf')).toBe(path.join(root, 'fonts', '字.ttf'));
  });

  it('serves index.html for the root and for extension-less routes', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/inspections/123')).toBe(path.join(root, 'index.html'));
  });

  it('refuses anything that escapes the root', () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/a/../../etc/passwd', '/..%2fpackage.json', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd']) {
      expect(resolveStaticPath(root, p), p).toBeNull();
    }
  });

  it('refuses backslashes, NUL and malformed escapes', () => {
    expect(resolveStaticPath(root, '/..%5cpackage.json')).toBeNull();
    expect(resolveStaticPath(root, '/index.html%00.png')).toBeNull();
    expect(resolveStaticPath(root, '/%E0%A4%A')).toBeNull();
  });

  it('does not let a sibling folder with the same prefix pass as the root', () => {
    expect(resolveStaticPath(root, '/../renderer-secrets/key.pem')).toBeNull();
  });

  it('keeps dot segments that stay inside the root', () => {
    expect(resolveStaticPath(root, '/assets/../favicon.ico')).toBe(path.join(root, 'favicon.ico'));
  });

  it('knows the content types it serves', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/app.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/blob.bin')).toBe('application/octet-stream');
  });
});

// ---------- loopback host ----------

describe('startHost over HTTP on 127.0.0.1', () => {
  let host: RunningHost;
  let rendererDir: string;

  beforeAll(async () => {
    const parent = await tempDir('xunjian-host-');
    rendererDir = path.join(parent, 'renderer');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>x</title></head><body></body></html>');
    await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
    // A file beside the renderer folder that must never be served.
    await writeFile(path.join(parent, 'package.json'), '{"secret":true}');
    host = await startHost({ router: createRouter(createHandlers(context())), rendererDir, maxBodyBytes: 1024 });
  });

  afterAll(async () => {
    await host?.close();
  });

  it('listens on 127.0.0.1 with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses an RPC call without the token', async () => {
    const reply = await rpc(host, 'app.info', {}, null);
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('refuses an RPC call with a wrong token of the same length', async () => {
    const wrong = host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A');
    expect((await rpc(host, 'app.info', {}, wrong)).status).toBe(401);
  });

  it('answers an RPC call with the token', async () => {
    const reply = await rpc(host, 'app.info', {});
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { version: '9.9.9', shell: 'web', dataDir: '/tmp/xunjian-data' } });
  });

  it('passes router errors through as JSON', async () => {
    expect(JSON.parse((await rpc(host, 'app.info', { extra: 1 })).body)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(JSON.parse((await rpc(host, 'nope', {})).body)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses a body that is not JSON', async () => {
    const reply = await request(host.url, { method: 'POST', path: '/rpc/app.info', headers: { [TOKEN_HEADER]: host.token }, body: '{nope' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'bad_input' } });
  });

  it('refuses RPC over GET', async () => {
    expect((await request(host.url, { path: '/rpc/app.info', headers: { [TOKEN_HEADER]: host.token } })).status).toBe(405);
  });

  it('refuses requests for any other Host (DNS rebinding)', async () => {
    const port = new URL(host.url).port;
    for (const hostHeader of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1']) {
      const reply = await request(host.url, { path: '/index.html', headers: { host: hostHeader } });
      expect(reply.status, hostHeader).toBe(421);
    }
    const rpcReply = await request(host.url, {
      method: 'POST',
      path: '/rpc/app.info',
      headers: { host: `evil.example:${port}`, [TOKEN_HEADER]: host.token },
      body: '{}',
    });
    expect(rpcReply.status).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/assets/../../package.json', '/%2e%2e%2fpackage.json']) {
      const reply = await request(host.url, { path: p });
      expect(reply.body, p).not.toContain('secret');
      expect([400, 404], p).toContain(reply.status);
    }
    expect((await request(host.url, { path: '/%2e%2e/package.json' })).status).toBe(404);
  });

  it('serves index.html with the token meta and a content security policy', async () => {
    for (const p of ['/', '/index.html', '/some/route']) {
      const reply = await request(host.url, { path: p });
      expect(reply.status, p).toBe(200);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(reply.body).toContain(`<head><meta name="xunjian-token" content="${host.token}">`);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('serves other files as they are, without the token', async () => {
    const reply = await request(host.url, { path: '/assets/app.js' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.body).toBe('console.log(1);');
  });

  it('answers 404 for a missing file and 405 for a write to a file', async () => {
    expect((await request(host.url, { path: '/assets/missing.js' })).status).toBe(404);
    expect((await request(host.url, { method: 'PUT', path: '/index.html', body: 'x' })).status).toBe(405);
  });

  it('refuses a body over maxBodyBytes with 413', async () => {
    const reply = await rpc(host, 'app.info', { pad: 'x'.repeat(4096) });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    // Also when the body arrives in many chunks.
    expect((await rpc(host, 'app.info', { pad: 'x'.repeat(2 * 1024 * 1024) })).status).toBe(413);
    // The host keeps serving afterwards.
    expect((await rpc(host, 'app.info', {})).status).toBe(200);
  });
});

describe('startHost lifecycle', () => {
  let host: RunningHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('gives every run its own token and stops listening on close', async () => {
    const dir = await tempDir('xunjian-host2-');
    await writeFile(path.join(dir, 'index.html'), '<head></head>');
    const router = createRouter(createHandlers(context()));
    host = await startHost({ router, rendererDir: dir });
    const other = await startHost({ router, rendererDir: dir });
    expect(other.token).not.toBe(host.token);
    const url = other.url;
    await other.close();
    await expect(request(url, { path: '/' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
