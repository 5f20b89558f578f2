/**
 * Serves the benchmark page on 127.0.0.1: IndexedDB needs a real origin, and a fixed loopback one
 * keeps the database in the profile like the app's. Two paths, nothing else.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const HTML = '<!doctype html><meta charset="utf-8"><title>Xunjian store benchmark</title><script type="module" src="/page.js"></script>';

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

export async function servePage(script: string): Promise<PageServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const body = path === '/' ? HTML : path === '/page.js' ? script : undefined;
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': path === '/' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
