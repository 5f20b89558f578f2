/**
 * Issue 11 items 8–9 at the office: a pushed service record is a strict ServiceRecord checked
 * against the office's contract data and clock, each refusal with its own code; versions only
 * append; two devices' versions merge through the 409; the largest record fits the route's limit.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { mergeRecords } from '../../src-shared/service/merge';
import { SERVICE_LIMITS, type ServiceEvent } from '../../src-shared/service/record';
import { recordOf, type FaultPush } from '../../src-shared/sync/envelope';
import { paths } from '../../src-shared/sync/protocol';
import { consoleClient } from './helpers/console';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { pushBlobs, sha256 } from './helpers/report';
import { append, eventId, newRecord, stepEvent } from './helpers/service';

let office: TestOffice;
let deviceA: TestDevice;
let deviceB: TestDevice;
/** The office's clock: 2026-03-16 12:00 in China, a Monday. */
const NOW = new Date('2026-03-16T04:00:00.000Z');

const put = (d: TestDevice, body: unknown) => d.call<{ error?: { code: string; problems?: { code: string; eventId: string }[] } }>('PUT', paths.fault((body as { id: string }).id), body);

async function expectRefused(body: FaultPush | Record<string, unknown>, status: number, code: string): Promise<void> {
  const res = await put(deviceA, body);
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
  expect(await office.ctx.store.getServiceRecord(String(body.id))).toBeUndefined();
}

