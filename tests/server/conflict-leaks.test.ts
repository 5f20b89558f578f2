/**
 * Issue 10 point 2: an engineer who pushes a record under an id another hospital's record has
 * learns nothing about that record — not its content, hospital, hash or time. Conflict details go
 * only to engineers who may read the stored record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport } from './helpers/report';
import { newRecord } from './helpers/service';

let office: TestOffice;
let yunan: TestDevice;
let wuhan: TestDevice;
let both: TestDevice;

const PHONE = '13800138000';
const yunanFault = {
  ...newRecord('fault-yn-0001', { levelId: 'level-1', title: 'HIS 住院收费中断' }),
  reporter: { name: '李主任', department: '住院部无法结算', phone: PHONE },
};
const impact = yunanFault.reporter.department;

/** Nothing of the stored record or of where it is may appear anywhere in the answer. */
function expectNothingTold(body: unknown, stored: string[]): void {
  expect(body).toMatchObject({ error: { code: 'id_taken' } });
  const error = (body as { error: Record<string, unknown> }).error;
  expect(Object.keys(error).sort()).toEqual(['code', 'message']);
  const text = JSON.stringify(body);
  for (const secret of ['yunan', PHONE, ...stored]) expect(text).not.toContain(secret);
}

beforeAll(async () => {
  office = await startTestOffice();
  yunan = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
  wuhan = await enrolledDevice(office, 'wang-li', ['wuhan-central']);
  both = await enrolledDevice(office, 'zhao-min', ['wuhan-central', 'yunan-peoples']);
  expect((await yunan.call('PUT', paths.fault(yunanFault.id), yunanFault)).status).toBe(201);
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('ids of records at another hospital', () => {
  it('a fault pushed by an engineer of wuhan-central under a yunan fault id gets 409 id_taken and nothing of that fault', async () => {
    // The exact attack: same id and version 1 (a "stale version"), then the next version.
    for (const version of [1, 2]) {
      const attempt = await wuhan.call('PUT', paths.fault(yunanFault.id), {
        ...newRecord(yunanFault.id, { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', levelId: 'serious', title: 'x', subject: { kind: 'contract' } }),
        version,
      });
      expect(attempt.status).toBe(409);
      expectNothingTold(attempt.body, ['HIS 住院收费中断', impact]);
    }
    const refused = (await office.ctx.store.listAudit({ limit: 10, target: yunanFault.id })).filter((a) => a.outcome === 'refused');
    expect(refused).toHaveLength(2);
    expect(refused[0]?.details).toMatchObject({ code: 'id_taken', storedHospitalId: 'yunan-peoples' });
  });

  it('an engineer who may read the stored fault still gets the conflict with its details', async () => {
    const stale = await both.call('PUT', paths.fault(yunanFault.id), { ...yunanFault, reporter: { ...yunanFault.reporter, name: '王护士长' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'fault_conflict', current: { version: 1, record: { reporter: { phone: PHONE } } } } });
  });

  it('a report pushed under a yunan report id by an engineer of wuhan-central gets 409 id_taken, not its hash or time, and its receipt is "not found"', async () => {
    const stored = await makeReport(yunan);
    await pushBlobs(yunan, stored.blobs);
    expect((await pushReport(yunan, stored.envelope)).status).toBe(201);
    const receivedAt = (await office.ctx.store.getReport(stored.envelope.id))?.receivedAt ?? 'missing';

    const forged = await makeReport(wuhan, { id: stored.envelope.id, hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', system: { id: 'wh-drg', templateId: 'drg', templateVersion: 1 } });
    await pushBlobs(wuhan, forged.blobs);
    const attempt = await pushReport(wuhan, forged.envelope);
    expect(attempt.status).toBe(409);
    expectNothingTold(attempt.body, [stored.envelope.hash, receivedAt, stored.envelope.reportNumber]);

    const receipt = await wuhan.call('GET', paths.reportReceipt(stored.envelope.id));
    expect(receipt.status).toBe(404);
    expect(receipt.body).toEqual({ error: { code: 'not_found', message: `no report ${stored.envelope.id}` } });
    const absent = await wuhan.call('GET', paths.reportReceipt('insp-never-pushed'));
    expect(absent.status).toBe(404);

    // Who may read the report learns what conflicts.
    const other = await makeReport(both, { id: stored.envelope.id, note: 'changed' });
    await pushBlobs(both, other.blobs);
    const conflict = await pushReport(both, other.envelope);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'report_conflict', storedHash: stored.envelope.hash } });
  });
});
