/**
 * The office transport under Electron (src-main/electron/net-transport.ts) with the real office
 * client, against local HTTPS servers and a Chromium-like session (tests/helpers/fake-net-session.ts):
 * one in-memory partition per trust and per CA with its verify procedure installed once; a pinned
 * CA that refuses every other certificate — also when Chromium answers from its verdict cache;
 * http:// only for the system trust; Chromium's errors read as "untrusted" or "unavailable" as
 * Node's were; timeouts and the office's Date still reach the client.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueServerCertificate } from '../../src-server/ca/certificates';
import { officeClient, OfficeError } from '../../src-main/sync/office-client';
import type { OfficeTrust } from '../../src-main/sync/office-transport';
import { electronOfficeTransport, partitionFor, type SessionModule } from '../../src-main/electron/net-transport';
import { fakeSessionModule } from '../helpers/fake-net-session';
import { keyPair, newCa, type Ca } from '../helpers/test-ca';


const OFFICE_DATE = 'Tue, 03 Mar 2026 04:05:06 GMT';
const servers: (http.Server | https.Server)[] = [];
let officeCa: Ca;
let rogueCa: Ca;
const urls = { office: '', rogue: '', plain: '', silent: '', redirect: '' };

/** Answers /api/v1/blobs/missing like the office, with its Date; `/silent…` never answers. */
const handler: http.RequestListener = (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url?.startsWith('/silent')) return;
    if (req.url?.startsWith('/moved')) {
      res.writeHead(302, { location: '/elsewhere' });
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json', date: OFFICE_DATE});
    res.end(JSON.stringify({ missing: (JSON.parse(Buffer.concat(chunks).toString() || '{"sha256":[]}') as { sha256: string[] }).sha256 }));
  });
};

async function listen(server: http.Server | https.Server, scheme: 'http' | 'https'): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  officeCa = newCa();
  rogueCa = newCa();
  const key = keyPair();
  const cert = (ca: Ca) => `${issueServerCertificate(ca, key.publicKeyPem, [{ ip: '127.0.0.1' }], { commonName: '127.0.0.1', organization: 'Xunjian' }, new Date(), 30).pem}\n${ca.certificatePem}`;
  urls.office = await listen(https.createServer({ key: key.keyPem, cert: cert(officeCa) }, handler), 'https');
  urls.rogue = await listen(https.createServer({ key: key.keyPem, cert: cert(rogueCa) }, handler), 'https');
  urls.plain = await listen(http.createServer(handler), 'http');
  urls.silent = `${urls.office}/silent`;
  urls.redirect = `${urls.office}/moved`;
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

const pinned = (ca: Ca = officeCa): OfficeTrust => ({ mode: 'office-ca', caCertificatePem: ca.certificatePem });

function setup(options: { systemRoots?: string[] } = {}) {
  const fake = fakeSessionModule(options);
  const lines: string[] = [];
  const transport = electronOfficeTransport({ session: fake.module, log: (l) => lines.push(l) });
  const times: Date[] = [];
  const client = (url: string, trust: OfficeTrust, timeoutMs = 10_000) =>
    officeClient({ baseUrl: url, token: 't', fetch: transport.fetch(trust), timeoutMs, onOfficeTime: (t) => times.push(t) });
  return { ...fake, transport, client, lines, times };
}

async function failure(promise: Promise<unknown>): Promise<OfficeError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OfficeError);
  return error as OfficeError;
}

