/**
 * An HTTP proxy between the device and the office that misbehaves on purpose. For each request a
 * plan function picks a fault: cut the connection halfway through the request body, let the office
 * do the work and then cut before the answer, delay the answer (below or beyond the client's
 * timeout), answer 500 itself, deliver the request to the office twice, or kill the office while
 * the body is halfway through. Every request body is buffered first, so each fault is exact.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'pass' }
  /** Half the body reaches the office, then both connections are destroyed. */
  | { kind: 'cut-request' }
  /** The office handles it in full; the device never hears the answer. */
  | { kind: 'cut-response' }
  | { kind: 'delay'; ms: number }
  | { kind: 'status-500' }
  /** The office receives the same request twice (concurrently or one after the other); the device gets the last answer. */
  | { kind: 'twice'; concurrent: boolean }
  /** Half the body reaches the office, then `kill` runs (the office process dies), and the connection is cut. */
  | { kind: 'kill' };

export interface ProxyRequest {
  seq: number;
  method: string;
  path: string;
  bytes: number;
}

export interface FaultProxy {
  url: string;
  /** How many times each fault was injected. */
  counts: Record<Fault['kind'], number>;
  setUpstream(port: number): void;
  close(): Promise<void>;
}

export interface ProxyOptions {
  upstreamPort: number;
  plan(request: ProxyRequest): Fault;
  /** Called for a 'kill' fault once half the body has reached the office. */
  kill(): Promise<void>;
}

/**
 * The random faults of a fault run, about 6% of requests: one draw of `random` per request, so a
 * seed replays the same faults. The long delay outlasts the client's timeout (`clientTimeoutMs`);
 * a doubled request goes concurrently or in turn by the parity of its draw.
 */
export function randomFaults(random: () => number, clientTimeoutMs: number): () => Fault {
  let faults = 0;
  return () => {
    const x = random();
    faults++;
    if (x < 0.012) return { kind: 'cut-request' };
    if (x < 0.024) return { kind: 'cut-response' };
    if (x < 0.034) return { kind: 'delay', ms: 150 };
    if (x < 0.0355) return { kind: 'delay', ms: clientTimeoutMs + 500 };
    if (x < 0.047) return { kind: 'status-500' };
    if (x < 0.06) return { kind: 'twice', concurrent: faults % 2 === 0 };
    return { kind: 'pass' };
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export async function startFaultProxy(options: ProxyOptions): Promise<FaultProxy> {
  let upstreamPort = options.upstreamPort;
  let seq = 0;
  const counts: FaultProxy['counts'] = { pass: 0, 'cut-request': 0, 'cut-response': 0, delay: 0, 'status-500': 0, twice: 0, kill: 0 };

  /** Sends the request upstream; `partial` stops after half the body and returns once that much is written. */
  function forward(req: IncomingMessage, body: Buffer, partial = false): { done: Promise<Upstream>; upstream: http.ClientRequest } {
    const headers = { ...req.headers, host: `127.0.0.1:${upstreamPort}`, 'content-length': String(body.length) };
    const upstream = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers, agent: false });
    const done = new Promise<Upstream>((resolve, reject) => {
      upstream.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      upstream.on('error', reject);
    });
    if (partial) upstream.write(body.subarray(0, Math.floor(body.length / 2)));
    else upstream.end(body);
    return { done, upstream };
  }

  function reply(res: ServerResponse, answer: Upstream): void {
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  }

  /** The office is down (killed, restarting): the device sees what a dead host gives, a refused or reset connection. */
  const unreachable = (res: ServerResponse): void => void res.socket?.destroy();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const request: ProxyRequest = { seq: seq++, method: req.method ?? 'GET', path: req.url ?? '/', bytes: body.length };
    const fault = options.plan(request);
    counts[fault.kind]++;
    switch (fault.kind) {
      case 'pass':
        return reply(res, await forward(req, body).done);
      case 'delay': {
        const answer = await forward(req, body).done;
        await new Promise((r) => setTimeout(r, fault.ms));
        if (!res.destroyed) reply(res, answer);
        return;
      }
      case 'status-500':
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'internal', message: 'injected by the fault proxy' } }));
        return;
      case 'cut-response':
        await forward(req, body).done.catch(() => undefined);
        return unreachable(res);
      case 'twice': {
        if (fault.concurrent) {
          const [, second] = await Promise.allSettled([forward(req, body).done, forward(req, body).done]);
          if (second.status === 'fulfilled') return reply(res, second.value);
          return unreachable(res);
        }
        await forward(req, body).done;
        return reply(res, await forward(req, body).done);
      }
      case 'cut-request':
      case 'kill': {
        const { upstream, done } = forward(req, body, true);
        done.catch(() => undefined);
        // Let the half body reach the office before the cut.
        await new Promise((r) => setTimeout(r, 30));
        if (fault.kind === 'kill') await options.kill();
        upstream.destroy();
        return unreachable(res);
      }
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => unreachable(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setUpstream: (p) => (upstreamPort = p),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
