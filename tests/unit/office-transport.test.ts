/**
 * The device's office transport (src-main/sync/office-transport.ts) with the real office client
 * against local HTTPS servers: a pinned CA accepts only a server certificate it issued for this
 * address and for a server, never one from another CA or a device certificate of the same CA;
 * the system store knows none of them; a dropped kept-alive connection is retried once.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDeviceCertificate, issueServerCertificate } from '../../src-server/ca/certificates';
import { officeClient, OfficeError } from '../../src-main/sync/office-client';
import { httpsFetch, nodeOfficeTransport, type OfficeTrust } from '../../src-main/sync/office-transport';
import { keyPair, newCa, type Ca } from '../helpers/test-ca';


/** A certificate of `ca` for 127.0.0.1 with no extended key usage: what the pin must refuse. */
function noPurposeCertificate(ca: Ca, publicKeyPem: string): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ shortName: 'CN', value: '127.0.0.1' }]);
  cert.setIssuer(forge.pki.certificateFromPem(ca.certificatePem).subject.attributes);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

const servers: https.Server[] = [];
let officeCa: Ca;
const urls: Record<'office' | 'rogue' | 'device' | 'noPurpose' | 'dropping', string> = { office: '', rogue: '', device: '', noPurpose: '', dropping: '' };

async function serve(ca: Ca, certificatePem: string, keyPem: string, dropSecondRequest = false): Promise<string> {
  const server = https.createServer({ key: keyPem, cert: `${certificatePem}\n${ca.certificatePem}` }, (req, res) => {
    const socket = req.socket as typeof req.socket & { served?: number };
    socket.served = (socket.served ?? 0) + 1;
    // As an office restarting or a NAT forgetting the connection: the next request on it dies unanswered.
    if (dropSecondRequest && socket.served === 2) return void socket.destroy();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/api/v1/blobs/missing') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ missing: (JSON.parse(Buffer.concat(chunks).toString()) as { sha256: string[] }).sha256 }));
      }
      if (req.url?.startsWith('/api/v1/blobs/')) {
        res.writeHead(201, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ sha256: req.url.slice(-64), size: Buffer.concat(chunks).length, created: true }));
      }
      // '/silent…': never answers.
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  officeCa = newCa();
  const rogueCa = newCa();
  const key = keyPair();
  const forServer = (ca: Ca) => issueServerCertificate(ca, key.publicKeyPem, [{ ip: '127.0.0.1' }], { commonName: '127.0.0.1', organization: 'Xunjian' }, new Date(), 30).pem;
  urls.office = await serve(officeCa, forServer(officeCa), key.keyPem);
  urls.rogue = await serve(rogueCa, forServer(rogueCa), key.keyPem);
  // An engineer's device certificate from the office's own CA, used as a server certificate.
  urls.device = await serve(officeCa, issueDeviceCertificate(officeCa, key.publicKeyPem, { commonName: '127.0.0.1', organization: 'Xunjian' }, new Date()).pem, key.keyPem);
  urls.noPurpose = await serve(officeCa, noPurposeCertificate(officeCa, key.publicKeyPem), key.keyPem);
  urls.dropping = await serve(officeCa, forServer(officeCa), key.keyPem, true);
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

const transport = nodeOfficeTransport();
const pinned = (): OfficeTrust => ({ mode: 'office-ca', caCertificatePem: officeCa.certificatePem });
const client = (url: string, trust: OfficeTrust, timeoutMs = 10_000) => officeClient({ baseUrl: url, token: 't', fetch: transport.fetch(trust), timeoutMs });

async function failure(promise: Promise<unknown>): Promise<OfficeError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OfficeError);
  return error as OfficeError;
}

describe('office transport', () => {
  it('speaks the protocol over HTTPS pinned to the office CA: JSON and bytes', async () => {
    const office = client(urls.office, pinned());
    expect(await office.missingBlobs(['a'.repeat(64)])).toEqual({ missing: ['a'.repeat(64)] });
    const put = await office.putBlob('b'.repeat(64), new Uint8Array(300_000).fill(7));
    expect(put).toEqual({ sha256: 'b'.repeat(64), size: 300_000, created: true });
  });

  it('refuses, as untrusted, a certificate from another CA, a device certificate of the same CA, and one not meant for a server', async () => {
    for (const url of [urls.rogue, urls.device, urls.noPurpose]) {
      const refused = await failure(client(url, pinned()).missingBlobs([]));
      expect(refused, url).toMatchObject({ kind: 'refused', status: 0, code: 'office_untrusted' });
    }
    expect((await failure(client(urls.noPurpose, pinned()).missingBlobs([]))).message).toContain('ERR_OFFICE_CERT_PURPOSE');
    // A pinned office is HTTPS only.
    expect(await failure(client(urls.office.replace('https:', 'http:'), pinned()).missingBlobs([]))).toMatchObject({ code: 'office_untrusted' });
  });

  it('trusts the system store otherwise, which knows no office CA; the first contact verifies nothing', async () => {
    expect(await failure(client(urls.office, { mode: 'system' }).missingBlobs([]))).toMatchObject({ kind: 'refused', code: 'office_untrusted' });
    expect(await client(urls.rogue, { mode: 'first-contact' }).missingBlobs([])).toEqual({ missing: [] });
  });

  it('tries once more when a kept-alive connection was dropped, and still times out on silence', async () => {
    const office = client(urls.dropping, pinned());
    for (let i = 0; i < 4; i++) expect(await office.missingBlobs([])).toEqual({ missing: [] });
    const fetchOnce = httpsFetch(new https.Agent({ keepAlive: true, ca: officeCa.certificatePem }));
    const silent = await failure(officeClient({ baseUrl: `${urls.office}/silent`, token: 't', fetch: fetchOnce, timeoutMs: 200 }).missingBlobs([]));
    expect(silent).toMatchObject({ kind: 'unavailable', code: 'timeout' });
  });
});
