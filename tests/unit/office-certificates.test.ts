/**
 * The verdicts Chromium's sessions get for an office's server certificate
 * (src-main/electron/office-certificates.ts), on real certificates made by the office's own CA
 * code: the pinned CA accepts only a server certificate it issued, in its validity period, for
 * the host asked; `system` leaves the verdict to Chromium; `first-contact` accepts anything.
 */
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueDeviceCertificate, issueServerCertificate, type ServerName } from '../../src-server/ca/certificates';
import { officeCertificateVerifier, pinnedCertificateProblem, VERIFY, type CertificateRequest } from '../../src-main/electron/office-certificates';
import { keyPair, newCa, type Ca } from '../helpers/test-ca';


/**
 * A certificate of `ca` for 127.0.0.1 meant for clients only, as a device certificate would be
 * if it named the office's address: only its key usage can tell it from the office's.
 */
function clientOnlyCertificate(ca: Ca, publicKeyPem: string): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = '02';
  cert.validity.notBefore = new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ shortName: 'CN', value: '127.0.0.1' }]);
  cert.setIssuer(forge.pki.certificateFromPem(ca.certificatePem).subject.attributes);
  cert.setExtensions([
    { name: 'extKeyUsage', clientAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

const NOW = new Date();
const DAY = 24 * 60 * 60 * 1000;
const who = { commonName: 'office', organization: 'Xunjian' };
const LOCAL: ServerName[] = [{ ip: '127.0.0.1' }, { dns: 'localhost' }];

let office: Ca;
const certs = { server: '', device: '', clientOnly: '', otherHost: '', expired: '', otherCa: '' };
const request = (hostname: string, pem: string): CertificateRequest => ({ hostname, certificate: { data: pem } });

beforeAll(() => {
  office = newCa();
  const rogue = newCa(); // same name as the office's CA, another key
  const key = keyPair().publicKeyPem;
  certs.server = issueServerCertificate(office, key, LOCAL, who, NOW, 30).pem;
  certs.device = issueDeviceCertificate(office, key, { commonName: '127.0.0.1', organization: 'Xunjian' }, NOW).pem;
  certs.clientOnly = clientOnlyCertificate(office, key);
  certs.otherHost = issueServerCertificate(office, key, [{ dns: 'office.other-hospital.cn' }, { ip: '10.0.0.9' }], who, NOW, 30).pem;
  // Issued 40 days ago for 30 days (it starts an hour before its issue time).
  certs.expired = issueServerCertificate(office, key, LOCAL, who, new Date(NOW.getTime() - 40 * DAY), 30).pem;
  certs.otherCa = issueServerCertificate(rogue, key, LOCAL, who, NOW, 30).pem;
});

describe('pinnedCertificateProblem', () => {
  it('accepts the office CA’s server certificate for each name it was issued for', () => {
    expect(pinnedCertificateProblem(office.certificatePem, request('127.0.0.1', certs.server), NOW)).toBeNull();
    expect(pinnedCertificateProblem(office.certificatePem, request('localhost', certs.server), NOW)).toBeNull();
  });

  it('refuses a certificate of another CA, even one with the same name', () => {
    expect(pinnedCertificateProblem(office.certificatePem, request('127.0.0.1', certs.otherCa), NOW)).toBe('not issued by the office CA pinned at enrollment');
  });

  it('refuses an engineer’s device certificate of the same CA: it names no host and is not meant for a server', () => {
    expect(pinnedCertificateProblem(office.certificatePem, request('127.0.0.1', certs.device), NOW)).toBe('not issued for 127.0.0.1');
    expect(pinnedCertificateProblem(office.certificatePem, request('127.0.0.1', certs.clientOnly), NOW)).toBe('not a server certificate (no serverAuth usage)');
  });

  it('refuses a certificate issued for another host, by name or by address', () => {
    expect(pinnedCertificateProblem(office.certificatePem, request('127.0.0.1', certs.otherHost), NOW)).toBe('not issued for 127.0.0.1');
    expect(pinnedCertificateProblem(office.certificatePem, request('localhost', certs.otherHost), NOW)).toBe('not issued for localhost');
    expect(pinnedCertificateProblem(office.certificatePem, request('10.0.0.9', certs.otherHost), NOW)).toBeNull();
  });

  it('refuses a certificate outside its validity period, on either side', () => {
    expect(pinnedCertificateProblem(office.certificatePem, request('127.0.0.1', certs.expired), NOW)).toBe('outside its validity period');
    expect(pinnedCertificateProblem(office.certificatePem, request('127.0.0.1', certs.server), new Date(NOW.getTime() - 2 * DAY))).toBe('outside its validity period');
    expect(pinnedCertificateProblem(office.certificatePem, request('127.0.0.1', certs.server), new Date(NOW.getTime() + 31 * DAY))).toBe('outside its validity period');
  });

  it('says so when a certificate cannot be read', () => {
    expect(pinnedCertificateProblem(office.certificatePem, request('127.0.0.1', 'not a certificate'), NOW)).toMatch(/^unreadable certificate/);
    expect(pinnedCertificateProblem('garbage', request('127.0.0.1', certs.server), NOW)).toMatch(/^unreadable certificate/);
  });
});

describe('officeCertificateVerifier', () => {
  const verdict = (verify: ReturnType<typeof officeCertificateVerifier>, req: CertificateRequest): number => {
    let result: number | undefined;
    verify(req, (r) => (result = r));
    return result!;
  };

  it('pinned: accepts the office’s server certificate and refuses each of the others, logging why', () => {
    const lines: string[] = [];
    const verify = officeCertificateVerifier({ mode: 'office-ca', caCertificatePem: office.certificatePem }, (l) => lines.push(l), () => NOW);
    expect(verdict(verify, request('127.0.0.1', certs.server))).toBe(VERIFY.accept);
    expect(lines).toEqual([]);
    for (const pem of [certs.otherCa, certs.clientOnly, certs.otherHost, certs.expired]) expect(verdict(verify, request('127.0.0.1', pem))).toBe(VERIFY.refuse);
    expect(lines).toEqual([
      'office certificate of 127.0.0.1 refused: not issued by the office CA pinned at enrollment',
      'office certificate of 127.0.0.1 refused: not a server certificate (no serverAuth usage)',
      'office certificate of 127.0.0.1 refused: not issued for 127.0.0.1',
      'office certificate of 127.0.0.1 refused: outside its validity period',
    ]);
  });

  it('pinned: the clock it is given decides validity (a device whose clock is wrong is refused, not trusted)', () => {
    const late = officeCertificateVerifier({ mode: 'office-ca', caCertificatePem: office.certificatePem }, () => {}, () => new Date(NOW.getTime() + 60 * DAY));
    expect(verdict(late, request('127.0.0.1', certs.server))).toBe(VERIFY.refuse);
  });

  it('system: leaves every verdict to Chromium and the OS store, whatever the certificate', () => {
    const verify = officeCertificateVerifier({ mode: 'system' }, () => {});
    for (const pem of [certs.server, certs.otherCa, certs.device, certs.expired]) expect(verdict(verify, request('127.0.0.1', pem))).toBe(VERIFY.chromium);
  });

  it('first contact: accepts any certificate (the CA it names is checked against the fingerprint afterwards)', () => {
    const verify = officeCertificateVerifier({ mode: 'first-contact' }, () => {});
    for (const pem of [certs.server, certs.otherCa, certs.device, certs.expired, certs.otherHost]) expect(verdict(verify, request('127.0.0.1', pem))).toBe(VERIFY.accept);
  });
});
