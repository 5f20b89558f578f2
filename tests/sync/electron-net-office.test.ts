/**
 * A device whose sync goes through Electron's sessions (src-main/electron/net-transport.ts, with
 * the Chromium-like session of tests/helpers/fake-net-session.ts) against a real office serving
 * HTTPS on 127.0.0.1: it enrolls pinning the office CA and sends a signed report; a man in the
 * middle is refused, before enrollment and after; the system trust leaves the verdict to the
 * OS store; a plain-HTTP office is reached with the system trust only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronOfficeTransport, partitionFor } from '../../src-main/electron/net-transport';
import { createEngineer, createEnrollmentCode } from '../../src-server/admin/operations';
import { officeCaFingerprint } from '../../src-server/enroll-handover';
import { startOffice, type RunningOffice } from '../../src-server/start';
import type { RpcError } from '../../src-shared/rpc/result';
import { handoverString } from '../../src-shared/sync/enrollment-code';
import { fakeSessionModule } from '../helpers/fake-net-session';
import { openDevice, type TestDevice } from './helpers/device';
import { startMitmProxy, type MitmProxy } from './helpers/mitm-proxy';
import { seedSignedReports } from './helpers/signed-reports';

const folders: string[] = [];
const devices: TestDevice[] = [];
const proxies: MitmProxy[] = [];
const offices: RunningOffice[] = [];
let office: RunningOffice;
let fingerprint: string;

async function startTestOffice(tls: boolean): Promise<RunningOffice> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-net-office-'));
  folders.push(dataDir);
  const started = await startOffice({ dataDir, port: 0, logLevel: false, ...(tls ? { tls: { names: ['127.0.0.1'] } } : {}) });
  offices.push(started);
  await createEngineer(started.ctx, { id: 'zhang-gong', name: '张工', hospitalIds: ['queue-demo'] }, 'test');
  return started;
}

const newCode = async (at: RunningOffice = office): Promise<string> => (await createEnrollmentCode(at.ctx, 'zhang-gong', 7, 'test')).code;

/** A device on Chromium's network stack; `systemRoots` stands for the OS certificate store. */
async function electronDevice(systemRoots?: string[]) {
  const sessions = fakeSessionModule(systemRoots ? { systemRoots } : {});
  const lines: string[] = [];
  const device = await openDevice({ officeHttp: { timeoutMs: 10_000 }, officeTransport: electronOfficeTransport({ session: sessions.module, log: (l) => lines.push(l) }) });
  devices.push(device);
  return { device, sessions, lines };
}

async function rpcError(call: Promise<unknown>): Promise<RpcError> {
  const thrown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(thrown, 'the call should have failed').toBeDefined();
  return (thrown as { error: RpcError }).error;
}

beforeAll(async () => {
  office = await startTestOffice(true);
  fingerprint = await officeCaFingerprint(office.ctx);
}, 60_000);

afterAll(async () => {
  for (const p of proxies) await p.close();
  for (const d of devices) await d.close();
  for (const o of offices) await o.app.close();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('sync through Electron’s sessions with an office that serves HTTPS itself', () => {
  it('enrolls pinning the office CA, learns the office clock, and sends a signed report over the pinned session', async () => {
    const { device, sessions } = await electronDevice();
    expect(await device.call('clock.read', {})).not.toHaveProperty('officeEstimate');
    const summary = await device.enroll(office.url, handoverString(await newCode(), fingerprint));
    expect(summary).toMatchObject({ officeTrust: 'office-ca', caFingerprint: fingerprint });
    const pin = partitionFor({ mode: 'office-ca', caCertificatePem: office.ctx.keys.ca.certificatePem });
    // GET /office on the first-contact session, everything after on the pinned one.
    expect(sessions.partitions.get('office-first-contact')!.requests.map((r) => new URL(r.url).pathname)).toEqual(['/api/v1/office']);
    expect(sessions.partitions.get(pin)!.requests.map((r) => new URL(r.url).pathname)).toEqual(['/api/v1/enroll']);
    // The office's Date header reached the clock.
    expect(await device.call('clock.read', {})).toHaveProperty('officeEstimate');

    await seedSignedReports(device.db, device.repos, { count: 1, material: await device.material(), photosPerReport: 1, photoBytes: 200_000, dataDir: device.dataDir });
    await device.engine().syncNow('manual');
    expect(await device.repos.outbox.summary()).toMatchObject({ synced: 1, attention: 0 });
    expect((await office.ctx.store.listReports({ limit: 5, offset: 0 })).total).toBe(1);
    expect([...sessions.partitions.keys()].sort()).toEqual(['office-first-contact', pin].sort());
    for (const session of sessions.partitions.values()) expect(session.procInstalls).toBe(1);
  });

  it('refuses a man in the middle after enrollment, with the message the engineer reads for an untrusted office', async () => {
    const lan = await startMitmProxy({ host: '127.0.0.1', port: Number(new URL(office.url).port) }, 'pass');
    proxies.push(lan);
    const { device, lines } = await electronDevice();
    expect((await device.enroll(lan.url, handoverString(await newCode(), fingerprint))).officeTrust).toBe('office-ca');
    expect(await device.call('sync.pull', {})).toMatchObject({ more: expect.any(Boolean) });

    lan.switchTo('intercept');
    for (let i = 0; i < 2; i++) {
      // Twice: the second time Chromium answers from its verdict cache without asking.
      const refused = await rpcError(device.call('sync.pull', {}));
      expect(refused).toMatchObject({ code: 'office_refused', params: { officeCode: 'office_untrusted' } });
    }
    expect(lan.intercepted()).not.toContain('authorization');
    expect(lines).toContain('office certificate of 127.0.0.1 refused: not issued by the office CA pinned at enrollment');

    lan.switchTo('pass');
    expect(await device.call('sync.pull', {})).toMatchObject({ more: expect.any(Boolean) });
  });

  it('with the code alone trusts the OS store: refused while the office CA is not in it, enrolled once it is', async () => {
    const bare = await electronDevice();
    const code = await newCode();
    const refused = await rpcError(bare.device.enroll(office.url, code));
    expect(refused).toMatchObject({ code: 'office_refused', params: { officeCode: 'office_untrusted' } });
    expect(String(refused.params?.detail)).toContain('ERR_CERT_AUTHORITY_INVALID');

    // The hospital's IT office put the office CA in Windows' store (group policy, say).
    const trusting = await electronDevice([office.ctx.keys.ca.certificatePem]);
    expect(await trusting.device.enroll(office.url, code)).toMatchObject({ officeTrust: 'system' });
    expect(await trusting.device.call('sync.pull', {})).toMatchObject({ more: expect.any(Boolean) });
    expect([...trusting.sessions.partitions.keys()]).toEqual(['office-system']);
  });

  it('reaches a plain-HTTP office with the system trust (a test bench)', async () => {
    const plain = await startTestOffice(false);
    const { device, sessions } = await electronDevice();
    expect(await device.enroll(plain.url, await newCode(plain))).toMatchObject({ officeTrust: 'system' });
    expect(await device.call('sync.pull', {})).toMatchObject({ more: expect.any(Boolean) });
    expect([...sessions.partitions.keys()]).toEqual(['office-system']);
  });
});
