/** Pulling reference data by cursor: pages, only the engineer's hospitals, real changes only, resets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignHospitals } from '../../src-server/admin/operations';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { CalendarDataSchema } from '../../src-shared/sla/calendar-schema';
import { PullPage, paths, type ReferenceItem } from '../../src-shared/sync/protocol';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';

let office: TestOffice;
let device: TestDevice;

async function pullAll(d: TestDevice, cursor?: string, limit = 10): Promise<{ items: ReferenceItem[]; cursor: string; pages: number; resets: boolean[] }> {
  const items: ReferenceItem[] = [];
  const resets: boolean[] = [];
  let pages = 0;
  let next = cursor;
  for (;;) {
    const res = await d.call('GET', `${paths.reference}?limit=${limit}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
    expect(res.status).toBe(200);
    const page = PullPage.parse(res.body);
    items.push(...page.items);
    resets.push(page.reset);
    pages++;
    next = page.cursor;
    if (!page.more) return { items, cursor: next, pages, resets };
  }
}

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'li-na', ['queue-demo']);
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('reference pull', () => {
  it('pages through templates and the engineer’s own hospital, each row once', async () => {
    const { items, pages } = await pullAll(device);
    const keys = items.map((i) => `${i.kind}/${i.key}`);
    expect(new Set(keys).size).toBe(keys.length);
    // 36 template versions (31 templates; queue-peripheral, drg, e-invoice, emergency-5g-platform and queue-software in v1 and v2) + queue-demo: 1 hospital, 1 contract, 38 units.
    expect(items.filter((i) => i.kind === 'template')).toHaveLength(36);
    expect(items.filter((i) => i.kind === 'hospital').map((i) => i.key)).toEqual(['queue-demo']);
    expect(items.filter((i) => i.kind === 'asset')).toHaveLength(38);
    expect(items.every((i) => i.hospitalId === null || i.hospitalId === 'queue-demo')).toBe(true);
    expect(pages).toBe(Math.ceil(items.length / 10));
    // Templates are keyed by id and version, and every row's hash is its content's.
    expect(keys).toContain('template/his@1');
    expect(keys).toEqual(expect.arrayContaining(['template/queue-peripheral@1', 'template/queue-peripheral@2', 'template/queue-speaker@1']));
    for (const i of items.slice(0, 5)) expect(i.hash).toBe(await canonicalHash(i.data));
  });

  it('carries the calendars to every engineer, as the clock reads them', async () => {
    const { items } = await pullAll(device);
    const calendars = items.filter((i) => i.kind === 'calendar');
    expect(calendars.map((i) => [i.key, i.hospitalId])).toEqual([['cn-mainland', null]]);
    const calendar = CalendarDataSchema.parse(calendars[0]!.data);
    expect(Object.keys(calendar.years)).toEqual(['2024', '2025', '2026']);
    expect(calendar.years['2026']!.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(calendar.source).toContain('holiday-calendar');
  });

  it('returns nothing new after the last cursor, then only what changed', async () => {
    const first = await pullAll(device);
    const again = await pullAll(device, first.cursor);
    expect(again.items).toEqual([]);

    const [hospital] = await office.ctx.store.listReference('hospital', 'queue-demo');
    const changed = { ...(hospital!.data as Record<string, unknown>), city: { zh: '广州', en: 'Guangzhou' } };
    const audit = { actor: 'test', action: 'reference.edit', outcome: 'ok' as const, target: 'queue-demo', details: {} };
    await office.ctx.store.upsertReference([{ ...hospital!, data: changed, hash: await canonicalHash(changed) }], audit);
    // The same content again is not a change.
    await office.ctx.store.upsertReference([{ ...hospital!, data: changed, hash: await canonicalHash(changed) }], audit);
    // Another hospital's change is not this engineer's.
    const [other] = await office.ctx.store.listReference('hospital', 'wuhan-central');
    const otherChanged = { ...(other!.data as Record<string, unknown>), city: { zh: '武汉市', en: 'Wuhan City' } };
    await office.ctx.store.upsertReference([{ ...other!, data: otherChanged, hash: await canonicalHash(otherChanged) }], audit);

    const delta = await pullAll(device, first.cursor);
    expect(delta.items.map((i) => `${i.kind}/${i.key}`)).toEqual(['hospital/queue-demo']);
    expect(delta.items[0]!.data).toMatchObject({ city: { en: 'Guangzhou' } });

    await office.ctx.store.deleteReference([{ kind: 'asset', key: (await office.ctx.store.listReference('asset', 'queue-demo'))[0]!.key }], audit);
    const tombstone = await pullAll(device, delta.cursor);
    expect(tombstone.items).toHaveLength(1);
    expect(tombstone.items[0]).toMatchObject({ kind: 'asset', deleted: true, data: null });
  });

  it('starts over when the engineer’s hospitals change, so a new hospital’s old rows arrive', async () => {
    const first = await pullAll(device);
    await assignHospitals(office.ctx, 'li-na', ['queue-demo', 'zhanjiang-central'], 'test');
    const after = await pullAll(device, first.cursor);
    expect(after.resets[0]).toBe(true);
    expect(after.items.some((i) => i.kind === 'hospital' && i.key === 'zhanjiang-central')).toBe(true);
    const last = (await device.call('GET', `${paths.reference}?cursor=${encodeURIComponent(after.cursor)}`)).body as { hospitalIds: string[]; reset: boolean };
    expect(last).toMatchObject({ reset: false, hospitalIds: ['queue-demo', 'zhanjiang-central'] });
  });

  it('refuses a cursor it did not issue and a page size out of range', async () => {
    expect((await device.call('GET', `${paths.reference}?cursor=not-a-cursor`)).status).toBe(400);
    expect((await device.call('GET', `${paths.reference}?limit=5000`)).status).toBe(400);
  });
});
