/**
 * Issue 10 point 6, over real HTTP: references a report names must exist at its hospital, the
 * auth scheme is case-insensitive, 414/431 speak the error format, a signature bound to another
 * hash is hash_mismatch, device names without control or direction characters and with something
 * visible, whole-day codes, and the office's files closed to other users.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrollmentCode } from '../../src-server/admin/operations';
import { paths } from '../../src-shared/sync/protocol';
import { enroll, enrolledDevice, http, newDeviceKey, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport } from './helpers/report';

let office: TestOffice;
let device: TestDevice;

beforeAll(async () => {
  // The device-name test tries many names from one address: more than the default 10 a minute.
  office = await startTestOffice({ rateLimits: { enroll: { max: 100, windowMs: 60_000 } } });
  device = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('what a report names must be known at its hospital', () => {
  it('refuses an unknown contract, system or template version with 422 reference_unknown, and accepts the known ones', async () => {
    const cases = [
      { options: { contractId: 'whch-drg-2026' }, names: /contract whch-drg-2026/ },
      { options: { contractId: 'no-such-contract' }, names: /contract no-such-contract/ },
      { options: { system: { id: 'wh-drg', templateId: 'drg', templateVersion: 1 } }, names: /system wh-drg/ },
      { options: { system: { id: 'yn-his', templateId: 'his', templateVersion: 99 } }, names: /template his version 99/ },
      { options: { system: { id: 'yunan-maint-2026/yn-nothing', templateId: 'his', templateVersion: 1 } }, names: /system yn-nothing/ },
    ];
    for (const { options, names } of cases) {
      const report = await makeReport(device, options);
      await pushBlobs(device, report.blobs);
      const res = await pushReport(device, report.envelope);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ error: { code: 'reference_unknown' } });
      expect((res.body as { error: { message: string } }).error.message).toMatch(names);
      expect(await office.ctx.store.getReport(report.envelope.id)).toBeUndefined();
    }
    // The form a device sends (contract/system), with a template version the office has.
    const known = await makeReport(device, { system: { id: 'yunan-maint-2026/yn-his', templateId: 'his', templateVersion: 1 } });
    await pushBlobs(device, known.blobs);
    expect((await pushReport(device, known.envelope)).status).toBe(201);
  });
});

describe('HTTP edges', () => {
  it('accepts the Bearer scheme in any case (RFC 7235)', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await http(`${office.url}${paths.me}`, { headers: { authorization: `${scheme} ${device.token}` } });
      expect(res.status).toBe(200);
    }
    expect((await http(`${office.url}${paths.me}`, { headers: { authorization: `Basic ${device.token}` } })).status).toBe(401);
  });

  it('answers 414 and 431 in the protocol error format', async () => {
    const long = await device.call('GET', paths.reportReceipt('r'.repeat(150)));
    expect(long.status).toBe(414);
    expect(long.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/longer than/) } });

    const huge = await http(`${office.url}${paths.office}?pad=${'x'.repeat(20_000)}`);
    expect(huge.status).toBe(431);
    expect(huge.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/headers/) } });
    expect((await http(`${office.url}${paths.office}`)).status).toBe(200);
  });

  it('names the limit in a 413 for JSON and form bodies too, as for uploads', async () => {
    const tooBig = 'x'.repeat(1024 * 1024 + 1);
    const json = await device.call('POST', paths.blobsMissing, { sha256: [tooBig] });
    expect(json.status).toBe(413);
    expect(json.body).toMatchObject({ error: { code: 'payload_too_large', limit: 1024 * 1024, message: expect.stringMatching(/1048576 bytes/) } });
    // The console's login form has its own, smaller limit.
    const form = await http(`${office.url}/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=admin&password=${'x'.repeat(64 * 1024)}`,
    });
    expect(form.status).toBe(413);
    expect(form.body).toMatchObject({ error: { code: 'payload_too_large', limit: 64 * 1024 } });
  });

  it('answers 422 hash_mismatch, not 400, when the hash is wrong and signature bindings are present', async () => {
    const report = await makeReport(device);
    await pushBlobs(device, report.blobs);
    const wrong = { ...report.envelope, hash: 'f'.repeat(64) };
    const res = await pushReport(device, wrong);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'hash_mismatch' } });

    // A binding to another hash, the record hash itself right: also hash_mismatch.
    const rebound = structuredClone(report.envelope);
    rebound.signatures![0]!.contentHash = 'e'.repeat(64);
    const res2 = await pushReport(device, rebound);
    expect(res2.status).toBe(422);
    expect(res2.body).toMatchObject({ error: { code: 'hash_mismatch', message: expect.stringMatching(/bound to e{64}/) } });
  });
});

describe('admin and enrollment input', () => {
  it('refuses a device name with NUL, a control character, a line separator, a direction mark or override, or nothing visible, without spending the code', async () => {
    await office.addEngineer('li-na', ['yunan-peoples']);
    const code = await office.enrollmentCode('li-na');
    const key = newDeviceKey();
    const unsafe = ['笔记本\u0000', 'laptop\nadmin', 'abc\u202Egnp.exe', '\u2066李\u2069', '\u202A'];
    // Line and paragraph separators break a line too; direction marks turn text around as overrides do.
    unsafe.push('laptop\u2028admin', '笔记本\u2029二', 'abc\u200Fexe', 'x\u200Ey', 'نام\u061C1');
    for (const name of unsafe) {
      const res = await enroll(office, code, key, name);
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: 'invalid_request', message: expect.stringMatching(/deviceName a device name cannot hold control characters .* separators .* text-direction marks/) },
      });
    }
    // Nothing that shows: the console and the audit log would list an empty name.
    for (const name of ['\u200B', '\u200C\u200D', '\u2060', ' \u200B\uFEFF\u200B ', '\uFEFF', '\u3000']) {
      const res = await enroll(office, code, key, name);
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/deviceName a device name needs at least one visible character/) } });
    }
    // A zero-width joiner inside a visible name is part of how it is written (an emoji sequence here).
    expect((await enroll(office, code, key, '李娜的笔记本 (ThinkPad) 👩\u200D💻')).status).toBe(201);
  });

  it('makes enrollment codes for whole days only, 1 to 90', async () => {
    for (const days of [0.00001, 0.5, 1.5, 0, -1, 91, Number.NaN]) {
      await expect(createEnrollmentCode(office.ctx, 'chen-jie', days, 'test')).rejects.toThrow(/whole number of days, 1 to 90/);
    }
    const { expiresAt } = await createEnrollmentCode(office.ctx, 'chen-jie', 1, 'test');
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
  });

  it('keeps the data folder 0700 and the SQLite store with its -wal and -shm 0600, also when an older version left them open', async () => {
    const mode = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;
    // On PostgreSQL the folder keeps the office's keys and no database file: there is none to close.
    const sqlite = office.database ? [] : ['office.sqlite', 'office.sqlite-wal', 'office.sqlite-shm'];
    expect(await mode(office.dataDir)).toBe(0o700);
    for (const f of sqlite) expect(await mode(path.join(office.dataDir, f))).toBe(0o600);
    if (office.database) expect(existsSync(path.join(office.dataDir, 'office.sqlite'))).toBe(false);

    const dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-modes-'));
    try {
      const first = await startTestOffice({ dataDir });
      await first.close();
      await chmod(dataDir, 0o755);
      for (const f of sqlite.slice(0, 1)) await chmod(path.join(dataDir, f), 0o644);
      const again = await startTestOffice({ dataDir });
      expect(await mode(dataDir)).toBe(0o700);
      for (const f of sqlite.slice(0, 2)) expect(await mode(path.join(dataDir, f))).toBe(0o600);
      await again.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
