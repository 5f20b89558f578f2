/**
 * The main process's office client against a small HTTP server that answers what real networks
 * answer: the protocol, a refusal, a 5xx, a rate limit, a captive portal's 200 page, silence, and
 * no server at all — and how each becomes the RPC error the engine acts on.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeClient, OfficeError } from '../../src-main/sync/office-client';
import { asRpcFailure } from '../../src-main/sync/office-errors';
import { RpcFailure } from '../../src-shared/rpc/result';

let server: http.Server;
let base: string;
const seen: { method: string; url: string; auth?: string; type?: string; bytes: number }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, type: req.headers['content-type'], bytes: Buffer.concat(chunks).length });
      const json = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/ok/api/v1/blobs/missing') return json(200, { missing: ['a'.repeat(64)] });
      if (req.url === '/refuse/api/v1/blobs/missing') return json(409, { error: { code: 'report_conflict', message: 'already received' } });
      if (req.url === '/down/api/v1/blobs/missing') return json(503, { error: { code: 'internal', message: 'down' } });
      if (req.url?.startsWith('/down/api/v1/reference')) return json(503, { error: { code: 'internal', message: 'down' } });
      if (req.url === '/busy/api/v1/blobs/missing') return json(429, { error: { code: 'rate_limited', message: 'slow down' } });
      if (req.url === '/portal/api/v1/blobs/missing') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>请先登录医院无线网络</html>');
      }
      if (req.url?.startsWith('/ok/api/v1/blobs/')) return json(201, { sha256: req.url.slice(-64), size: Buffer.concat(chunks).length, created: true });
      // '/silent': never answers.
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const failure = async (promise: Promise<unknown>): Promise<OfficeError> => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OfficeError);
  return error as OfficeError;
};

describe('office client', () => {
  it('sends the token and the bytes, and checks the answer against the protocol', async () => {
    const client = officeClient({ baseUrl: `${base}/ok/`, token: 'T0KEN' });
    expect(await client.missingBlobs(['b'.repeat(64)])).toEqual({ missing: ['a'.repeat(64)] });
    const put = await client.putBlob('c'.repeat(64), new Uint8Array(1000));
    expect(put).toMatchObject({ created: true, size: 1000 });
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', auth: 'Bearer T0KEN', type: 'application/octet-stream', bytes: 1000 });
  });

  it('tells a refusal (the engineer must look) from unavailability (try later)', async () => {
    const refused = await failure(officeClient({ baseUrl: `${base}/refuse`, token: 't' }).missingBlobs([]));
    expect(refused).toMatchObject({ kind: 'refused', status: 409, code: 'report_conflict' });
    expect(await failure(officeClient({ baseUrl: `${base}/down`, token: 't' }).missingBlobs([]))).toMatchObject({ kind: 'unavailable', status: 503 });
    expect(await failure(officeClient({ baseUrl: `${base}/busy`, token: 't' }).missingBlobs([]))).toMatchObject({ kind: 'unavailable', status: 429 });
    const portal = await failure(officeClient({ baseUrl: `${base}/portal`, token: 't' }).missingBlobs([]));
    expect(portal).toMatchObject({ kind: 'unavailable', code: 'bad_answer' });
    const silent = await failure(officeClient({ baseUrl: `${base}/silent`, token: 't', timeoutMs: 200 }).missingBlobs([]));
    expect(silent).toMatchObject({ kind: 'unavailable', status: 0, code: 'timeout' });
    const nobody = await failure(officeClient({ baseUrl: 'http://127.0.0.1:9', token: 't' }).missingBlobs([]));
    expect(nobody).toMatchObject({ kind: 'unavailable', status: 0, code: 'network' });
    expect(await failure(officeClient({ baseUrl: base }).missingBlobs([]))).toMatchObject({ code: 'not_enrolled' });
  });

  it('names the request in its messages without the query (a pull cursor is a long base64 blob)', async () => {
    const cursor = Buffer.from(JSON.stringify({ o: 1234, t: 'reference' })).toString('base64url');
    const down = await failure(officeClient({ baseUrl: `${base}/down`, token: 't' }).pull(cursor, 200));
    expect(seen.at(-1)?.url).toContain(`cursor=${cursor}`);
    expect(down.message).toBe('GET /api/v1/reference: 503 down');
    const silent = await failure(officeClient({ baseUrl: `${base}/silent`, token: 't', timeoutMs: 200 }).pull(cursor, 200));
    expect(silent.message).toBe('GET /api/v1/reference: no answer within 200 ms');
    const nobody = await failure(officeClient({ baseUrl: 'http://127.0.0.1:9', token: 't' }).pull(cursor, undefined));
    expect(nobody.message).toMatch(/^GET \/api\/v1\/reference: [^?]+$/);
  });

  it('maps office failures to RPC errors carrying status and office code', () => {
    const refused = asRpcFailure(new OfficeError('refused', 403, 'forbidden', 'not your hospital')) as RpcFailure;
    expect(refused).toBeInstanceOf(RpcFailure);
    expect(refused).toMatchObject({ code: 'office_refused', params: { status: 403, officeCode: 'forbidden' } });
    expect(asRpcFailure(new OfficeError('unavailable', 0, 'timeout', 'slow'))).toMatchObject({ code: 'office_unavailable', params: { status: 0, officeCode: 'timeout' } });
    expect(asRpcFailure(new OfficeError('refused', 0, 'not_enrolled', 'no token'))).toMatchObject({ code: 'not_enrolled' });
    const other = new Error('x');
    expect(asRpcFailure(other)).toBe(other);
  });
});