beforeAll(async () => {
  office = await startTestOffice({ now: () => NOW });
  deviceA = await enrolledDevice(office, 'chen-jie', ['yunan-peoples', 'wuhan-central']);
  deviceB = await enrolledDevice(office, 'chen-jie', ['yunan-peoples', 'wuhan-central']);
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('a pushed service record is checked', () => {
  it('accepts a record of the contract, and stores its listing', async () => {
    const record = newRecord('svc-ok');
    expect((await put(deviceA, record)).status).toBe(201);
    expect(await office.ctx.store.getServiceRecord('svc-ok')).toMatchObject({ hospitalId: 'yunan-peoples', contractId: 'yunan-maint-2026', levelId: 'level-2', status: 'open' });
  });

  it('refuses what is not a ServiceRecord with 400 invalid_request', async () => {
    await expectRefused({ ...newRecord('svc-extra'), status: 'open' }, 400, 'invalid_request');
    await expectRefused({ ...newRecord('svc-short'), events: newRecord('svc-short').events.slice(0, 1) }, 400, 'invalid_request');
  });

  it('refuses a contract or subject the office does not know at the hospital with 422 reference_unknown', async () => {
    await expectRefused(newRecord('svc-contract', { contractId: 'whch-drg-2026', levelId: 'serious' }), 422, 'reference_unknown');
    await expectRefused(newRecord('svc-system', { subject: { kind: 'system', systemId: 'whch-drg' } }), 422, 'reference_unknown');
    await expectRefused(newRecord('svc-asset', { subject: { kind: 'asset', assetId: 'no-such-asset' } }), 422, 'reference_unknown');
  });

  it('stores a record dated after the office\'s clock (the device clock ran ahead) and the console flags it, so a correction can follow', async () => {
    // Ten minutes ahead of the office's clock: more than the two minutes a device clock may run fast.
    const ahead = newRecord('svc-future', { reportedAt: new Date(NOW.getTime() + 10 * 60_000).toISOString() });
    expect((await put(deviceA, ahead)).status).toBe(201);
    await office.addConsoleUser('auditor', 'correct horse battery');
    const admin = await consoleClient(office, 'auditor', 'correct horse battery');
    const page = (await admin.get('/console/service-records/svc-future')).body;
    const reported = ahead.events.find((e) => e.type === 'step' && e.step === 'reported')!;
    expect(page).toMatch(new RegExp(`data-event="${reported.id}"[\\s\\S]*?data-flag="ahead"`));
    expect(page).toContain('设备时钟可能超前');
  });

  it('refuses each broken rule with its own code and names the event', async () => {
    await expectRefused(newRecord('svc-level', { levelId: 'fatal' }), 422, 'level_unknown');
    await expectRefused(newRecord('svc-kind', { kind: 'consultation' }), 422, 'level_wrong_kind');
    const early = newRecord('svc-early');
    const resolvedBefore = stepEvent('resolved', '2026-03-16T08:00:00.000+08:00', { recordedAt: '2026-03-16T09:30:00.000+08:00' });
    await expectRefused({ ...early, events: [...early.events, resolvedBefore] }, 422, 'step_before_report');
    const res = await put(deviceA, { ...early, events: [...early.events, resolvedBefore] });
    expect(res.body.error?.problems).toEqual([expect.objectContaining({ code: 'step_before_report', eventId: resolvedBefore.id })]);

    const base = newRecord('svc-correct');
    const responded = stepEvent('responded', '2026-03-16T09:20:00.000+08:00');
    const noReason = stepEvent('responded', '2026-03-16T09:10:00.000+08:00', { corrects: responded.id, recordedAt: '2026-03-16T10:00:00.000+08:00' });
    await expectRefused({ ...base, events: [...base.events, responded, noReason] }, 422, 'reason_required');
    const unknown = stepEvent('responded', '2026-03-16T09:10:00.000+08:00', { corrects: 'nobody-1', reason: '记错了', recordedAt: '2026-03-16T10:00:00.000+08:00' });
    await expectRefused({ ...base, id: 'svc-correct2', events: [...base.events, unknown] }, 422, 'correction_unknown');

    const twice = newRecord('svc-twice');
    await expectRefused({ ...twice, events: [...twice.events, { ...twice.events[2]!, value: '另一个标题' }] }, 422, 'event_id_duplicate');
    const unclassified = newRecord('svc-unclassified');
    await expectRefused({ ...unclassified, events: unclassified.events.slice(1) }, 422, 'record_incomplete');
    const followUp: ServiceEvent = { id: eventId(), recordedAt: '2026-03-16T10:00:00.000+08:00', by: '陈杰', type: 'follow_up', at: '2026-03-16T10:00:00.000+08:00', contact: '李主任', rating: 'good', comment: '' };
    const open = newRecord('svc-followup');
    await expectRefused({ ...open, events: [...open.events, followUp] }, 422, 'follow_up_before_resolution');
  });

  it('keeps every version append-only: an event removed or changed is a 409 fault_conflict with the office\'s record', async () => {
    const v1 = newRecord('svc-append');
    expect((await put(deviceA, v1)).status).toBe(201);
    const removed = await put(deviceA, { ...v1, version: 2, events: [...v1.events.slice(0, 2), stepEvent('responded', '2026-03-16T09:20:00.000+08:00')] });
    expect(removed.status).toBe(409);
    expect(removed.body).toMatchObject({ error: { code: 'fault_conflict', removed: ['svc-append-t1'], altered: [], current: { version: 1, record: { id: 'svc-append' } } } });
    const altered = await put(deviceA, { ...v1, version: 2, events: v1.events.map((e) => (e.type === 'step' ? { ...e, at: '2026-03-16T08:00:00.000+08:00' } : e)) });
    expect(altered.status).toBe(409);
    expect(altered.body).toMatchObject({ error: { code: 'fault_conflict', removed: [], altered: ['svc-append-r1'] } });
    // A correction is an event of its own: that is how a time changes.
    const correction = stepEvent('reported', '2026-03-16T08:50:00.000+08:00', { corrects: 'svc-append-r1', reason: '电话记录显示 8:50', recordedAt: '2026-03-16T10:00:00.000+08:00' });
    expect((await put(deviceA, append(v1, correction))).status).toBe(201);
    expect((await office.ctx.store.getServiceRecord('svc-append'))?.reportedAt).toBe('2026-03-16T00:50:00.000Z');
  });

  it('merges two devices\' versions: the second gets 409 with the first\'s, merges and pushes both histories', async () => {
    const v1 = newRecord('svc-merge');
    expect((await put(deviceA, v1)).status).toBe(201);
    const ours = append(v1, stepEvent('responded', '2026-03-16T09:15:00.000+08:00'), { ...stepEvent('arrived', '2026-03-16T10:00:00.000+08:00'), id: eventId('dev-a') });
    const theirs = append(v1, { ...stepEvent('responded', '2026-03-16T09:20:00.000+08:00'), id: eventId('dev-b') });
    // Both paused the clock offline: their union has two pauses, which the fold reads as one.
    const pauseA: ServiceEvent = { id: eventId('dev-a'), recordedAt: '2026-03-16T10:30:00.000+08:00', by: '陈杰', type: 'pause', at: '2026-03-16T10:30:00.000+08:00', reason: '机房钥匙在保卫科' };
    const pauseB: ServiceEvent = { ...pauseA, id: eventId('dev-b'), at: '2026-03-16T10:35:00.000+08:00', recordedAt: '2026-03-16T10:35:00.000+08:00' };
    expect((await put(deviceA, { ...ours, events: [...ours.events, pauseA] })).status).toBe(201);

    const conflict = await put(deviceB, { ...theirs, events: [...theirs.events, pauseB] });
    expect(conflict.status).toBe(409);
    const current = (conflict.body as unknown as { error: { current: { version: number; record: FaultPush } } }).error.current;
    expect(current.version).toBe(2);
    const merged = mergeRecords(recordOf({ ...theirs, events: [...theirs.events, pauseB] }), recordOf(current.record));
    expect(merged.clashes).toEqual([]);
    expect((await put(deviceB, { ...merged.record, version: 3 })).status).toBe(201);

    const stored = (await office.ctx.store.getCurrentFault('svc-merge'))!.body as FaultPush;
    expect(stored.events.map((e) => e.id).sort()).toEqual([...new Set([...ours.events, pauseA, ...theirs.events, pauseB].map((e) => e.id))].sort());
    const versions = await office.ctx.store.listFaultVersions('svc-merge');
    expect(versions.map((v) => v.deviceId)).toEqual([deviceA.id, deviceA.id, deviceB.id]);
  });

  it('takes the largest record a device may make (2,000 events, 4,000-character texts, 20 photos) through the route\'s limit', async () => {
    const photos = Array.from({ length: SERVICE_LIMITS.photos }, (_, i) => Buffer.from(`机房照片 ${i}`));
    await pushBlobs(deviceA, new Map(photos.map((p) => [sha256(p), p])));
    const base = newRecord('svc-largest');
    const texts = Array.from({ length: SERVICE_LIMITS.events - base.events.length }, (_, i): ServiceEvent => ({
      id: `svc-largest-x${i}`,
      recordedAt: new Date(Date.parse('2026-03-16T01:00:00.000Z') + i * 1000).toISOString(),
      by: '陈杰',
      type: 'text',
      field: (['description', 'cause', 'workaround', 'resolution'] as const)[i % 4]!,
      value: '机'.repeat(SERVICE_LIMITS.text - 5) + String(i).padStart(5, '0'),
    }));
    const record: FaultPush = { ...base, photos: photos.map((p) => ({ sha256: sha256(p), size: p.length, mime: 'image/jpeg' })), events: [...base.events, ...texts] };
    const bytes = Buffer.byteLength(JSON.stringify(record));
    expect(bytes).toBeGreaterThan(24_000_000);
    expect(bytes).toBeLessThan(office.ctx.limits.faultBodyBytes);
    const res = await put(deviceA, record);
    expect(res.status).toBe(201);
    const stored = (await office.ctx.store.getCurrentFault('svc-largest'))!.body as FaultPush;
    expect(stored.events).toHaveLength(SERVICE_LIMITS.events);
    expect(stored.photos).toHaveLength(SERVICE_LIMITS.photos);
    // One byte over the limit is a 413 that names it.
    const over = await deviceA.call('PUT', paths.fault('svc-over'), Buffer.alloc(office.ctx.limits.faultBodyBytes + 1, 0x20), { 'content-type': 'application/json' });
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ error: { code: 'payload_too_large', limit: office.ctx.limits.faultBodyBytes } });
  }, 120_000);

  it('reads a contract an older office stored (levels without `kinds`) with today\'s defaults, not as a 500', async () => {
    const raw = (JSON.parse(await readFile('assets/catalog/hospitals/wuhan-central.json', 'utf8')) as { contracts: Record<string, unknown>[] }).contracts[0]!;
    // As an older office stored it: levels from before `kinds`, `onSiteBy`, `quotes` and `alsoStated`.
    raw.faultLevels = (raw.faultLevels as Record<string, unknown>[]).map(({ kinds, onSiteBy, quotes, alsoStated, ...level }) => (void [kinds, onSiteBy, quotes, alsoStated], level));
    expect(JSON.stringify(raw)).not.toContain('"kinds"');
    await office.ctx.store.upsertReference(
      [{ kind: 'contract', key: String(raw.id), hospitalId: 'wuhan-central', hash: await canonicalHash(raw), data: raw }],
      { actor: 'test', action: 'reference.upsert', outcome: 'ok', target: String(raw.id), details: {} },
    );
    const record = newRecord('svc-old-contract', { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', levelId: 'serious', subject: { kind: 'contract' } });
    expect((await put(deviceA, record)).status).toBe(201);
    expect((await put(deviceA, { ...newRecord('svc-old-kind', { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', levelId: 'serious', kind: 'consultation', subject: { kind: 'contract' } }) })).body).toMatchObject({ error: { code: 'level_wrong_kind' } });
  });
});
