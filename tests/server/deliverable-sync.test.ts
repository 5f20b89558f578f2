/**
 * The device's deliverables register syncing to a real office over HTTP (issue 12): the renderer's
 * sync engine and repository (over fake-indexeddb) push files first and then each entry; a
 * produced report's PDF goes from where the main process filed it; when another device made a
 * newer revision, this device takes the office's entry and settles with its receipt. The
 * transport is the device's protocol calls made directly (the main process's `sync.*` handlers
 * make the same calls with the same token).
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src-main/catalog/load-catalog';
import type { Contract } from '../../src-shared/catalog/reference';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import type { DeliverableEntry } from '../../src-shared/period/deliverable';
import { DeliverableAccepted } from '../../src-shared/sync/deliverables';
import { MissingBlobsResponse, paths } from '../../src-shared/sync/protocol';
import { XunjianDb } from '../../src-renderer/db/database';
import { createRepositories, type Repositories } from '../../src-renderer/db/index';
import { deliverableOutboxId } from '../../src-renderer/db/rows';
import { deliverableSource } from '../../src-renderer/sync/deliverable-package';
import { createSyncEngine } from '../../src-renderer/sync/engine';
import type { Transport } from '../../src-renderer/sync/ports';
import { reportSource } from '../../src-renderer/sync/report-package';
import { docx } from '../helpers/zip';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { sha256 } from './helpers/report';

const Q1 = { start: '2026-03-01', end: '2026-05-31' };
const PDF = Buffer.from('%PDF-1.7\n% the evaluation report, as the report thread filed it\n%%EOF\n');
const REPORT = { hospitalId: 'wuhan-central', month: '2026-05', reportNumber: 'PJ-WHCH-202605-1' };

let office: TestOffice;

/** The device's protocol calls, as src-main/sync/sync-handlers.ts makes them; PDFs read from `filed` as main reads its files. */
function httpTransport(device: TestDevice, filed: Map<string, Buffer>): Transport {
  return {
    async missingBlobs(list) {
      const res = await device.call('POST', paths.blobsMissing, { sha256: list });
      return MissingBlobsResponse.parse(res.body).missing;
    },
    async putBlob(blob) {
      const bytes = blob.source.kind === 'report' ? filed.get(blob.source.locator.reportNumber)! : await blob.source.read();
      const res = await device.call('PUT', paths.blob(blob.sha256), new Uint8Array(bytes));
      if (res.status !== 201 && res.status !== 200) throw new Error(`PUT blob: ${res.status}`);
    },
    pushReport: async () => {
      throw new Error('no reports in this test');
    },
    async pushDeliverable(entry) {
      const res = await device.call<{ error?: { code: string; current?: { revision: number; hash: string; entry: unknown } } }>('PUT', paths.deliverable(entry.id), entry);
      if (res.status === 409 && res.body.error?.code === 'deliverable_conflict' && res.body.error.current) return { kind: 'conflict', current: res.body.error.current };
      if (res.status !== 200 && res.status !== 201) throw Object.assign(new Error(`push: ${res.status} ${JSON.stringify(res.body)}`), { status: res.status });
      return { kind: 'accepted', ...DeliverableAccepted.parse(res.body) };
    },
  };
}

interface Device {
  db: XunjianDb;
  repos: Repositories;
  contract: Contract;
  sync(): Promise<unknown>;
}

async function device(engineerId: string, filed: Map<string, Buffer> = new Map()): Promise<Device> {
  const enrolled = await enrolledDevice(office, engineerId, ['wuhan-central']);
  const db = new XunjianDb(`deliverable-sync-${crypto.randomUUID()}`, { indexedDB, IDBKeyRange });
  const repos = createRepositories(db);
  await repos.reference.applyCatalog(await loadCatalog(path.resolve('assets/catalog')));
  const contract = (await repos.reference.getContract('whch-drg-2026'))!;
  const engine = createSyncEngine({
    outbox: repos.outbox,
    source: reportSource(repos),
    deliverables: deliverableSource(repos),
    transport: httpTransport(enrolled, filed),
    officeKey: async () => enrolled.enrollment.office.receiptKey,
    random: () => 0,
  });
  return { db, repos, contract, sync: () => engine.syncNow() };
}

