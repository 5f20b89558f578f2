/**
 * Service records through sync (issue 11), with the device's real main-process code against a real
 * office on 127.0.0.1: a record with photos goes blobs first and then as `PUT /faults/<id>` with the
 * office's version + 1; two devices edit it, the second meets 409, merges (both histories stay) and
 * pushes again; an append during a push is pushed afterwards; the largest record the device
 * accepts (4,000-character texts, 20 photos, 2,000 events) reaches the office whole; and events
 * written after a sync carry the office clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineer, createEnrollmentCode } from '../../src-server/admin/operations';
import { startOffice, type RunningOffice } from '../../src-server/start';
import { foldRecord } from '../../src-shared/service/fold';
import { SERVICE_LIMITS, ServiceRecord, type ServiceEvent } from '../../src-shared/service/record';
import { serviceOutboxId } from '../../src-renderer/db/rows';
import { exportBundle } from '../../src-renderer/sync/bundle-export';
import { reportSource } from '../../src-renderer/sync/report-package';
import { serviceSource } from '../../src-renderer/sync/service-package';
import { importBundleFile } from '../../src-server/bundle/import-bundle';
import { writeFile } from 'node:fs/promises';
import { openDevice, type TestDevice } from './helpers/device';
import { minutesAgo, newRecord } from './helpers/service-record';

const folders: string[] = [];
const devices: TestDevice[] = [];
let office: RunningOffice;

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-svc-office-'));
  folders.push(dataDir);
  office = await startOffice({ dataDir, port: 0, logLevel: false });
  await createEngineer(office.ctx, { id: 'zhang-gong', name: '张工', hospitalIds: ['queue-demo'] }, 'test');
}, 60_000);

afterAll(async () => {
  for (const d of devices) await d.close();
  await office.app.close();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
}, 60_000);

async function enrolledDevice(): Promise<TestDevice> {
  const device = await openDevice({ officeHttp: { timeoutMs: 20_000 } });
  devices.push(device);
  await device.enroll(office.url, (await createEnrollmentCode(office.ctx, 'zhang-gong', 7, 'test')).code);
  return device;
}

/** What the office holds for a record now: its version and the record it was sent. */
async function atOffice(id: string): Promise<{ version: number; record: ServiceRecord }> {
  const stored = await office.ctx.store.getCurrentFault(id);
  if (!stored) throw new Error(`the office has no fault ${id}`);
  const record = Object.fromEntries(Object.entries(stored.body).filter(([key]) => key !== 'version'));
  return { version: stored.version, record: ServiceRecord.parse(record) };
}

async function photo(device: TestDevice, id: string, n: number): Promise<void> {
  const bytes = new Uint8Array(2048 + n);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + n * 7) % 256;
  bytes.set([0xff, 0xd8, 0xff, 0xe0]); // a JPEG's first bytes: the store checks a photo is one
  await device.repos.serviceRecords.addPhoto(id, new Blob([bytes], { type: 'image/jpeg' }));
}

