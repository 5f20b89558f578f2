/**
 * Issue 10 §5 on the office side: HTTPS with a certificate from the office's own CA for the
 * names the admin gives (kept in the data folder, key 0600, renewed before it expires), and
 * rate limits that count the real client behind a trusted proxy — and only behind a trusted one.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { http } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { httpsRequest, tlsOutcome } from './helpers/tls';

const DAY = 24 * 60 * 60 * 1000;
const folders: string[] = [];
afterAll(async () => {
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xunjian-tls-'));
  folders.push(dir);
  return dir;
}

const serialOf = async (office: TestOffice, ca: string): Promise<string> => (await httpsRequest(`${office.url}${paths.office}`, { ca })).certificate.serialNumber;

describe('the office serves HTTPS itself', () => {
  it('with a server certificate from its own CA for the names it was given, kept in the data folder', async () => {
    const dataDir = await dataFolder();
    const office = await startTestOffice({ dataDir, tls: { names: ['127.0.0.1', 'localhost', '::1'] } });
    try {
      expect(office.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = await readFile(path.join(dataDir, 'keys', 'ca-cert.pem'), 'utf8');
      const answer = await httpsRequest(`${office.url}${paths.office}`, { ca });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ officeId: office.ctx.office.id });

      const served = new X509Certificate(answer.certificate.raw);
      expect(served.checkIssued(new X509Certificate(ca))).toBe(true);
      expect(served.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost, IP Address:0:0:0:0:0:0:0:1');
      expect(answer.certificate.ext_key_usage).toEqual(['1.3.6.1.5.5.7.3.1']);
      // About a year, and the chain is sent so a client holding only the CA can verify it.
      expect(new Date(served.validTo).getTime() - Date.now()).toBeGreaterThan(360 * DAY);
      expect(answer.certificate.issuerCertificate.fingerprint256).toBe(new X509Certificate(ca).fingerprint256);

      // The files: the key readable by the office's user only.
      expect((await stat(path.join(dataDir, 'tls', 'server-key.pem'))).mode & 0o777).toBe(0o600);
      expect(new X509Certificate(await readFile(path.join(dataDir, 'tls', 'server-cert.pem'))).serialNumber).toBe(served.serialNumber);

      // A client that trusts only the system store refuses it; the wrong name is refused too.
      expect(await tlsOutcome(`${office.url}${paths.office}`)).toBe('SELF_SIGNED_CERT_IN_CHAIN');
      expect(await tlsOutcome(`${office.url}${paths.office}`, ca, 'office.lan')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    } finally {
      await office.close();
    }
  });

  it('keeps the certificate while it fits, and issues a new one for other names or 30 days before it expires', async () => {
    const dataDir = await dataFolder();
    // Office clocks in the past, so that every certificate issued is also valid by this machine's clock.
    const start = Date.now() - 340 * DAY;
    const run = async (names: string[], at: number): Promise<X509Certificate> => {
      const office = await startTestOffice({ dataDir, tls: { names }, now: () => new Date(at) });
      try {
        const ca = await readFile(path.join(dataDir, 'keys', 'ca-cert.pem'), 'utf8');
        const served = new X509Certificate((await httpsRequest(`${office.url}${paths.office}`, { ca })).certificate.raw);
        expect(new X509Certificate(await readFile(path.join(dataDir, 'tls', 'server-cert.pem'))).serialNumber).toBe(served.serialNumber);
        return served;
      } finally {
        await office.close();
      }
    };
    const first = await run(['127.0.0.1'], start);
    expect((await run(['127.0.0.1'], start + 2 * DAY)).serialNumber).toBe(first.serialNumber);
    const renamed = await run(['127.0.0.1', 'office.lan'], start + 2 * DAY);
    expect(renamed.serialNumber).not.toBe(first.serialNumber);
    expect(renamed.subjectAltName).toBe('IP Address:127.0.0.1, DNS:office.lan');
    // 338 days after it was issued: 27 days left, so a new one.
    const renewed = await run(['127.0.0.1', 'office.lan'], start + 340 * DAY);
    expect(renewed.serialNumber).not.toBe(renamed.serialNumber);
    expect(Date.parse(renewed.validTo)).toBeGreaterThan(Date.now() + 360 * DAY);
  });

  it('renews the certificate while running, without a restart', async () => {
    let clock = Date.now() - 340 * DAY;
    const dataDir = await dataFolder();
    const office = await startTestOffice({ dataDir, tls: { names: ['127.0.0.1'], renewCheckMs: 100 }, now: () => new Date(clock) });
    try {
      const ca = await readFile(path.join(dataDir, 'keys', 'ca-cert.pem'), 'utf8');
      const before = await serialOf(office, ca);
      clock += 340 * DAY;
      await expect.poll(() => serialOf(office, ca), { timeout: 20_000 }).not.toBe(before);
      expect((await httpsRequest(`${office.url}${paths.office}`, { ca })).status).toBe(200);
    } finally {
      await office.close();
    }
  });
});

/** Five enrollment attempts from `forwardedFor` (as a proxy would name the client): the statuses. */
async function attempts(office: TestOffice, forwardedFor: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await http(`${office.url}${paths.enroll}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ code: 'AAAA-BBBB-CCCC-DDDD', csrPem: 'x'.repeat(200), deviceName: 'probe' }),
    });
    statuses.push(answer.status);
  }
  return statuses;
}

describe('rate limits behind a proxy', () => {
  it('count the client a trusted proxy names', async () => {
    const office = await startTestOffice({ trustProxy: ['127.0.0.1'], rateLimits: { enroll: { max: 2, windowMs: 60_000 } } });
    try {
      expect(await attempts(office, '198.51.100.7', 3)).toEqual([422, 422, 429]);
      // Another hospital behind the same proxy is not held back by the first.
      expect(await attempts(office, '198.51.100.8', 1)).toEqual([422]);
      const audited = await office.ctx.store.listAudit({ limit: 10, action: 'device.enroll' });
      expect(new Set(audited.map((a) => a.ip))).toEqual(new Set(['198.51.100.7', '198.51.100.8']));
    } finally {
      await office.close();
    }
  });

  it('ignore X-Forwarded-For from an address that is not a trusted proxy', async () => {
    const office = await startTestOffice({ trustProxy: ['10.9.9.9'], rateLimits: { enroll: { max: 2, windowMs: 60_000 } } });
    try {
      // A client that claims a new address each time is still one client.
      const statuses = [...(await attempts(office, '198.51.100.1', 1)), ...(await attempts(office, '198.51.100.2', 1)), ...(await attempts(office, '198.51.100.3', 1))];
      expect(statuses).toEqual([422, 422, 429]);
      const audited = await office.ctx.store.listAudit({ limit: 10, action: 'device.enroll' });
      expect(new Set(audited.map((a) => a.ip))).toEqual(new Set(['127.0.0.1']));
    } finally {
      await office.close();
    }
  });

  it('take a hop count: the address the nearest proxy saw', async () => {
    const office = await startTestOffice({ trustProxy: 1, rateLimits: { enroll: { max: 1, windowMs: 60_000 } } });
    try {
      // The client's own claim (203.0.113.66) is left of what the proxy appended; only the proxy's word counts.
      expect(await attempts(office, '203.0.113.66, 198.51.100.20', 2)).toEqual([422, 429]);
      expect(await attempts(office, '203.0.113.66, 198.51.100.21', 1)).toEqual([422]);
    } finally {
      await office.close();
    }
  });
});
