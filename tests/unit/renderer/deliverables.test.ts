/**
 * The deliverables register on the device (issue 12 points 2 and 7) over fake-indexeddb: each
 * change a new revision with the one before kept, the outbox row written with it, files checked
 * against the type their name claims, and every refusal leaving the store as it was.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Contract } from '../../../src-shared/catalog/reference';
import { DELIVERABLE_LIMITS, DeliverableEntry } from '../../../src-shared/period/deliverable';
import { sniffDeliverable, XLSX, DOCX } from '../../../src-shared/period/sniff-deliverable';
import { SCHEMA_VERSION } from '../../../src-renderer/db/database';
import { deliverableOutboxId } from '../../../src-renderer/db/rows';
import {
  attachDeliverable,
  listDeliverables,
  markNotApplicable,
  markProduced,
  readDeliverableFile,
  withdrawDeliverable,
} from '../../../src-renderer/db/repositories/deliverables';
import type { XunjianDb } from '../../../src-renderer/db/database';
import { docx, zip } from '../../helpers/zip';
import { clockAt, databaseAt, expectStoreError, openDb, seeded, uniqueName } from './store-fixtures';

const Q1 = { start: '2026-03-01', end: '2026-05-31' };
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function wuhan(): Promise<{ db: XunjianDb; contract: Contract }> {
  const { db } = await seeded();
  const contract = await db.contracts.get('whch-drg-2026');
  if (!contract) throw new Error('the shipped catalog has no whch-drg-2026');
  return { db, contract };
}

async function xlsx(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('变更清单').addRow(['序号', '变更内容']);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** Everything the register and the outbox hold, to compare before and after a refusal. */
async function snapshot(db: XunjianDb): Promise<unknown> {
  return { entries: await db.deliverables.toArray(), files: (await db.deliverableFiles.toArray()).map((f) => f.sha256), outbox: await db.outbox.toArray() };
}