beforeAll(async () => {
  office = await startTestOffice({ now: () => new Date('2026-06-15T02:00:00.000Z') });
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('deliverables register: device to office', () => {
  it('pushes an attached Word file, a produced report and a not-applicable mark, each synced on its receipt', async () => {
    const minutes = docx('需求沟通会议纪要');
    const a = await device('wang-li', new Map([[REPORT.reportNumber, PDF]]));
    const attached = await a.repos.deliverables.attach({ contract: a.contract, deliverableId: 'meeting-minutes', window: Q1, file: new Blob([minutes as BlobPart]), name: '会议纪要.docx', by: '王莉' });
    const produced = await a.repos.deliverables.markProduced({ contract: a.contract, deliverableId: 'evaluation-report', window: Q1, report: { ...REPORT, sha256: sha256(PDF), size: PDF.length }, by: '王莉' });
    const na = await a.repos.deliverables.markNotApplicable({ contract: a.contract, deliverableId: 'change-list', window: Q1, reason: '本季度无需求变更', by: '王莉' });

    expect(await a.sync()).toMatchObject({ synced: 3, attention: 0, retry: 0 });
    for (const e of [attached, produced, na]) {
      const row = await a.db.outbox.get(deliverableOutboxId(e.id));
      expect(row).toMatchObject({ state: 'synced', receipt: { body: { kind: 'deliverable', id: e.id, hash: await canonicalHash(e), version: 1 } } });
      expect((await office.ctx.store.getDeliverable(e.id))?.hash).toBe(await canonicalHash(e));
    }
    expect((await office.ctx.blobs.read(sha256(Buffer.from(minutes)))).equals(Buffer.from(minutes))).toBe(true);
    expect((await office.ctx.blobs.read(sha256(PDF))).equals(PDF)).toBe(true);

    // A later change goes again, as revision 2.
    await a.repos.deliverables.withdraw({ entryId: na.id, by: '王莉' });
    expect(await a.sync()).toMatchObject({ synced: 1 });
    expect((await office.ctx.store.getDeliverable(na.id))?.entry.current).toMatchObject({ revision: 2, value: { state: 'withdrawn' } });
  });

  it('takes the office’s newer entry when another device changed it first, and settles with that entry’s receipt', async () => {
    const a = await device('wang-li');
    const b = await device('li-qiang');
    const target = { deliverableId: 'training-record', window: Q1 };
    await b.repos.deliverables.markNotApplicable({ contract: b.contract, ...target, reason: '本季度无培训', by: '李强' });
    await b.repos.deliverables.markNotApplicable({ contract: b.contract, ...target, reason: '培训推迟到下季度', by: '李强' });
    expect(await b.sync()).toMatchObject({ synced: 1 });

    const mine = await a.repos.deliverables.markNotApplicable({ contract: a.contract, ...target, reason: '没有培训', by: '王莉' });
    expect(await a.sync()).toMatchObject({ synced: 1, attention: 0 });
    const office409 = await office.ctx.store.listAudit({ limit: 20, target: mine.id });
    expect(office409.some((e) => e.outcome === 'refused' && e.details.code === 'deliverable_conflict')).toBe(true);
    const kept = (await a.repos.deliverables.get(mine.id)) as DeliverableEntry;
    expect(kept.current).toMatchObject({ revision: 2, by: '李强', value: { reason: '培训推迟到下季度' } });
    expect(await a.db.outbox.get(deliverableOutboxId(mine.id))).toMatchObject({ state: 'synced', receipt: { body: { hash: await canonicalHash(kept), version: 2 } } });
  });
});
