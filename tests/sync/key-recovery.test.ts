/**
 * Issue 13 §5, the way back from a signing key the OS cannot decrypt, end to end: a device whose
 * key and token are sealed by a (fake) safeStorage, a real office over HTTP. The engineer signs a
 * report, then "the Windows password is reset" (the OS can no longer decrypt); signing and sync
 * say key_unreadable; the About screen's recovery sets the material aside, the device enrols
 * again with a new code; both the report signed with the old key (never pushed) and a new one
 * reach the office, whose checks hold for both. A report signed with another engineer's
 * certificate is still refused.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeStorageSecretStore } from '../../src-main/electron/secret-store';
import { createEngineer, createEnrollmentCode } from '../../src-server/admin/operations';
import { verifyStoredReport } from '../../src-server/console/verify-stored';
import { startOffice, type RunningOffice } from '../../src-server/start';
import type { KeyRecovered, KeyStatus } from '../../src-shared/rpc/key-channels';
import type { RpcError } from '../../src-shared/rpc/result';
import { pdfSig } from '../unit/report/poppler';
import { sixtyItemReport } from '../unit/report/fixture';
import { openDevice, type TestDevice } from './helpers/device';
import { seedSignedReports } from './helpers/signed-reports';

/**
 * DPAPI as far as this test needs it: strings sealed with a key bound to the user's password.
 * `resetPassword()` is what an administrator's reset does to DPAPI: old ciphertexts no longer open.
 */
function fakeSafeStorage() {
  let key = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    encryptString(text: string): Buffer {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed: Buffer): string {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
        decipher.setAuthTag(sealed.subarray(12, 28));
        return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        // Electron's words when the OS refuses (os_crypt).
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      }
    },
    resetPassword(): void {
      key = randomBytes(32);
    },
  };
}

const folders: string[] = [];
const devices: TestDevice[] = [];
let office: RunningOffice;

const code = async (engineer: string): Promise<string> => (await createEnrollmentCode(office.ctx, engineer, 7, 'test')).code;

async function rpcError(call: Promise<unknown>): Promise<RpcError> {
  const thrown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(thrown, 'the call should have failed').toBeDefined();
  return (thrown as { error: RpcError }).error;
}

async function pdfsOf(dataDir: string): Promise<string[]> {
  const root = path.join(dataDir, 'reports', 'queue-demo', '2026-11');
  return (await readdir(root)).sort().map((name) => path.join(root, name));
}

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-key-office-'));
  folders.push(dataDir);
  office = await startOffice({ dataDir, port: 0, logLevel: false });
  await createEngineer(office.ctx, { id: 'zhang-gong', name: '张工', hospitalIds: ['queue-demo'] }, 'test');
  await createEngineer(office.ctx, { id: 'li-gong', name: '李工', hospitalIds: ['queue-demo'] }, 'test');
}, 60_000);

