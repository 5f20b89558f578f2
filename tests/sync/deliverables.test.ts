/**
 * The device's deliverables register syncing to a real office (issue 12): the renderer's store
 * and sync engine (fake-indexeddb) and the real main-process router (`sync.*` handlers, report
 * files in a temp folder) against an office on 127.0.0.1. Files go first, then each entry
 * (`sync.pushDeliverable`); a produced report's PDF is read by main from where it was filed;
 * when another device made a newer revision the device takes the office's entry and settles with
 * its receipt; and an offline bundle carries entries and their files to the office's import.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineer, createEnrollmentCode } from '../../src-server/admin/operations';
import { importBundleFile } from '../../src-server/bundle/import-bundle';
import { startOffice, type RunningOffice } from '../../src-server/start';
import type { Contract } from '../../src-shared/catalog/reference';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import type { DeliverableEntry } from '../../src-shared/period/deliverable';
import { deliverableOutboxId } from '../../src-renderer/db/rows';
import { exportBundle } from '../../src-renderer/sync/bundle-export';
import { deliverableSource } from '../../src-renderer/sync/deliverable-package';
import { reportSource } from '../../src-renderer/sync/report-package';
import { serviceSource } from '../../src-renderer/sync/service-package';
import { docx } from '../helpers/zip';
import { sha256 } from '../server/helpers/report';
import { openDevice, type TestDevice } from './helpers/device';

const Q1 = { start: '2026-03-01', end: '2026-05-31' };
const Q2 = { start: '2026-06-01', end: '2026-08-31' };
const PDF = Buffer.from('%PDF-1.7\n% the evaluation report, as the report thread filed it\n%%EOF\n');
const REPORT = { hospitalId: 'wuhan-central', month: '2026-05', reportNumber: 'PJ-WHCH-202605-1' };

const folders: string[] = [];
const devices: TestDevice[] = [];
let office: RunningOffice;

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-dlv-office-'));
  folders.push(dataDir);
  office = await startOffice({ dataDir, port: 0, logLevel: false });
  await createEngineer(office.ctx, { id: 'wang-li', name: '王莉', hospitalIds: ['wuhan-central'] }, 'test');
}, 60_000);

afterAll(async () => {
  for (const d of devices) await d.close();
  await office.app.close();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
}, 60_000);

async function enrolledDevice(): Promise<{ device: TestDevice; contract: Contract; sync: () => Promise<unknown> }> {
  const device = await openDevice({ officeHttp: { timeoutMs: 20_000 } });
  devices.push(device);
  await device.enroll(office.url, (await createEnrollmentCode(office.ctx, 'wang-li', 7, 'test')).code);
  const contract = (await device.repos.reference.getContract('whch-drg-2026'))!;
  const engine = device.engine({ deliverables: deliverableSource(device.repos) });
  return { device, contract, sync: () => engine.syncNow() };
}

describe('deliverables register: device to office', () => {
  it('pushes an attached Word file, a produced report and a not-applicable mark, each synced on its receipt', async () => {
    const { device, contract, sync } = await enrolledDevice();
    // As the report pipeline files a signed report: main reads it from there to upload it.
    const filed = path.join(device.dataDir, 'reports', REPORT.hospitalId, REPORT.month);
    await mkdir(filed, { recursive: true });
    await writeFile(path.join(filed, `${REPORT.reportNumber}.pdf`), PDF);

    const minutes = docx('需求沟通会议纪要');
    const repo = device.repos.deliverables;
    const attached = await repo.attach({ contract, deliverableId: 'meeting-minutes', window: Q1, file: new Blob([minutes as BlobPart]), name: '会议纪要.docx', by: '王莉' });
    const produced = await repo.markProduced({ contract, deliverableId: 'evaluation-report', window: Q1, report: { ...REPORT, sha256: sha256(PDF), size: PDF.length }, by: '王莉' });
    const na = await repo.markNotApplicable({ contract, deliverableId: 'change-list', window: Q1, reason: '本季度无需求变更', by: '王莉' });

    expect(await sync()).toMatchObject({ synced: 3, attention: 0, retry: 0 });
    for (const e of [attached, produced, na]) {
      expect(await device.db.outbox.get(deliverableOutboxId(e.id))).toMatchObject({ state: 'synced', receipt: { body: { kind: 'deliverable', id: e.id, hash: await canonicalHash(e), version: 1 } } });
      expect((await office.ctx.store.getDeliverable(e.id))?.hash).toBe(await canonicalHash(e));
    }
    expect((await office.ctx.blobs.read(sha256(Buffer.from(minutes)))).equals(Buffer.from(minutes))).toBe(true);
    expect((await office.ctx.blobs.read(sha256(PDF))).equals(PDF)).toBe(true);

    // A later change goes again, as revision 2.
    await repo.withdraw({ entryId: na.id, by: '王莉' });
    expect(await sync()).toMatchObject({ synced: 1 });
    expect((await office.ctx.store.getDeliverable(na.id))?.entry.current).toMatchObject({ revision: 2, value: { state: 'withdrawn' } });
  });

  it('takes the office’s newer entry when another device changed it first, and settles with that entry’s receipt', async () => {
    const a = await enrolledDevice();
    const b = await enrolledDevice();
    const target = { deliverableId: 'training-record', window: Q1 };
    await b.device.repos.deliverables.markNotApplicable({ contract: b.contract, ...target, reason: '本季度无培训', by: '李强' });
    await b.device.repos.deliverables.markNotApplicable({ contract: b.contract, ...target, reason: '培训推迟到下季度', by: '李强' });
    expect(await b.sync()).toMatchObject({ synced: 1 });

    const mine = await a.device.repos.deliverables.markNotApplicable({ contract: a.contract, ...target, reason: '没有培训', by: '王莉' });
    expect(await a.sync()).toMatchObject({ synced: 1, attention: 0 });
    const audit = await office.ctx.store.listAudit({ limit: 20, target: mine.id });
    expect(audit.some((e) => e.outcome === 'refused' && e.details.code === 'deliverable_conflict')).toBe(true);
    const kept = (await a.device.repos.deliverables.get(mine.id)) as DeliverableEntry;
    expect(kept.current).toMatchObject({ revision: 2, by: '李强', value: { reason: '培训推迟到下季度' } });
    expect(await a.device.db.outbox.get(deliverableOutboxId(mine.id))).toMatchObject({ state: 'synced', receipt: { body: { hash: await canonicalHash(kept), version: 2 } } });
  });

  it('goes to the office in an offline bundle with its file, and the next online push gets the receipt', async () => {
    const { device, contract, sync } = await enrolledDevice();
    const scan = Buffer.from('%PDF-1.4\n% 调优记录（签字扫描件）\n%%EOF\n');
    const entry = await device.repos.deliverables.attach({ contract, deliverableId: 'tuning-record', window: Q2, file: new Blob([scan]), name: '调优记录.pdf', by: '王莉' });
    const { outcome, problems } = await exportBundle(device.call, device.repos.outbox, reportSource(device.repos), serviceSource(device.repos), deliverableSource(device.repos));
    expect(problems).toEqual([]);
    if (outcome.kind !== 'download') throw new Error(`expected a download, got ${outcome.kind}`);
    const file = path.join(folders[0]!, `${outcome.bundleId}.xjbundle`);
    await writeFile(file, Buffer.from(outcome.base64, 'base64'));
    const imported = await importBundleFile(office.ctx, file, 'admin');
    expect(imported.results.filter((r) => r.kind === 'deliverable')).toEqual([expect.objectContaining({ id: entry.id, status: 'accepted' })]);
    expect((await office.ctx.blobs.read(sha256(scan))).equals(scan)).toBe(true);

    expect(await device.db.outbox.get(deliverableOutboxId(entry.id))).toMatchObject({ state: 'pending', exportedAt: expect.any(String) });
    expect(await sync()).toMatchObject({ synced: 1, attention: 0 });
    expect(await device.db.outbox.get(deliverableOutboxId(entry.id))).toMatchObject({ state: 'synced', receipt: { body: { via: 'bundle', hash: await canonicalHash(entry) } } });
  });
});
