/**
 * Issue 10 §5 from the device's side, with its real main-process code (the sync.* handlers, the
 * office client, the signing identity) against a real office serving HTTPS on 127.0.0.1: the
 * device pins the office CA named by the fingerprint handed over with the code, syncs over it,
 * and refuses a man in the middle — at first contact, before the code leaves the device, and
 * on any later call.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineer, createEnrollmentCode } from '../../src-server/admin/operations';
import { officeCaFingerprint } from '../../src-server/enroll-handover';
import { startOffice, type RunningOffice } from '../../src-server/start';
import type { RpcError } from '../../src-shared/rpc/result';
import { handoverString, normalizeEnrollmentCode } from '../../src-shared/sync/enrollment-code';
import { openDevice, type TestDevice } from './helpers/device';
import { startMitmProxy, type MitmProxy } from './helpers/mitm-proxy';
import { seedSignedReports } from './helpers/signed-reports';

const folders: string[] = [];
const devices: TestDevice[] = [];
const proxies: MitmProxy[] = [];
const offices: RunningOffice[] = [];
let office: RunningOffice;
let fingerprint: string;

async function tlsOffice(options: { publicUrl?: string } = {}): Promise<RunningOffice> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-tls-office-'));
  folders.push(dataDir);
  const started = await startOffice({ dataDir, port: 0, logLevel: false, tls: { names: ['127.0.0.1'] }, ...options });
  offices.push(started);
  await createEngineer(started.ctx, { id: 'zhang-gong', name: '张工', hospitalIds: ['queue-demo'] }, 'test');
  return started;
}

const newCode = async (at: RunningOffice = office): Promise<string> => (await createEnrollmentCode(at.ctx, 'zhang-gong', 7, 'test')).code;

async function device(): Promise<TestDevice> {
  const opened = await openDevice({ officeHttp: { timeoutMs: 10_000 } });
  devices.push(opened);
  return opened;
}

/** The RPC error a call ends with (platform/invoke's shape: `error.error`). */
async function rpcError(call: Promise<unknown>): Promise<RpcError> {
  const thrown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(thrown, 'the call should have failed').toBeDefined();
  return (thrown as { error: RpcError }).error;
}

/** The code's use as the office audited it: empty while the code never reached the office. */
const codeUses = async (at: RunningOffice) => at.ctx.store.listAudit({ limit: 100, action: 'enrollment.use' });

beforeAll(async () => {
  office = await tlsOffice();
  fingerprint = await officeCaFingerprint(office.ctx);
}, 60_000);