describe('service records and the office', () => {
  it('pushes a record with its photos, merges a 409 from a second device, and both histories reach the office and both devices', async () => {
    const laptop = await enrolledDevice();
    const tablet = await enrolledDevice();
    const created = await laptop.repos.serviceRecords.create(newRecord());
    const id = created.id;
    for (let n = 0; n < 3; n++) await photo(laptop, id, n);

    expect(await laptop.engine().syncNow()).toMatchObject({ synced: 1, attention: 0, retry: 0 });
    const first = await atOffice(id);
    expect(first.version).toBe(1);
    expect(first.record.photos).toHaveLength(3);
    // The photos went first: the office holds every one of them.
    expect(await laptop.call('sync.missingBlobs', { sha256: first.record.photos.map((p) => p.sha256) })).toEqual({ missing: [] });
    const row = await laptop.repos.serviceRecords.get(id);
    expect(row?.officeVersion).toBe(1);
    const out = await laptop.db.outbox.get(serviceOutboxId(id));
    expect(out).toMatchObject({ state: 'synced', receipt: { body: { kind: 'fault', id, version: 1 } } });
    // The laptop has talked to the office: its events now carry the office clock.
    expect(first.record.events.every((e) => e.clock === undefined)).toBe(false);
    expect(first.record.events.at(-1)?.clock).toMatchObject({ basis: 'monotonic' });
    expect(Math.abs(first.record.events.at(-1)!.clock!.skewMs)).toBeLessThan(5_000);

    // The tablet holds the same record (as a restored copy would) and writes under its own id.
    await tablet.db.serviceRecords.put({ ...row!, nextEventNo: 1 });
    const onLaptop = await laptop.repos.serviceRecords.stepAt(id, 'responded', minutesAgo(20), '张工');
    const onTablet = await tablet.repos.serviceRecords.stepAt(id, 'arrived', minutesAgo(10), '李工');
    const tabletCause = await tablet.repos.serviceRecords.setText(id, 'cause', '打印头老化', '李工');
    expect([onLaptop.ok, onTablet.ok, tabletCause.ok]).toEqual([true, true, true]);
    const laptopEvent = onLaptop.ok ? onLaptop.row.record.events.at(-1)!.id : '';
    const tabletEvents = tabletCause.ok ? tabletCause.row.record.events.slice(-2).map((e) => e.id) : [];
    expect(laptopEvent.split('-').slice(0, -1).join('-')).not.toBe(tabletEvents[0]!.split('-').slice(0, -1).join('-'));

    expect(await laptop.engine().syncNow()).toMatchObject({ synced: 1 });
    expect((await atOffice(id)).version).toBe(2);
    // The tablet pushes version 2 too: 409 with the laptop's, merged, pushed as version 3.
    expect(await tablet.engine().syncNow()).toMatchObject({ synced: 1, attention: 0 });
    const merged = await atOffice(id);
    expect(merged.version).toBe(3);
    const atOfficeIds = merged.record.events.map((e) => e.id);
    expect(atOfficeIds).toEqual(expect.arrayContaining([laptopEvent, ...tabletEvents]));
    expect(Object.keys(foldRecord(merged.record).steps).sort()).toEqual(['arrived', 'reported', 'responded']);
    const tabletRow = await tablet.repos.serviceRecords.get(id);
    expect(tabletRow?.officeVersion).toBe(3);
    expect(tabletRow?.record.events.map((e) => e.id).sort()).toEqual([...atOfficeIds].sort());
    expect(await tablet.db.outbox.get(serviceOutboxId(id))).toMatchObject({ state: 'synced', receipt: { body: { version: 3 } } });

    // The laptop writes again: its push meets the tablet's version, merges, and holds everything.
    const resolved = await laptop.repos.serviceRecords.stepNow(id, 'resolved', '张工');
    expect(resolved.ok).toBe(true);
    expect(await laptop.engine().syncNow()).toMatchObject({ synced: 1, attention: 0 });
    const last = await atOffice(id);
    expect(last.version).toBe(4);
    const laptopRow = await laptop.repos.serviceRecords.get(id);
    expect(laptopRow?.officeVersion).toBe(4);
    expect(laptopRow?.record.events.map((e) => e.id).sort()).toEqual(last.record.events.map((e) => e.id).sort());
    expect(last.record.events.map((e) => e.id)).toEqual(expect.arrayContaining([laptopEvent, ...tabletEvents]));
    expect(foldRecord(last.record)).toMatchObject({ status: 'resolved', texts: { cause: '打印头老化' } });
    expect(last.record.photos).toHaveLength(3);
  });

  it('pushes again a record appended to while its push was under way', async () => {
    const laptop = await enrolledDevice();
    const { id } = await laptop.repos.serviceRecords.create(newRecord());
    let appended = false;
    const engine = laptop.engine({
      wrap: (t) => ({
        ...t,
        pushFault: async (fault) => {
          if (!appended) {
            appended = true;
            await laptop.repos.serviceRecords.setText(id, 'workaround', '先用人工叫号', '张工');
          }
          return t.pushFault!(fault);
        },
      }),
    });
    await engine.syncNow();
    expect((await atOffice(id)).version).toBe(1);
    expect(await laptop.db.outbox.get(serviceOutboxId(id))).toMatchObject({ state: 'pending' });
    await engine.syncNow();
    const now = await atOffice(id);
    expect(now.version).toBe(2);
    expect(foldRecord(now.record).texts.workaround).toBe('先用人工叫号');
    expect(await laptop.db.outbox.get(serviceOutboxId(id))).toMatchObject({ state: 'synced' });
  });

  it('carries the largest record the device accepts to the office whole: 4,000-character texts, 20 photos, 2,000 events', async () => {
    const laptop = await enrolledDevice();
    const long = (c: string, n: number = SERVICE_LIMITS.text): string => c.repeat(n);
    const { id } = await laptop.repos.serviceRecords.create(newRecord({ title: long('题', SERVICE_LIMITS.title), description: long('述') }));
    for (let n = 0; n < SERVICE_LIMITS.photos; n++) await photo(laptop, id, n);
    for (const [field, c] of [['cause', '因'], ['workaround', '绕'], ['resolution', '解']] as const) {
      expect((await laptop.repos.serviceRecords.setText(id, field, long(c), '张工')).ok).toBe(true);
    }
    // Fill up to the event limit with short notes (as a year of small edits would), then the last event through the store.
    const row = (await laptop.repos.serviceRecords.get(id))!;
    const writer = row.record.createdBy;
    const room = SERVICE_LIMITS.events - row.record.events.length - 1;
    const filler: ServiceEvent[] = Array.from({ length: room }, (_, i) => ({
      id: `${writer}-${row.nextEventNo + i}`, type: 'text', field: 'title', value: `题目第 ${i} 稿`, by: '张工', recordedAt: minutesAgo(5),
    }));
    await laptop.db.serviceRecords.put({ ...row, record: { ...row.record, events: [...row.record.events, ...filler] }, nextEventNo: row.nextEventNo + room });
    expect((await laptop.repos.serviceRecords.setText(id, 'title', long('题', SERVICE_LIMITS.title), '张工')).ok).toBe(true);
    await expect(laptop.repos.serviceRecords.setText(id, 'title', '再多一条', '张工')).rejects.toMatchObject({ code: 'svc_too_many_events' });

    expect(await laptop.engine().syncNow()).toMatchObject({ synced: 1, attention: 0, retry: 0 });
    const stored = await atOffice(id);
    expect(stored.record.events).toHaveLength(SERVICE_LIMITS.events);
    expect(stored.record.photos).toHaveLength(SERVICE_LIMITS.photos);
    expect(foldRecord(stored.record).texts).toEqual({
      title: long('题', SERVICE_LIMITS.title),
      description: long('述'),
      cause: long('因'),
      workaround: long('绕'),
      resolution: long('解'),
    });
    expect(await laptop.call('sync.missingBlobs', { sha256: stored.record.photos.map((p) => p.sha256) })).toEqual({ missing: [] });
  });

  it('goes to the office in an offline bundle with its photos, and the next online push follows the bundle\'s version', async () => {
    const laptop = await enrolledDevice();
    const { id } = await laptop.repos.serviceRecords.create(newRecord({ title: '离线记录' }));
    for (let n = 0; n < 2; n++) await photo(laptop, id, 100 + n);
    const { outcome, problems } = await exportBundle(laptop.call, laptop.repos.outbox, reportSource(laptop.repos), serviceSource(laptop.repos));
    expect(problems).toEqual([]);
    if (outcome.kind !== 'download') throw new Error(`expected a download, got ${outcome.kind}`);
    const file = path.join(folders[0]!, `${outcome.bundleId}.xjbundle`);
    await writeFile(file, Buffer.from(outcome.base64, 'base64'));
    const imported = await importBundleFile(office.ctx, file, 'admin');
    expect(imported.results.filter((r) => r.kind === 'fault')).toEqual([expect.objectContaining({ id: `${id}@1`, status: 'accepted' })]);
    expect(imported.results.filter((r) => r.kind === 'blob' && r.status === 'accepted')).toHaveLength(2);
    const stored = await atOffice(id);
    expect(stored).toMatchObject({ version: 1, record: { photos: [expect.anything(), expect.anything()] } });
    expect(await laptop.call('sync.missingBlobs', { sha256: stored.record.photos.map((p) => p.sha256) })).toEqual({ missing: [] });
    expect((await laptop.repos.serviceRecords.get(id))?.officeVersion).toBe(1);

    // Back online, after one more step: the push names version 2 and needs no merge.
    expect((await laptop.repos.serviceRecords.stepNow(id, 'responded', '张工')).ok).toBe(true);
    expect(await laptop.engine().syncNow()).toMatchObject({ synced: 1, attention: 0 });
    expect(foldRecord((await atOffice(id)).record).steps.responded).toBeDefined();
    expect((await atOffice(id)).version).toBe(2);
  });
});