describe('deliverables register: revisions', () => {
  it('keeps every change as a revision, the previous one in the history, each queued for the office', async () => {
    const { db, contract } = await wuhan();
    clockAt('2026-04-10T02:00:00.000Z');
    const first = await markNotApplicable(db, { contract, deliverableId: 'change-list', window: Q1, reason: '本季度无需求变更', by: '张工' });
    expect(first).toMatchObject({ id: 'whch-drg-2026|change-list|2026-03-01', hospitalId: 'wuhan-central', windowEnd: '2026-05-31', current: { revision: 1, by: '张工', value: { state: 'not_applicable', reason: '本季度无需求变更' } }, history: [] });
    expect(await db.outbox.get(deliverableOutboxId(first.id))).toMatchObject({ kind: 'deliverable', recordId: first.id, state: 'pending', deliverableChanges: 0 });

    clockAt('2026-05-20T02:00:00.000Z');
    const bytes = await xlsx();
    const second = await attachDeliverable(db, { contract, deliverableId: 'change-list', window: Q1, file: new Blob([bytes as BlobPart]), name: '需求变更改造清单.xlsx', by: '李工' });
    expect(second.current).toMatchObject({ revision: 2, by: '李工', at: '2026-05-20T02:00:00.000Z', value: { state: 'attached', name: '需求变更改造清单.xlsx', mime: XLSX, size: bytes.length } });
    expect(second.history).toEqual([first.current]);
    expect(DeliverableEntry.parse(second)).toEqual(second);
    const stored = await readDeliverableFile(db, second.id);
    expect(stored.type).toBe(XLSX);
    expect(new Uint8Array(await stored.arrayBuffer())).toEqual(bytes);
    expect(await db.outbox.get(deliverableOutboxId(first.id))).toMatchObject({ deliverableChanges: 1, bytesTotal: bytes.length });

    const third = await withdrawDeliverable(db, { entryId: second.id, by: '李工' });
    expect(third.current).toMatchObject({ revision: 3, value: { state: 'withdrawn' } });
    expect(third.history.map((r) => r.value.state)).toEqual(['not_applicable', 'attached']);
    // The withdrawn file is still readable from its revision.
    expect((await readDeliverableFile(db, second.id, 2)).size).toBe(bytes.length);
    await expectStoreError(readDeliverableFile(db, second.id), 'dlv_no_file');
    await expectStoreError(withdrawDeliverable(db, { entryId: second.id, by: '李工' }), 'dlv_unchanged');
    expect(await listDeliverables(db, contract.id)).toEqual([third]);
  });

  it('records a produced report, and the same report twice is one revision', async () => {
    const { db, contract } = await wuhan();
    const report = { hospitalId: 'wuhan-central', month: '2026-05', reportNumber: 'PJ-WHCH-202605-1', sha256: 'a'.repeat(64), size: 90_000, path: '/x.pdf' };
    const once = await markProduced(db, { contract, deliverableId: 'evaluation-report', window: Q1, report, by: '张工' });
    const twice = await markProduced(db, { contract, deliverableId: 'evaluation-report', window: Q1, report, by: '张工' });
    expect(twice).toEqual(once);
    expect(once.current.value).toEqual({ state: 'produced', report: { hospitalId: 'wuhan-central', month: '2026-05', reportNumber: 'PJ-WHCH-202605-1' }, sha256: 'a'.repeat(64), size: 90_000 });
    await expectStoreError(markProduced(db, { contract, deliverableId: 'evaluation-report', window: Q1, report: { ...report, hospitalId: 'queue-demo' }, by: '张工' }), 'not_in_contract');
  });

  it('takes a Word file, a scanned PDF and a photo, each by what its bytes are', async () => {
    const { db, contract } = await wuhan();
    const minutes = await attachDeliverable(db, { contract, deliverableId: 'meeting-minutes', window: Q1, file: new Blob([docx() as BlobPart]), name: '需求沟通会议纪要.DOCX', by: '张工' });
    expect(minutes.current.value).toMatchObject({ state: 'attached', mime: DOCX });
    const training = await attachDeliverable(db, { contract, deliverableId: 'training-record', window: Q1, file: new Blob([PDF as BlobPart], { type: 'application/pdf' }), name: '培训记录.pdf', by: '张工' });
    expect(training.current.value).toMatchObject({ mime: 'application/pdf', size: PDF.length });
    expect(sniffDeliverable(await xlsx())).toBe(XLSX);
  });
});

