/**
 * Issue 10, 1(a): enrollment must prove the device holds its key, and a key belongs to one
 * device. Over real HTTP: the attack that worked (another engineer's public key, sent bare), a
 * forged proof, a replayed one, a key another device holds — each refused, audited, and none of
 * them spending the code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../src-server/admin/operations';
import { enrollmentChallenge } from '../../src-shared/sync/enrollment-code';
import { EnrollResponse } from '../../src-shared/sync/protocol';
import { certificationRequest, enroll, enrolledDevice, newDeviceKey, postEnroll, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';

let office: TestOffice;
let victim: TestDevice;

beforeAll(async () => {
  office = await startTestOffice({ rateLimits: { enroll: { max: 1000, windowMs: 60_000 } } });
  await office.addEngineer('wang-qiang', ['yunan-peoples'], '王强');
  // 李娜 signs reports with this device; its public key is in every PDF she signed.
  victim = await enrolledDevice(office, 'li-na', ['yunan-peoples']);
}, 60_000);
afterAll(() => office.close(), 60_000);

const refusals = async (reason: string) =>
  (await office.ctx.store.listAudit({ limit: 100, action: 'device.enroll' })).filter((a) => a.outcome === 'refused' && a.details.reason === reason);

describe('enrollment proves possession of the key', () => {
  it("refuses another engineer's public key sent bare, as it was accepted before, and keeps the code", async () => {
    const code = await office.enrollmentCode('wang-qiang');
    const attack = await postEnroll(office, { code, publicKeyPem: victim.publicKeyPem, deviceName: '王强的笔记本' });
    expect(attack.status).toBe(422);
    expect(attack.body).toMatchObject({ error: { code: 'key_proof_invalid' } });
    expect((await refusals('key_proof_invalid')).at(0)?.details).toMatchObject({ deviceName: '王强的笔记本' });

    // The code was not spent: 王强 enrolls his own key with it.
    const own = await enroll(office, code, newDeviceKey());
    expect(own.status).toBe(201);
    expect(EnrollResponse.parse(own.body).engineer.id).toBe('wang-qiang');
  });

  it("refuses a request for another device's key that the key did not sign", async () => {
    const code = await office.enrollmentCode('wang-qiang');
    const forger = newDeviceKey();
    const forged = await certificationRequest(victim, code, { signWithPem: forger.keyPem });
    const attack = await postEnroll(office, { code, csrPem: forged, deviceName: 'forged' });
    expect(attack.status).toBe(422);
    expect(attack.body).toMatchObject({ error: { code: 'key_proof_invalid', message: expect.stringContaining('not signed by the key') } });

    // A request with a weak digest proves nothing either.
    const sha1 = forge.pki.createCertificationRequest();
    const mine = newDeviceKey();
    sha1.publicKey = forge.pki.publicKeyFromPem(mine.publicKeyPem);
    sha1.setSubject([{ shortName: 'CN', value: 'sha1' }]);
    sha1.sign(forge.pki.privateKeyFromPem(mine.keyPem) as forge.pki.rsa.PrivateKey, forge.md.sha1.create());
    const weak = await postEnroll(office, { code, csrPem: forge.pki.certificationRequestToPem(sha1), deviceName: 'sha1' });
    expect(weak.status).toBe(422);

    // Not a request at all.
    expect((await postEnroll(office, { code, csrPem: victim.publicKeyPem, deviceName: 'pem' })).body).toMatchObject({ error: { code: 'key_proof_invalid' } });
    expect((await enroll(office, code, newDeviceKey())).status).toBe(201);
  });

  it('refuses a proof made for another code (a captured request replayed)', async () => {
    // A new device of 李娜's asks with her code; 王强 captures the request and sends it with his own code first.
    const laptop = newDeviceKey();
    const herCode = await office.enrollmentCode('li-na');
    const captured = await certificationRequest(laptop, herCode);
    const hisCode = await office.enrollmentCode('wang-qiang');
    const replay = await postEnroll(office, { code: hisCode, csrPem: captured, deviceName: 'replayed' });
    expect(replay.status).toBe(422);
    expect(replay.body).toMatchObject({ error: { code: 'key_proof_invalid', message: expect.stringContaining('this enrollment code') } });

    // Both codes are intact: hers enrolls her laptop, his enrolls his own key.
    const hers = await postEnroll(office, { code: herCode, csrPem: captured, deviceName: '李娜的新笔记本' });
    expect(hers.status).toBe(201);
    expect(EnrollResponse.parse(hers.body).engineer.id).toBe('li-na');
    expect((await enroll(office, hisCode, newDeviceKey())).status).toBe(201);
  });

  it('refuses a key another device holds, audits it, spends nothing, and accepts it once that device is revoked', async () => {
    const holder = await enrolledDevice(office, 'zhou-min', ['yunan-peoples']);
    const code = await office.enrollmentCode('wang-qiang');
    const devicesBefore = (await office.ctx.store.listDevices()).length;
    // Even with the private key (a copied key file), a key is one device.
    const again = await enroll(office, code, holder);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'public_key_in_use', deviceId: holder.id } });
    const [audited] = await refusals('public_key_in_use');
    expect(audited).toMatchObject({ actor: 'anonymous', outcome: 'refused', details: { heldBy: holder.id, engineerId: 'wang-qiang' } });
    expect(await office.ctx.store.listDevices()).toHaveLength(devicesBefore);

    await revokeDevice(office.ctx, holder.id, 'test');
    const after = await enroll(office, code, holder);
    expect(after.status).toBe(201);
    expect(EnrollResponse.parse(after.body).engineer.id).toBe('wang-qiang');
  });

  it('lets only one of two simultaneous requests with the same key through, and the other keeps its code', async () => {
    const key = newDeviceKey();
    const codes = [await office.enrollmentCode('wang-qiang'), await office.enrollmentCode('li-na')];
    const results = await Promise.all(codes.map((code) => enroll(office, code, key)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = codes[results.findIndex((r) => r.status === 409)]!;
    const holders = (await office.ctx.store.listDevices()).filter((d) => d.publicKeyPem === key.publicKeyPem.replace(/\r/g, '') && !d.revokedAt);
    expect(holders).toHaveLength(1);
    expect((await enroll(office, loser, newDeviceKey())).status).toBe(201);
  });

  it("takes a request made by an integrator's own tools (openssl), and refuses an EC key without spending the code", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xunjian-csr-'));
    try {
      const code = await office.enrollmentCode('wang-qiang');
      const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
      await writeFile(path.join(dir, 'req.cnf'), `[req]\ndistinguished_name=dn\nattributes=attrs\nprompt=no\n[dn]\nCN=integrator\n[attrs]\nchallengePassword=${await enrollmentChallenge(code)}\n`);

      openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.pem');
      const ecRequest = openssl('req', '-new', '-key', 'ec.pem', '-config', 'req.cnf', '-sha256');
      const ec = await postEnroll(office, { code, csrPem: ecRequest, deviceName: 'ec' });
      expect(ec.status).toBe(400);
      expect(ec.body).toMatchObject({ error: { code: 'public_key_invalid' } });

      openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa.pem');
      const rsaRequest = openssl('req', '-new', '-key', 'rsa.pem', '-config', 'req.cnf', '-sha256');
      expect((await postEnroll(office, { code, csrPem: rsaRequest, deviceName: 'openssl' })).status).toBe(201);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
