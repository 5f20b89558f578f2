/** Enrollment over HTTP: one-time codes, the issued certificate, tokens, revocation, rate limiting. */
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../src-server/admin/operations';
import { EnrollResponse, OfficeInfo, paths } from '../../src-shared/sync/protocol';
import { callAs, certificationRequest, enroll, enrolledDevice, http, newDeviceKey, postEnroll } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';

let office: TestOffice;

beforeAll(async () => {
  office = await startTestOffice({ rateLimits: { enroll: { max: 8, windowMs: 60_000 } } });
  await office.addEngineer('zhang-wei', ['yunan-peoples'], '张伟');
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('enrollment', () => {
  it('tells anyone who the office is', async () => {
    const info = OfficeInfo.parse((await http(`${office.url}${paths.office}`)).body);
    expect(info.receiptKey.alg).toBe('ES256');
    expect(new X509Certificate(info.caCertificatePem).ca).toBe(true);
  });

  it('describes its protocol as OpenAPI', async () => {
    const spec = (await http<{ openapi: string; paths: Record<string, unknown> }>(`${office.url}${paths.openapi}`)).body;
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([paths.enroll, paths.reference, '/api/v1/blobs/{sha256}', '/api/v1/reports/{id}', '/api/v1/faults/{id}', paths.bundles]),
    );
    expect(Object.keys(spec.paths).some((p) => p.startsWith('/console'))).toBe(false);
  });

  it('accepts a code once and refuses its second use', async () => {
    const code = await office.enrollmentCode('zhang-wei');
    const first = await enroll(office, code, newDeviceKey());
    expect(first.status).toBe(201);
    const enrolled = EnrollResponse.parse(first.body);
    expect(enrolled.engineer).toEqual({ id: 'zhang-wei', name: '张伟' });
    expect(enrolled.hospitalIds).toEqual(['yunan-peoples']);

    // The certificate is for the key sent, issued by the office CA, with the engineer's name.
    const cert = new X509Certificate(enrolled.certificatePem);
    const ca = new X509Certificate(enrolled.office.caCertificatePem);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subject).toContain('CN=张伟');

    // Dashes and case do not matter, and it is still spent.
    const again = await enroll(office, code.toLowerCase().replace(/-/g, ''), newDeviceKey());
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ error: { code: 'enrollment_code_invalid' } });

    const audit = await office.ctx.store.listAudit({ limit: 10, action: 'enrollment.use' });
    expect(audit.map((a) => a.outcome)).toEqual(expect.arrayContaining(['ok', 'refused']));
  });

  it('refuses a bad public key without spending the code', async () => {
    const code = await office.enrollmentCode('zhang-wei');
    // RSA 1024: a proper request, but for a key too weak to sign reports with.
    const weak = (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 1024 });
    const weakKey = { keyPem: weak.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: weak.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
    const bad = await postEnroll(office, { code, csrPem: await certificationRequest(weakKey, code), deviceName: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'public_key_invalid' } });
    expect((await enroll(office, code, newDeviceKey())).status).toBe(201);
  });

  it('keeps only a hash of the token, answers /me with it, and 401s a wrong or revoked token', async () => {
    const device = await enrolledDevice(office, 'zhang-wei', ['yunan-peoples']);
    const me = await device.call('GET', paths.me);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ deviceId: device.id, engineer: { id: 'zhang-wei' } });

    const raw = JSON.stringify(await office.ctx.store.getDevice(device.id));
    expect(raw).not.toContain(device.token);

    expect((await callAs(office, `${device.token.slice(0, -2)}xx`)('GET', paths.me)).status).toBe(401);
    expect((await http(`${office.url}${paths.me}`)).status).toBe(401);

    await revokeDevice(office.ctx, device.id, 'test');
    const revoked = await device.call('GET', paths.me);
    expect(revoked.status).toBe(401);
    expect(revoked.body).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('rate-limits enrollment attempts', async () => {
    const statuses: number[] = [];
    const key = newDeviceKey();
    for (let i = 0; i < 10; i++) statuses.push((await enroll(office, 'AAAA-BBBB-CCCC-DDDD', key)).status);
    expect(statuses).toContain(429);
  });
});