afterAll(async () => {
  for (const d of devices) await d.close();
  await office.app.close();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('a signing key the OS can no longer decrypt', () => {
  it('is reported as key_unreadable, recovered by a new key and enrollment, and every signed report stays verifiable', async () => {
    const dpapi = fakeSafeStorage();
    const laptop = await openDevice({ officeHttp: { timeoutMs: 10_000 }, secrets: (dir) => safeStorageSecretStore(dpapi, dir, () => {}) });
    devices.push(laptop);
    const first = await laptop.enroll(office.url, await code('zhang-gong'));
    // Sealed, never in plain text.
    expect((await readdir(path.join(laptop.dataDir, 'keys'))).sort()).toEqual(['certificate.json', 'office-token.safe', 'signing-key.safe']);

    // A report signed with the enrolled key, not yet sent.
    const oldMaterial = await laptop.material();
    await seedSignedReports(laptop.db, laptop.repos, { count: 1, material: oldMaterial, photosPerReport: 1, photoBytes: 20_000, dataDir: laptop.dataDir });
    const oldCertificate = JSON.parse(await readFile(path.join(laptop.dataDir, 'keys', 'certificate.json'), 'utf8')) as { certificate: string };

    // The administrator resets the Windows password; the app starts again.
    dpapi.resetPassword();
    laptop.restart();

    // Signing says so plainly, naming the key…
    const signing = await rpcError(laptop.call('report.create', sixtyItemReport({ reportNumber: 'XJ-AFTER-RESET' })));
    expect(signing).toMatchObject({ code: 'key_unreadable', params: { secret: 'signing-key' } });
    // …as do the enrollment status and sync, naming the token.
    expect(await rpcError(laptop.call('sync.status', {}))).toMatchObject({ code: 'key_unreadable', params: { secret: 'office-token' } });
    const stuck = await laptop.engine().syncNow('manual');
    expect(stuck).toMatchObject({ synced: 0, attention: 1 });
    expect((await laptop.repos.outbox.attention())[0]!.row.lastError).toMatchObject({ code: 'key_unreadable' });
    expect(await laptop.call('key.status', {})).toEqual<KeyStatus>({ store: 'safeStorage', unreadable: ['signing-key', 'office-token'], retired: [] });

    // 重新生成签名密钥并重新注册.
    const recovered = (await laptop.call('key.recover', { confirm: true })) as KeyRecovered;
    expect(recovered).toMatchObject({ enrolAgain: true, moved: expect.arrayContaining(['keys/signing-key.safe', 'keys/office-token.safe', 'keys/certificate.json', 'sync/enrollment.json']) });
    const retired = path.join(laptop.dataDir, 'keys', 'retired', recovered.retiredTo);
    expect((await readdir(retired)).sort()).toEqual(['keys-certificate.json', 'keys-office-token.safe', 'keys-signing-key.safe', 'retired.json', 'sync-enrollment.json']);
    // The old key's certificate and the old enrollment are kept.
    expect(JSON.parse(await readFile(path.join(retired, 'keys-certificate.json'), 'utf8'))).toEqual(oldCertificate);
    expect(JSON.parse(await readFile(path.join(retired, 'sync-enrollment.json'), 'utf8'))).toMatchObject({ deviceId: first.deviceId });
    expect(await laptop.call('sync.status', {})).toEqual({ enrolled: false });
    expect(await laptop.call('key.status', {})).toEqual<KeyStatus>({ store: 'safeStorage', unreadable: [], retired: [recovered.retiredTo] });
    // A readable key is never thrown away.
    expect(await rpcError(laptop.call('key.recover', { confirm: true }))).toMatchObject({ code: 'bad_input' });

    // Enrolled again with a new code from the office: a new device, a new key.
    const second = await laptop.enroll(office.url, await code('zhang-gong'));
    expect(second.deviceId).not.toBe(first.deviceId);
    const newMaterial = await laptop.material();
    expect(newMaterial.info.fingerprint).not.toBe(oldMaterial.info.fingerprint);
    await seedSignedReports(laptop.db, laptop.repos, { count: 1, material: newMaterial, photosPerReport: 1, photoBytes: 20_000, dataDir: laptop.dataDir, firstNumber: 1 });

    // 重试 on the stuck one, then a sync sends both.
    expect(await laptop.repos.outbox.retry()).toBe(1);
    expect(await laptop.engine().syncNow('manual')).toMatchObject({ synced: 2, attention: 0 });

    const stored = (await office.ctx.store.listReports({ limit: 10, offset: 0 })).reports;
    expect(stored.map((r) => r.reportNumber).sort()).toEqual(['XJ-20261123-00000', 'XJ-20261123-00001']);
    for (const report of stored) {
      // Both pushed by the new device; the office's checks of each hold.
      expect(report.deviceId).toBe(second.deviceId);
      const checks = await verifyStoredReport(office.ctx, report);
      expect(checks, report.reportNumber).toMatchObject({ recordHash: { ok: true }, pdfHash: { ok: true }, signature: { ok: true }, namesRecord: { ok: true }, signer: { ok: true } });
    }
    const byNumber = new Map(stored.map((r) => [r.reportNumber, r]));
    expect(byNumber.get('XJ-20261123-00000')!.signer.fingerprint).toBe(oldMaterial.info.fingerprint.replace(/:/g, '').toLowerCase());
    expect(byNumber.get('XJ-20261123-00001')!.signer.fingerprint).toBe(newMaterial.info.fingerprint.replace(/:/g, '').toLowerCase());

    // And a reader with poppler finds both signatures valid.
    const pdfs = await pdfsOf(laptop.dataDir);
    expect(pdfs).toHaveLength(2);
    for (const file of pdfs) expect(await pdfSig(await readFile(file))).toContain('Signature is Valid');
  }, 120_000);

  it("refuses a report signed with another engineer's earlier device certificate", async () => {
    // 李工's first laptop, then a second one: the first one's certificate is an earlier device's.
    const liFirst = await openDevice({ officeHttp: { timeoutMs: 10_000 } });
    const liSecond = await openDevice({ officeHttp: { timeoutMs: 10_000 } });
    devices.push(liFirst, liSecond);
    await liFirst.enroll(office.url, await code('li-gong'));
    const liOld = await liFirst.material();
    await liSecond.enroll(office.url, await code('li-gong'));

    const laptop = await openDevice({ officeHttp: { timeoutMs: 10_000 } });
    devices.push(laptop);
    await laptop.enroll(office.url, await code('zhang-gong'));
    const before = (await office.ctx.store.listReports({ limit: 10, offset: 0 })).total;
    // 张工's laptop hands in a report signed with 李工's earlier certificate.
    await seedSignedReports(laptop.db, laptop.repos, { count: 1, material: liOld, photosPerReport: 0, photoBytes: 0, dataDir: laptop.dataDir, firstNumber: 50 });
    expect(await laptop.engine().syncNow('manual')).toMatchObject({ synced: 0, attention: 1 });
    expect((await laptop.repos.outbox.attention())[0]!.row.lastError).toMatchObject({ code: 'office_refused', officeCode: 'signature_invalid' });
    expect((await office.ctx.store.listReports({ limit: 10, offset: 0 })).total).toBe(before);
  }, 120_000);
});