describe('the office transport through Chromium sessions', () => {
  it('speaks the protocol pinned to the office CA, and the office’s Date reaches the client', async () => {
    const { client, times } = setup();
    expect(await client(urls.office, pinned()).missingBlobs(['a'.repeat(64)])).toEqual({ missing: ['a'.repeat(64)] });
    expect(times.map((t) => t.toUTCString())).toEqual([OFFICE_DATE]);
  });

  it('refuses a server of another CA as untrusted, again when Chromium answers from its cache, and logs why', async () => {
    const { client, partitions, lines } = setup();
    for (let i = 0; i < 2; i++) {
      const refused = await failure(client(urls.rogue, pinned()).missingBlobs([]));
      expect(refused).toMatchObject({ kind: 'refused', status: 0, code: 'office_untrusted' });
      expect(refused.message).toContain('ERR_OFFICE_CERT_REFUSED');
    }
    // The second refusal came from the verdict cache: the procedure was asked once.
    expect(partitions.get(partitionFor(pinned()))!.asked).toEqual(['127.0.0.1']);
    expect(lines).toEqual(['office certificate of 127.0.0.1 refused: not issued by the office CA pinned at enrollment']);
    // The genuine office on the same host still passes.
    expect(await client(urls.office, pinned()).missingBlobs([])).toMatchObject({ missing: [] });
  });

  it('system trust: leaves the verdict to Chromium and the OS store', async () => {
    const bare = setup();
    const refused = await failure(bare.client(urls.office, { mode: 'system' }).missingBlobs([]));
    expect(refused).toMatchObject({ kind: 'refused', code: 'office_untrusted' });
    expect(refused.message).toContain('ERR_CERT_AUTHORITY_INVALID');
    // A hospital that installed the office's CA (or its TLS proxy's) in Windows' store.
    const installed = setup({ systemRoots: [officeCa.certificatePem] });
    expect(await installed.client(urls.office, { mode: 'system' }).missingBlobs([])).toMatchObject({ missing: [] });
    expect(await failure(installed.client(urls.rogue, { mode: 'system' }).missingBlobs([]))).toMatchObject({ code: 'office_untrusted' });
  });

  it('first contact accepts any certificate, in a session of its own: its verdicts never reach the pinned one', async () => {
    const { client, partitions } = setup();
    expect(await client(urls.rogue, { mode: 'first-contact' }).missingBlobs([])).toMatchObject({ missing: [] });
    expect(await failure(client(urls.rogue, pinned()).missingBlobs([]))).toMatchObject({ code: 'office_untrusted' });
    expect([...partitions.keys()]).toEqual(['office-first-contact', partitionFor(pinned())]);
  });

  it('plain http:// only with the system trust: a pinned or first-contact call is refused before anything is sent', async () => {
    const { client, partitions } = setup();
    expect(await client(urls.plain, { mode: 'system' }).missingBlobs([])).toMatchObject({ missing: [] });
    for (const trust of [pinned(), { mode: 'first-contact' } as const]) {
      const refused = await failure(client(urls.plain, trust).missingBlobs([]));
      expect(refused).toMatchObject({ kind: 'refused', code: 'office_untrusted' });
      expect(refused.message).toContain('ERR_OFFICE_NOT_HTTPS');
    }
    expect([...partitions.keys()]).toEqual(['office-system']);
  });

  it('keeps one in-memory session per trust and per CA, its procedure installed once; no cookies, no custom protocols', async () => {
    const { client, partitions } = setup();
    for (let i = 0; i < 3; i++) {
      await client(urls.office, pinned()).missingBlobs([]);
      await client(urls.rogue, pinned(rogueCa)).missingBlobs([]);
      await client(urls.rogue, { mode: 'first-contact' }).missingBlobs([]);
      await client(urls.plain, { mode: 'system' }).missingBlobs([]);
    }
    const names = [...partitions.keys()];
    expect(names).toHaveLength(4);
    expect(new Set(names)).toEqual(new Set(['office-system', 'office-first-contact', partitionFor(pinned()), partitionFor(pinned(rogueCa))]));
    expect(partitionFor(pinned())).toMatch(/^office-ca-[0-9a-f]{64}$/);
    expect(partitionFor(pinned())).not.toBe(partitionFor(pinned(rogueCa)));
    // The same CA written with other line breaks is the same pin.
    expect(partitionFor({ mode: 'office-ca', caCertificatePem: officeCa.certificatePem.replace(/\n/g, '\r\n') })).toBe(partitionFor(pinned()));
    for (const session of partitions.values()) {
      expect(session.partition.startsWith('persist:')).toBe(false);
      expect(session.options).toEqual({ cache: false });
      expect(session.procInstalls).toBe(1);
      expect(session.requests).toHaveLength(3);
      for (const { init } of session.requests) expect(init).toMatchObject({ credentials: 'omit', bypassCustomProtocolHandlers: true, redirect: 'error' });
    }
  });

  it('makes no session before the first request (Electron refuses them before ready)', () => {
    const made: string[] = [];
    const session: SessionModule = {
      fromPartition: (name) => {
        made.push(name);
        throw new Error('not ready');
      },
    };
    const transport = electronOfficeTransport({ session, log: () => {} });
    transport.fetch({ mode: 'system' });
    transport.fetch(pinned());
    expect(made).toEqual([]);
  });

  it('times out on silence and refuses a redirect, as the Node transport did', async () => {
    const { client } = setup();
    expect(await failure(client(urls.silent, pinned(), 300).missingBlobs([]))).toMatchObject({ kind: 'unavailable', code: 'timeout' });
    const moved = await failure(client(urls.redirect, pinned()).missingBlobs([]));
    expect(moved).toMatchObject({ kind: 'unavailable', code: 'network' });
    expect(moved.message).toContain('ERR_REDIRECT');
  });

  it('reads a closed port as a network failure, retried later', async () => {
    const closed = https.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const { client } = setup();
    const down = await failure(client(`https://127.0.0.1:${port}`, pinned()).missingBlobs([]));
    expect(down).toMatchObject({ kind: 'unavailable', code: 'network' });
    expect(down.message).toContain('ERR_CONNECTION_REFUSED');
  });
});