describe('deliverables register: refusals write nothing', () => {
  it('refuses a file that is not what its name says, an empty one, one too large, and a kind it does not take', async () => {
    const { db, contract } = await wuhan();
    const target = { contract, deliverableId: 'meeting-minutes', window: Q1, by: '张工' };
    await attachDeliverable(db, { ...target, file: new Blob([PDF as BlobPart]), name: 'minutes.pdf' });
    const before = await snapshot(db);

    await expectStoreError(attachDeliverable(db, { ...target, file: new Blob(['just text, renamed']), name: '会议纪要.docx' }), 'dlv_not_that_file');
    await expectStoreError(attachDeliverable(db, { ...target, file: new Blob([PDF as BlobPart]), name: '会议纪要.docx' }), 'dlv_not_that_file');
    // A ZIP that is not a Word package (an Excel one named .docx, a plain archive).
    await expectStoreError(attachDeliverable(db, { ...target, file: new Blob([(await xlsx()) as BlobPart]), name: '会议纪要.docx' }), 'dlv_not_that_file');
    await expectStoreError(attachDeliverable(db, { ...target, file: new Blob([zip({ 'a.txt': 'x' }) as BlobPart]), name: 'a.xlsx' }), 'dlv_not_that_file');
    await expectStoreError(attachDeliverable(db, { ...target, file: new Blob([docx() as BlobPart]), name: 'photo.jpg' }), 'dlv_not_that_file');
    await expectStoreError(attachDeliverable(db, { ...target, file: new Blob([]), name: 'empty.pdf' }), 'dlv_empty_file');
    const huge = new Uint8Array(DELIVERABLE_LIMITS.fileBytes + 1);
    huge.set(PDF);
    await expectStoreError(attachDeliverable(db, { ...target, file: new Blob([huge as BlobPart]), name: 'huge.pdf' }), 'dlv_file_too_large');
    await expectStoreError(attachDeliverable(db, { ...target, file: new Blob(['x']), name: 'notes.txt' }), 'dlv_unsupported_type');
    await expectStoreError(attachDeliverable(db, { ...target, file: new Blob([PDF as BlobPart]), name: `${'长'.repeat(DELIVERABLE_LIMITS.fileName)}.pdf` }), 'too_long');

    expect(await snapshot(db)).toEqual(before);
  });

  it('refuses a deliverable the contract does not list, a window outside its period, and a bad reason', async () => {
    const { db, contract } = await wuhan();
    const before = await snapshot(db);
    const base = { contract, window: Q1, by: '张工', reason: '无' };
    await expectStoreError(markNotApplicable(db, { ...base, deliverableId: 'monthly-report' }), 'dlv_unknown');
    await expectStoreError(markNotApplicable(db, { ...base, deliverableId: 'change-list', window: { start: '2026-01-01', end: '2026-03-31' } }), 'dlv_outside_period');
    await expectStoreError(markNotApplicable(db, { ...base, deliverableId: 'change-list', window: { start: '2027-02-01', end: '2027-04-30' } }), 'dlv_outside_period');
    await expectStoreError(markNotApplicable(db, { ...base, deliverableId: 'change-list', window: { start: '2026-06-30', end: '2026-06-01' } }), 'dlv_outside_period');
    await expectStoreError(markNotApplicable(db, { ...base, deliverableId: 'change-list', reason: '   ' }), 'too_long');
    await expectStoreError(markNotApplicable(db, { ...base, deliverableId: 'change-list', reason: '因'.repeat(DELIVERABLE_LIMITS.reason + 1) }), 'too_long');
    await expectStoreError(markNotApplicable(db, { ...base, deliverableId: 'change-list', by: ' ' }), 'too_long');
    await expectStoreError(withdrawDeliverable(db, { entryId: 'whch-drg-2026|change-list|2026-03-01', by: '张工' }), 'dlv_not_found');
    expect(await snapshot(db)).toEqual(before);
  });

  it('refuses a change past the history limit and keeps the entry as it was', async () => {
    const { db, contract } = await wuhan();
    const target = { contract, deliverableId: 'tuning-record', window: Q1, by: '张工' };
    for (let i = 0; i <= DELIVERABLE_LIMITS.history; i++) await markNotApplicable(db, { ...target, reason: `原因 ${i}` });
    const before = await snapshot(db);
    await expectStoreError(markNotApplicable(db, { ...target, reason: 'one too many' }), 'dlv_too_many_revisions');
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('schema upgrade from version 7', () => {
  it('keeps a v7 database’s rows and adds the empty register, which then takes entries', async () => {
    const name = uniqueName();
    const old = databaseAt(7, name);
    await old.table('calendars').add({ id: 'kept', years: {} });
    await old.table('outbox').add({ id: 'report:r1', kind: 'report', recordId: 'r1', state: 'synced', attempts: 1, nextAttemptAt: '2026-01-01T00:00:00.000Z', bytesTotal: 5, bytesSent: 5, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    old.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(8);
    expect(await db.table('calendars').get('kept')).toEqual({ id: 'kept', years: {} });
    expect(await db.outbox.get('report:r1')).toMatchObject({ state: 'synced' });
    expect(await db.deliverables.count()).toBe(0);
    expect([...db.backendDB().transaction('deliverables').objectStore('deliverables').indexNames]).toEqual(['[contractId+windowStart]', 'hospitalId']);

    const contract = { id: 'c', hospitalId: 'h', period: { start: '2026-01-01', end: '2026-12-31' }, deliverables: [{ id: 'minutes', name: { zh: '纪要', en: 'Minutes' }, every: 'quarter' as const, source: { kind: 'file' as const }, ifAny: false, quote: '会议纪要' }] };
    const entry = await markNotApplicable(db, { contract, deliverableId: 'minutes', window: { start: '2026-01-01', end: '2026-03-31' }, reason: '本季度无会议', by: '张工' });
    expect(await listDeliverables(db, 'c')).toEqual([entry]);
  });
});
