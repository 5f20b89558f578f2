/** Service records (faults) with optimistic concurrency: next version accepted, retries idempotent, stale or skipped versions 409. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultAccepted, paths } from '../../src-shared/sync/protocol';
import { receiptCovers, verifyReceipt } from '../../src-shared/sync/receipt';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { pushBlobs, sha256 } from './helpers/report';
import { newRecord } from './helpers/service';
import type { FaultPush } from '../../src-shared/sync/envelope';

let office: TestOffice;
let device: TestDevice;

/** Version `version` of one record: each version adds a step after the report (append-only). */
const STEPS = ['responded', 'arrived', 'resolved', 'closed'] as const;
const base = newRecord('fault-0001');
const fault = (version: number, variant = '', extra: Partial<FaultPush> = {}): FaultPush => ({
  ...base,
  version,
  events: [
    ...base.events,
    ...STEPS.slice(0, version - 1).map((step, i) => ({
      id: `fault-0001-s${i}${i === version - 2 ? variant : ''}`,
      recordedAt: `2026-03-16T1${i}:00:00.000+08:00`,
      by: '陈杰',
      type: 'step' as const,
      step,
      at: `2026-03-16T1${i}:00:00.000+08:00`,
    })),
  ],
  ...extra,
});
const put = (d: TestDevice, body: FaultPush) => d.call('PUT', paths.fault(body.id), body);

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('fault records', () => {
  it('accepts version 1 then 2, each with a receipt; a retry of either is 200 with the same receipt', async () => {
    const v1 = fault(1);
    const first = await put(device, v1);
    expect(first.status).toBe(201);
    const accepted = FaultAccepted.parse(first.body);
    const verdict = await verifyReceipt(accepted.receipt, device.enrollment.office.receiptKey);
    expect(verdict.ok).toBe(true);
    expect(receiptCovers(accepted.receipt.body, { kind: 'fault', id: v1.id, hash: await canonicalHash(v1), version: 1, blobs: [] })).toEqual([]);

    const photo = Buffer.from('fake photo of the server rack');
    await pushBlobs(device, new Map([[sha256(photo), photo]]));
    const v2 = fault(2, '', { photos: [{ sha256: sha256(photo), size: photo.length, mime: 'image/jpeg' }] });
    expect((await put(device, v2)).status).toBe(201);

    // Duplicate delivery of an older version after a newer one: still a retry, not a conflict.
    const retry1 = await put(device, v1);
    expect(retry1.status).toBe(200);
    expect(retry1.body).toEqual({ ...accepted, created: false });
    expect((await put(device, v2)).status).toBe(200);
  });

  it('answers 409 to a stale version with other content, and to a skipped version, with what the office has', async () => {
    const stale = await put(device, fault(2, 'x'));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'fault_conflict', sentVersion: 2, current: { version: 2, record: { events: expect.arrayContaining([expect.objectContaining({ id: 'fault-0001-s0' })]) } } } });

    const skipped = await put(device, fault(4));
    expect(skipped.status).toBe(409);
    expect((skipped.body as { error: { message: string } }).error.message).toMatch(/next version is 3/);

    expect((await put(device, fault(3))).status).toBe(201);
    const refused = (await office.ctx.store.listAudit({ limit: 20, target: 'fault-0001' })).filter((a) => a.outcome === 'refused');
    expect(refused).toHaveLength(2);
  });

  it('refuses a fault of another hospital (403), a missing photo (422) and a mismatched path (400)', async () => {
    expect((await put(device, { ...newRecord('fault-0002', { hospitalId: 'queue-demo', contractId: 'queue-demo-2026', levelId: 'severe' }) })).status).toBe(403);
    const missing = await put(device, { ...newRecord('fault-0003'), photos: [{ sha256: sha256(Buffer.from('never sent')), size: 10, mime: 'image/jpeg' }] });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ error: { code: 'blob_missing' } });
    expect((await device.call('PUT', paths.fault('fault-9999'), fault(1))).status).toBe(400);
  });
});