describe('Chromium’s errors as the office client reads them', () => {
  /** A session whose every request fails with `error`, as Electron's URL loader reports it. */
  function failingWith(error: Error) {
    const session: SessionModule = {
      fromPartition: () => ({ setCertificateVerifyProc: () => {}, fetch: () => Promise.reject(error) }),
    };
    const transport = electronOfficeTransport({ session, log: () => {} });
    return officeClient({ baseUrl: 'https://office.example.cn', token: 't', fetch: transport.fetch(pinned()) }).missingBlobs([]);
  }

  const table: [message: string, kind: 'refused' | 'unavailable', code: string, detail: string][] = [
    ['net::ERR_CERT_AUTHORITY_INVALID', 'refused', 'office_untrusted', 'ERR_CERT_AUTHORITY_INVALID'],
    ['net::ERR_CERT_COMMON_NAME_INVALID', 'refused', 'office_untrusted', 'ERR_CERT_COMMON_NAME_INVALID'],
    ['net::ERR_CERT_DATE_INVALID', 'refused', 'office_untrusted', 'ERR_CERT_DATE_INVALID'],
    ['net::ERR_CERT_REVOKED', 'refused', 'office_untrusted', 'ERR_CERT_REVOKED'],
    // A verdict the client does not list by name is a verdict still.
    ['net::ERR_CERT_SYMANTEC_LEGACY', 'refused', 'office_untrusted', 'CERT_UNTRUSTED'],
    // The store changed under a running request: try again, nothing to tell the engineer.
    ['net::ERR_CERT_DATABASE_CHANGED', 'unavailable', 'network', 'ERR_CERT_DATABASE_CHANGED'],
    ['net::ERR_CONNECTION_REFUSED', 'unavailable', 'network', 'ERR_CONNECTION_REFUSED'],
    ['net::ERR_CONNECTION_RESET', 'unavailable', 'network', 'ERR_CONNECTION_RESET'],
    ['net::ERR_NAME_NOT_RESOLVED', 'unavailable', 'network', 'ERR_NAME_NOT_RESOLVED'],
    ['net::ERR_PROXY_CONNECTION_FAILED', 'unavailable', 'network', 'ERR_PROXY_CONNECTION_FAILED'],
    ['net::ERR_TUNNEL_CONNECTION_FAILED', 'unavailable', 'network', 'ERR_TUNNEL_CONNECTION_FAILED'],
    ['net::ERR_TIMED_OUT', 'unavailable', 'network', 'ERR_TIMED_OUT'],
    ['net::ERR_INTERNET_DISCONNECTED', 'unavailable', 'network', 'ERR_INTERNET_DISCONNECTED'],
    ['net::ERR_UNSAFE_PORT', 'unavailable', 'network', 'ERR_UNSAFE_PORT'],
    // A bare ERR_FAILED when no certificate of the host was refused: not a verdict.
    ['net::ERR_FAILED', 'unavailable', 'network', 'ERR_FAILED'],
    ["Attempted to redirect, but redirect policy was 'error'", 'unavailable', 'network', 'ERR_REDIRECT'],
  ];

  it.each(table)('%s → %s %s', async (message, kind, code, detail) => {
    const error = await failure(failingWith(new Error(message)));
    expect(error).toMatchObject({ kind, status: 0, code });
    expect(error.message).toContain(detail);
    // The same when an Electron version wraps it in a TypeError, as fetch errors often are.
    expect(await failure(failingWith(new TypeError(message)))).toMatchObject({ kind, code });
  });

  it('passes an abort through, so the client reports its timeout', async () => {
    const error = await failure(failingWith(new DOMException('The operation was aborted due to timeout', 'TimeoutError')));
    expect(error).toMatchObject({ kind: 'unavailable', code: 'timeout' });
  });
});
