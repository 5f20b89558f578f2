/**
 * The outbox in the store: a report is queued in the same transaction that records it, at most
 * once; a v3 database gets its existing reports queued by the v4 upgrade; reference pages apply
 * with their cursor.
 */
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../src-renderer/db/database';
import { createRepositories } from '../../../src-renderer/db/index';
import { outboxId, type ReportFileRow } from '../../../src-renderer/db/rows';
import { catalog, seeded, uniqueName, databaseAt, openDb } from './store-fixtures';
import { signedReport } from './sync-fixtures';

describe('outbox', () => {
  it('is written with the report row, counting every blob, and not twice', async () => {
    const { repos } = await seeded();
    const a = await signedReport(repos, 1);
    const row = await repos.outbox.forRecord(a.inspectionId);
    // The PDF, a photo, a paper scan and two signature images.
    expect(row).toMatchObject({ state: 'pending', attempts: 0, bytesSent: 0, kind: 'report', recordId: a.inspectionId });
    expect(row!.bytesTotal).toBe(a.report.size + 64 + 32 + 7 + 7);
    await repos.outbox.markSending(row!.id, row!.bytesTotal);
    await repos.signoff.saveReport({ ...a.report, createdAt: 'again' });
    expect((await repos.outbox.forRecord(a.inspectionId))!.state).toBe('sending');
  });

  it('is not written when the report row cannot be (one transaction)', async () => {
    const { db, repos } = await seeded();
    const a = await signedReport(repos, 2);
    await db.outbox.clear();
    await db.reports.clear();
    // A report row that IndexedDB refuses (a function cannot be cloned): neither row is written.
    const bad = { ...a.report, replaced: [{ char: 'x', codePoint: 'U+0078', count: 1, oops: () => 1 }] } as unknown as ReportFileRow;
    await expect(repos.signoff.saveReport(bad)).rejects.toThrow();
    expect(await db.reports.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('puts rows left sending back in the queue and hurries rows waiting out a backoff', async () => {
    const { repos } = await seeded();
    const a = await signedReport(repos, 3);
    const id = outboxId(a.inspectionId);
    await repos.outbox.markSending(id, 10);
    expect(await repos.outbox.recoverInterrupted()).toBe(1);
    await repos.outbox.markRetry(id, { code: 'timeout', message: 'slow' }, '2999-01-01T00:00:00.000Z');
    expect(await repos.outbox.due(new Date().toISOString())).toHaveLength(0);
    expect(await repos.outbox.nextDueAt()).toBe('2999-01-01T00:00:00.000Z');
    await repos.outbox.hurry();
    expect(await repos.outbox.due(new Date().toISOString())).toHaveLength(1);
  });

  it('a paper scan added while the report is being sent sends it again once that send is done', async () => {
    const { repos } = await seeded();
    const a = await signedReport(repos, 6);
    const id = outboxId(a.inspectionId);
    const seen = (await repos.outbox.get(id))!.scansAdded ?? 0;
    await repos.outbox.markSending(id, 10);
    await repos.attachments.addPaperScan(a.inspectionId, { blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }), width: 4, height: 4 });
    expect(await repos.outbox.get(id)).toMatchObject({ state: 'sending', scansAdded: seen + 1 });
    const receipt = { body: { receiptId: 'r1' } } as unknown as Parameters<typeof repos.outbox.markSynced>[1];
    await repos.outbox.markSynced(id, receipt, seen);
    expect(await repos.outbox.get(id)).toMatchObject({ state: 'pending', receipt });
    expect(await repos.outbox.due(new Date(Date.now() + 1000).toISOString())).toHaveLength(1);
    await repos.outbox.markSending(id, 13);
    await repos.outbox.markSynced(id, receipt, seen + 1);
    expect((await repos.outbox.get(id))!.state).toBe('synced');
  });
});

describe('schema upgrade to version 4', () => {
  it('queues every report a v3 database already had', async () => {
    const name = uniqueName();
    const old = databaseAt(3, name);
    await old.open();
    const report: ReportFileRow = { inspectionId: 'i-1', hospitalId: 'queue-demo', month: '2026-11', reportNumber: 'XJ-1', path: '/r.pdf', sha256: 'a'.repeat(64), size: 1234, createdAt: '2026-11-01T00:00:00Z', replaced: [] };
    await old.table('reports').put(report);
    old.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    const repos = createRepositories(db);
    expect(await repos.outbox.forRecord('i-1')).toMatchObject({ state: 'pending', bytesTotal: 1234 });
    expect(await repos.syncState.get()).toMatchObject({ key: 'office', cursor: null });
  });
});

describe('reference pull', () => {
  it('applies a page and its cursor together, keeps template versions, and drops unassigned hospitals after a reset', async () => {
    const { db, repos } = await seeded();
    const hospitals = await repos.reference.listHospitals();
    const keep = hospitals[0]!;
    const contract = (await repos.reference.listContracts(keep.id))[0]!;
    const template = (await db.templates.toArray())[0]!;
    const renamed = { ...keep, name: { zh: '改名医院', en: 'Renamed' } };
    const first = await repos.syncState.applyPage({
      items: [
        { kind: 'hospital', key: keep.id, hospitalId: keep.id, deleted: false, hash: 'a'.repeat(64), data: renamed },
        { kind: 'template', key: `${template.id}@${template.version}`, hospitalId: null, deleted: false, hash: 'b'.repeat(64), data: { ...template, name: { zh: '改', en: 'x' } } },
        { kind: 'contract', key: 'broken', hospitalId: keep.id, deleted: false, hash: 'c'.repeat(64), data: { id: 'broken' } },
      ],
      cursor: 'c1',
      more: true,
      reset: true,
      hospitalIds: [keep.id],
    });
    expect(first.problems).toHaveLength(1);
    expect((await repos.syncState.get()).cursor).toBe('c1');
    // Not yet dropped: the reset pull has more pages.
    expect((await repos.reference.listHospitals()).length).toBe(hospitals.length);
    await repos.syncState.applyPage({ items: [], cursor: 'c2', more: false, reset: false, hospitalIds: [keep.id] });
    const after = await repos.reference.listHospitals();
    expect(after.map((h) => h.id)).toEqual([keep.id]);
    expect(after[0]!.name.zh).toBe('改名医院');
    expect(await repos.reference.listContracts(keep.id)).toContainEqual(contract);
    // A stored template version is never rewritten.
    expect((await db.templates.get([template.id, template.version]))!.name).toEqual(template.name);
    expect((await repos.syncState.get()).cursor).toBe('c2');
  });

  it('after a pull, a restart takes only new template versions from the shipped catalog', async () => {
    const { db, repos } = await seeded();
    const keep = (await repos.reference.listHospitals())[0]!;
    const renamed = { ...keep, name: { zh: '改名医院', en: 'Renamed' } };
    const item = { kind: 'hospital' as const, key: keep.id, hospitalId: keep.id, deleted: false, hash: 'a'.repeat(64), data: renamed };
    await repos.syncState.applyPage({ items: [item], cursor: 'c1', more: false, reset: true, hospitalIds: [keep.id] });
    const template = catalog.templates[0]!;
    await repos.reference.applyCatalog({ ...catalog, templates: [...catalog.templates, { ...template, version: template.version + 1 }] });
    const after = await repos.reference.listHospitals();
    expect(after.map((h) => [h.id, h.name.zh])).toEqual([[keep.id, '改名医院']]);
    expect(await db.templates.get([template.id, template.version + 1])).toBeDefined();
  });
});
