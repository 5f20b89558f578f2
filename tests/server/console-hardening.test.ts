/**
 * What a review of issue 14's console found, fixed and held here: a refused CSRF token is audited;
 * export file names take only safe characters from the query; the last administrator holds when two
 * demote each other at once; a deactivation expires the engineer's outstanding codes for good; and a
 * deactivated engineer's offline bundle is refused as their device is online.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editEngineer, updateConsoleUser } from '../../src-server/admin/operations';
import { BundleImportResult, paths } from '../../src-shared/sync/protocol';
import { makeBundle } from './helpers/bundle';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { enroll, enrolledDevice, http, newDeviceKey } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport } from './helpers/report';

let office: TestOffice;
let admin: ConsoleClient;
let reader: ConsoleClient;
const PW = 'correct horse battery';

beforeAll(async () => {
  office = await startTestOffice();
  await office.addConsoleUser('admin', PW);
  await office.addConsoleUser('auditor', PW);
  await office.ctx.store.updateAdmin('auditor', { role: 'reader', hospitalIds: ['queue-demo'], disabled: false }, { actor: 'test', action: 'user.edit', outcome: 'ok', target: 'auditor', details: {} });
  admin = await consoleClient(office, 'admin', PW);
  reader = await consoleClient(office, 'auditor', PW);
}, 60_000);
afterAll(() => office.close(), 60_000);

async function deactivate(engineerId: string, deactivated: boolean): Promise<void> {
  const e = (await office.ctx.store.getEngineer(engineerId))!;
  expect((await editEngineer(office.ctx, engineerId, { name: e.name, hospitalIds: e.hospitalIds, deactivated }, e.version, 'test')).outcome).toBe('written');
}

describe('console hardening', () => {
  it('audits a POST refused for a wrong CSRF token, and changes nothing', async () => {
    const res = await admin.post('/console/engineers', { csrf: 'wrong', id: 'csrf-probe', name: '探针' });
    expect(res.status).toBe(403);
    expect(await office.ctx.store.getEngineer('csrf-probe')).toBeUndefined();
    const [last] = await office.ctx.store.listAudit({ limit: 1 });
    expect(last).toMatchObject({ actor: 'admin:admin', action: 'console.csrf', outcome: 'refused', target: '/console/engineers' });
  });

  it('names exports from the query with safe characters only', async () => {
    const zh = await reader.get(`/console/service-records.xlsx?hospital=${encodeURIComponent('郁南')}`);
    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-disposition')).toBe('attachment; filename="service-records.xlsx"');
    const quote = await http<string>(`${office.url}/console/devices.xlsx?engineer=${encodeURIComponent('x"; filename*=UTF-8\'\'evil.html; a="')}`, { headers: { cookie: admin.cookie } });
    expect(quote.status).toBe(200);
    expect(quote.headers.get('content-disposition')).toBe('attachment; filename="devices.xlsx"');
    const plain = await admin.get('/console/devices.xlsx?engineer=zhang-wei');
    expect(plain.headers.get('content-disposition')).toBe('attachment; filename="devices_zhang-wei.xlsx"');
  });

  it('keeps an active administrator when two demote each other at the same moment', async () => {
    await office.addConsoleUser('a1', PW);
    await office.addConsoleUser('a2', PW);
    await updateConsoleUser(office.ctx, 'admin', { role: 'admin', hospitalIds: [], disabled: true }, 'test');
    const results = await Promise.allSettled([
      updateConsoleUser(office.ctx, 'a1', { role: 'reader', hospitalIds: ['queue-demo'], disabled: false }, 'admin:a2'),
      updateConsoleUser(office.ctx, 'a2', { role: 'admin', hospitalIds: [], disabled: true }, 'admin:a1'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await office.ctx.store.listAdmins()).filter((u) => u.role === 'admin' && !u.disabledAt)).toHaveLength(1);
    // Put things back for the other tests.
    await updateConsoleUser(office.ctx, 'admin', { role: 'admin', hospitalIds: [], disabled: false }, 'test');
    admin = await consoleClient(office, 'admin', PW);
  });

  it('expires the codes handed out before a deactivation: a reactivation does not revive them', async () => {
    await office.addEngineer('rv-eng', ['queue-demo']);
    const code = await office.enrollmentCode('rv-eng');
    await deactivate('rv-eng', true);
    await deactivate('rv-eng', false);
    expect((await enroll(office, code, newDeviceKey())).status).toBe(403);
    // A code issued after the reactivation works.
    expect((await enroll(office, await office.enrollmentCode('rv-eng'), newDeviceKey())).status).toBe(201);
  });

  it('refuses the offline bundle of a deactivated engineer’s device, as it refuses the device online', async () => {
    const device = await enrolledDevice(office, 'liu-yang', ['yunan-peoples']);
    const report = await makeReport(device, { photos: 1 });
    await deactivate('liu-yang', true);
    const { bytes } = makeBundle(device, [report]);
    const post = async () =>
      http(`${office.url}${paths.bundles}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', cookie: admin.cookie, 'x-csrf-token': await admin.csrf() }, body: bytes });
    const refused = await post();
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('deactivated');
    expect(await office.ctx.store.getReport(report.envelope.id)).toBeUndefined();
    await deactivate('liu-yang', false);
    const accepted = await post();
    expect(accepted.status).toBe(200);
    expect(BundleImportResult.parse(accepted.body).results.find((r) => r.kind === 'report')!.status).toBe('accepted');
  });
});
