/**
 * One keep-alive connection to the office, as a client that reuses its socket sees it: every
 * request waits for the one socket, so a body the office left unread makes the next request hang.
 * Each request gives up after `timeoutMs` and says so, instead of hanging the test.
 */
import http from 'node:http';

export interface KeepAliveAnswer {
  status: number;
  body: string;
  /** Whether the request went over the socket an earlier request used. */
  reusedSocket: boolean;
}

export interface KeepAliveRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent with a Content-Length, or chunked (no length) when `chunked` is set. */
  body?: Buffer;
  chunked?: boolean;
}

export interface KeepAliveClient {
  request(r: KeepAliveRequest): Promise<KeepAliveAnswer>;
  close(): void;
}

export function keepAliveClient(baseUrl: string, timeoutMs = 10_000): KeepAliveClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    request({ method, path, headers = {}, body, chunked }) {
      return new Promise((resolve, reject) => {
        const lengthHeader: Record<string, string> = body && !chunked ? { 'content-length': String(body.length) } : {};
        const req = http.request(new URL(path, baseUrl), { method, agent, headers: { ...lengthHeader, ...headers } });
        const timer = setTimeout(() => {
          req.destroy();
          reject(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), reusedSocket: req.reusedSocket });
          });
        });
        req.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        if (body && chunked) {
          // Several writes without a length: the office learns the size only while reading.
          const step = 64 * 1024;
          for (let at = 0; at < body.length; at += step) req.write(body.subarray(at, at + step));
        } else if (body) req.write(body);
        req.end();
      });
    },
    close: () => agent.destroy(),
  };
}