afterAll(async () => {
  for (const p of proxies) await p.close();
  for (const d of devices) await d.close();
  for (const o of offices) await o.app.close();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('a device and an office that serves HTTPS itself', () => {
  it('enrolls pinning the CA named with the code, then pulls and sends a signed report over it', async () => {
    const laptop = await device();
    const summary = await laptop.enroll(office.url, handoverString(await newCode(), fingerprint));
    expect(summary).toMatchObject({ officeTrust: 'office-ca', caFingerprint: fingerprint, officeUrl: office.url });
    expect(summary.caCertificatePem).toBe(office.ctx.keys.ca.certificatePem);
    // This office names no public check address: reports' QR codes lead to the address enrolled with.
    expect(summary.verifyUrl).toBeUndefined();

    const page = (await laptop.call('sync.pull', {})) as { items: unknown[] };
    expect(page.items.length).toBeGreaterThan(0);

    // A signed report with a photo: blobs (bytes) and the envelope (JSON) over the pinned connection.
    await seedSignedReports(laptop.db, laptop.repos, { count: 1, material: await laptop.material(), photosPerReport: 1, photoBytes: 200_000, dataDir: laptop.dataDir });
    const engine = laptop.engine();
    await engine.syncNow('manual');
    expect(await laptop.repos.outbox.summary()).toMatchObject({ synced: 1, attention: 0 });
    expect((await office.ctx.store.listReports({ limit: 5, offset: 0 })).total).toBe(1);
  });

  it('learns where people reach the paper check when the office names a public address', async () => {
    const published = await tlsOffice({ publicUrl: 'https://xunjian.example.cn/' });
    const laptop = await device();
    const summary = await laptop.enroll(published.url, handoverString(await newCode(published), await officeCaFingerprint(published.ctx)));
    expect(summary).toMatchObject({ officeUrl: published.url, verifyUrl: 'https://xunjian.example.cn/' });
    expect(await laptop.call('sync.status', {})).toMatchObject({ enrolled: true, verifyUrl: 'https://xunjian.example.cn/' });
  });

  it('refuses a man in the middle at first contact: the code never leaves the device and stays good', async () => {
    const mitm = await startMitmProxy({ host: '127.0.0.1', port: Number(new URL(office.url).port) }, 'intercept');
    proxies.push(mitm);
    const code = await newCode();
    const laptop = await device();
    // The interceptor relays GET /office, so the device even receives the genuine CA certificate;
    // but the interceptor's own certificate does not chain to it, so the enrollment is never sent.
    const refused = await rpcError(laptop.enroll(mitm.url, handoverString(code, fingerprint)));
    expect(refused).toMatchObject({ code: 'office_refused', params: { officeCode: 'office_untrusted' } });
    expect(mitm.intercepted()).toContain('GET /api/v1/office');
    expect(mitm.intercepted()).not.toContain('/api/v1/enroll');
    expect(mitm.intercepted()).not.toContain(code);
    expect(mitm.intercepted()).not.toContain(normalizeEnrollmentCode(code));
    expect(mitm.intercepted()).not.toContain('csrPem');
    expect(await laptop.call('sync.status', {})).toEqual({ enrolled: false });

    const usesBefore = (await codeUses(office)).length;
    const genuine = await laptop.enroll(office.url, handoverString(code, fingerprint));
    expect(genuine.officeTrust).toBe('office-ca');
    expect((await codeUses(office)).length).toBe(usesBefore + 1);
  });

  it('refuses another office at the address: its CA is not the one named with the code', async () => {
    const impostor = await tlsOffice();
    const laptop = await device();
    const code = await newCode();
    const refused = await rpcError(laptop.enroll(impostor.url, handoverString(code, fingerprint)));
    expect(refused).toMatchObject({ code: 'office_refused', params: { officeCode: 'office_ca_mismatch' } });
    expect(await codeUses(impostor)).toEqual([]);
    // A fingerprint typed wrong is refused the same way, before anything is sent.
    const typo = await rpcError(laptop.enroll(office.url, handoverString(code, 'AAAA-AAAA-AAAA-AAAA-AAAA')));
    expect(typo).toMatchObject({ params: { officeCode: 'office_ca_mismatch' } });
    expect((await laptop.enroll(office.url, handoverString(code, fingerprint))).officeTrust).toBe('office-ca');
  });

  it('uses the pinned CA for every later call: a man in the middle after enrollment gets nothing', async () => {
    const lan = await startMitmProxy({ host: '127.0.0.1', port: Number(new URL(office.url).port) }, 'pass');
    proxies.push(lan);
    const laptop = await device();
    // Enrolled through the LAN path while it is honest (the office's own TLS passes through).
    const summary = await laptop.enroll(lan.url, handoverString(await newCode(), fingerprint));
    expect(summary.officeTrust).toBe('office-ca');
    expect(await laptop.call('sync.pull', {})).toMatchObject({ more: expect.any(Boolean) });

    lan.switchTo('intercept');
    const refused = await rpcError(laptop.call('sync.pull', {}));
    expect(refused).toMatchObject({ code: 'office_refused', params: { officeCode: 'office_untrusted' } });
    expect(lan.intercepted()).not.toContain('authorization');

    lan.switchTo('pass');
    expect(await laptop.call('sync.pull', {})).toMatchObject({ more: expect.any(Boolean) });
  });

  it('refuses a handover of any other length than 16 or 36 symbols before contacting the office', async () => {
    const laptop = await device();
    const code = await newCode();
    const handover = handoverString(code, fingerprint);
    const refused = await rpcError(laptop.enroll(office.url, handover.slice(0, 20) + handover.slice(21)));
    expect(refused).toMatchObject({ code: 'bad_input' });
    expect(refused.message).toContain('35 symbols');
    expect((await laptop.enroll(office.url, handover)).officeTrust).toBe('office-ca');
  });

  it('refuses a fingerprint with an http:// address before sending anything: the fingerprint means the office serves HTTPS', async () => {
    // An office on plain HTTP, whose CA fingerprint the engineer nevertheless holds.
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-plain-office-'));
    folders.push(dataDir);
    const plain = await startOffice({ dataDir, port: 0, logLevel: false });
    offices.push(plain);
    await createEngineer(plain.ctx, { id: 'zhang-gong', name: '张工', hospitalIds: ['queue-demo'] }, 'test');
    const code = await newCode(plain);
    const laptop = await device();
    const refused = await rpcError(laptop.enroll(plain.url, handoverString(code, await officeCaFingerprint(plain.ctx))));
    expect(refused).toMatchObject({ code: 'bad_input' });
    expect(refused.message).toContain('https://');
    expect(await codeUses(plain)).toEqual([]);
    expect(await laptop.call('sync.status', {})).toEqual({ enrolled: false });
  });

  it('without a fingerprint trusts the system store, which does not know the office CA: nothing is sent', async () => {
    const laptop = await device();
    const code = await newCode();
    const refused = await rpcError(laptop.enroll(office.url, code));
    expect(refused).toMatchObject({ code: 'office_refused', params: { officeCode: 'office_untrusted' } });
    expect((await laptop.enroll(office.url, handoverString(code, fingerprint))).officeTrust).toBe('office-ca');
  });
});
