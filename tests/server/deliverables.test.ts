/**
 * The deliverables register at the office (issue 12 points 2 and 7), over real HTTP: an entry
 * pushed with its receipt, pushed again (same receipt), a newer revision replacing it, an older or
 * tie-losing one answered 409 with the office's entry, files that must be there and be what they
 * say, strict bodies; then the console's register page, its file download and .xlsx export, and
 * the dashboard's counts of what is missing per window.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { deliverableEntryId, type DeliverableEntry, type DeliverableState } from '../../src-shared/period/deliverable';
import { DOCX } from '../../src-shared/period/sniff-deliverable';
import { DeliverableAccepted } from '../../src-shared/sync/deliverables';
import { BundleImportResult, paths } from '../../src-shared/sync/protocol';
import { receiptCovers, verifyReceipt } from '../../src-shared/sync/receipt';
import { missingDeliverables } from '../../src-server/service/deliverables';
import { docx } from '../helpers/zip';
import { makeBundle } from './helpers/bundle';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { pushBlobs, sha256 } from './helpers/report';

const CONTRACT = 'whch-drg-2026';
const Q1 = { start: '2026-03-01', end: '2026-05-31' };
const Q2 = { start: '2026-06-01', end: '2026-08-31' };
/** 2026-06-15 10:00 in China: Q1 (March–May, from the period's first day) is over, Q2 runs. */
const NOW = new Date('2026-06-15T02:00:00.000Z');

let office: TestOffice;
let wuhan: TestDevice;
let yunan: TestDevice;
let admin: ConsoleClient;

const minutes = Buffer.from(docx('需求沟通会议纪要 2026Q1'));

/** An entry whose revisions say `states`, in order (the last is current). */
function entry(deliverableId: string, window: { start: string; end: string }, states: DeliverableState[], by = '王莉'): DeliverableEntry {
  const revisions = states.map((value, i) => ({ revision: i + 1, by, at: `2026-05-${String(10 + i).padStart(2, '0')}T02:00:00.000Z`, value }));
  return {
    id: deliverableEntryId(CONTRACT, deliverableId, window.start),
    hospitalId: 'wuhan-central',
    contractId: CONTRACT,
    deliverableId,
    windowStart: window.start,
    windowEnd: window.end,
    current: revisions.at(-1)!,
    history: revisions.slice(0, -1),
  };
}
const notApplicable = (reason: string): DeliverableState => ({ state: 'not_applicable', reason });
const attached = (bytes: Buffer, name = '需求沟通会议纪要.docx', mime: typeof DOCX | 'application/pdf' = DOCX): DeliverableState => ({ state: 'attached', name, mime, sha256: sha256(bytes), size: bytes.length });
const put = (d: TestDevice, body: DeliverableEntry | Record<string, unknown>, id = String(body.id)) => d.call('PUT', paths.deliverable(id), body);

beforeAll(async () => {
  office = await startTestOffice({ now: () => NOW });
  wuhan = await enrolledDevice(office, 'wang-li', ['wuhan-central']);
  yunan = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
  await office.addConsoleUser('admin', 'correct horse battery');
  admin = await consoleClient(office, 'admin', 'correct horse battery');
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('pushing register entries', () => {
  it('stores an entry with a signed receipt, and a re-push gets the same receipt', async () => {
    const body = entry('change-list', Q1, [notApplicable('本季度无需求变更')]);
    const first = await put(wuhan, body);
    expect(first.status).toBe(201);
    const accepted = DeliverableAccepted.parse(first.body);
    const verdict = await verifyReceipt(accepted.receipt, wuhan.enrollment.office.receiptKey);
    expect(verdict.ok).toBe(true);
    expect(receiptCovers(accepted.receipt.body, { kind: 'deliverable', id: body.id, hash: await canonicalHash(body), version: 1, blobs: [] })).toEqual([]);

    const again = await put(wuhan, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...accepted, created: false });
    const audit = await office.ctx.store.listAudit({ limit: 10, target: body.id });
    expect(audit.filter((a) => a.action === 'deliverable.push' && a.outcome === 'ok')).toHaveLength(1);
  });

  it('wants the files first, takes a newer revision, and answers an older one with the office’s entry', async () => {
    const v2 = entry('meeting-minutes', Q1, [notApplicable('暂无会议'), attached(minutes)]);
    const missing = await put(wuhan, v2);
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ error: { code: 'blob_missing', missing: [sha256(minutes)] } });

    await pushBlobs(wuhan, new Map([[sha256(minutes), minutes]]));
    const stored = await put(wuhan, v2);
    expect(stored.status).toBe(201);
    const receipt = DeliverableAccepted.parse(stored.body).receipt;
    expect(receipt.body.blobs).toEqual([{ sha256: sha256(minutes), size: minutes.length, mime: DOCX, role: 'deliverable' }]);

    // A device that still has revision 1 (another engineer's mark) is told what the office keeps.
    const stale = await put(wuhan, entry('meeting-minutes', Q1, [notApplicable('本季度未开会')]));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'deliverable_conflict', sentRevision: 1, current: { revision: 2, hash: await canonicalHash(v2), entry: v2 } } });
    expect((await office.ctx.store.getDeliverable(v2.id))?.revision).toBe(2);
  });

  it('breaks a tie between two different revisions of the same number by content hash, the same way each time', async () => {
    const a = entry('tuning-record', Q1, [notApplicable('本季度未调优')], '王莉');
    const b = entry('tuning-record', Q1, [notApplicable('系统运行稳定，无需调优')], '李强');
    const [winner, loser] = (await canonicalHash(a)) > (await canonicalHash(b)) ? [a, b] : [b, a];
    expect((await put(wuhan, loser)).status).toBe(201);
    expect((await put(wuhan, winner)).status).toBe(201);
    const refused = await put(wuhan, loser);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'deliverable_conflict', current: { revision: 1, entry: winner } } });
  });

  it('refuses a file that is not what the entry says, and bad bodies, auditing each refusal', async () => {
    const text = Buffer.from('plain text renamed to .docx');
    await pushBlobs(wuhan, new Map([[sha256(text), text]]));
    const lie = await put(wuhan, entry('training-record', Q1, [attached(text, '培训记录.docx')]));
    expect(lie.status).toBe(422);
    expect(lie.body).toMatchObject({ error: { code: 'deliverable_file_mismatch' } });
    const pdfClaim = await put(wuhan, entry('training-record', Q1, [attached(minutes, '培训记录.pdf', 'application/pdf')]));
    expect(pdfClaim.body).toMatchObject({ error: { code: 'deliverable_file_mismatch' } });

    const good = entry('training-record', Q1, [notApplicable('无培训')]);
    expect((await put(wuhan, { ...good, extra: 1 })).status).toBe(400);
    expect((await put(wuhan, { ...good, current: { ...good.current, value: { state: 'not_applicable', reason: '' } } })).status).toBe(400);
    expect((await put(wuhan, { ...good, id: `${CONTRACT}|training-record|2026-03-02` })).status).toBe(400);
    expect((await put(wuhan, good, `${CONTRACT}|change-list|2026-03-01`)).status).toBe(400);
    const unknown = await put(wuhan, { ...good, id: deliverableEntryId(CONTRACT, 'monthly-report', Q1.start), deliverableId: 'monthly-report' });
    expect(unknown.body).toMatchObject({ error: { code: 'deliverable_unknown' } });
    const outside = await put(wuhan, { ...good, id: deliverableEntryId(CONTRACT, 'training-record', '2027-02-01'), windowStart: '2027-02-01', windowEnd: '2027-04-30' });
    expect(outside.body).toMatchObject({ error: { code: 'window_outside_period' } });
    expect((await put(yunan, good)).status).toBe(403);

    const refusals = await office.ctx.store.listAudit({ limit: 50, action: 'deliverable.push' });
    expect(refusals.filter((a) => a.outcome === 'refused' && a.target === good.id).map((a) => a.details.code)).toEqual(expect.arrayContaining(['deliverable_file_mismatch', 'forbidden']));
    expect(await office.ctx.store.getDeliverable(good.id)).toBeUndefined();
  });
});

describe('offline bundles', () => {
  it('carry register entries with their files, imported with the checks and receipts of a push', async () => {
    const record = Buffer.from('%PDF-1.7\n% 培训签到表扫描件\n%%EOF\n');
    const training = entry('training-record', Q2, [attached(record, '培训签到表.pdf', 'application/pdf')]);
    const bad = entry('training-record', { start: '2026-03-02', end: '2026-05-31' }, [notApplicable('x')]);
    const { bytes } = makeBundle(wuhan, [], { deliverables: [training, bad], files: new Map([[sha256(record), record]]) });
    const upload = async () => {
      const res = await http(`${office.url}${paths.bundles}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', cookie: admin.cookie, 'x-csrf-token': await admin.csrf() },
        body: bytes,
      });
      expect(res.status).toBe(200);
      return BundleImportResult.parse(res.body).results.filter((r) => r.kind === 'deliverable');
    };
    const first = await upload();
    expect(first.map((r) => [r.id, r.status, r.code])).toEqual([
      [training.id, 'accepted', undefined],
      // Inside the period but not one of the deliverable's windows (quarters from 1 March): refused alone.
      [bad.id, 'refused', 'window_outside_period'],
    ]);
    expect(first[0]!.receipt?.body).toMatchObject({ kind: 'deliverable', id: training.id, hash: await canonicalHash(training), via: 'bundle' });
    expect((await upload())[0]).toMatchObject({ status: 'duplicate', receipt: first[0]!.receipt });
    expect((await office.ctx.store.getDeliverable(training.id))?.state).toBe('attached');
  });
});

describe('the register at the office', () => {
  it('counts per contract and window what is missing, for the dashboard', async () => {
    const counts = await missingDeliverables(office.ctx, { contractId: CONTRACT, asOf: NOW });
    // Q1: six deliverables; change-list, meeting-minutes and tuning-record are in; no inspection report was pushed.
    expect(counts).toEqual([
      { hospitalId: 'wuhan-central', contractId: CONTRACT, windowStart: Q1.start, windowEnd: Q1.end, ended: true, due: 6, missing: 3, missingIds: ['inspection-report', 'evaluation-report', 'training-record'] },
      { hospitalId: 'wuhan-central', contractId: CONTRACT, windowStart: Q2.start, windowEnd: Q2.end, ended: false, due: 6, missing: 5, missingIds: ['inspection-report', 'evaluation-report', 'meeting-minutes', 'change-list', 'tuning-record'] },
    ]);
    expect((await missingDeliverables(office.ctx, { hospitalId: 'queue-demo', asOf: new Date('2026-01-05T00:00:00Z') }))).toEqual([
      { hospitalId: 'queue-demo', contractId: 'queue-demo-2026', windowStart: '2026-01-01', windowEnd: '2026-03-31', ended: false, due: 1, missing: 1, missingIds: ['inspection-sheet'] },
    ]);
  });

  it('lists each deliverable’s state on the console page, with the file to download and the reason', async () => {
    const res = await admin.get(`/console/deliverables?contract=${CONTRACT}`);
    expect(res.status).toBe(200);
    const row = (id: string): string => new RegExp(`<tr[^>]*data-entry="${id.replace(/\|/g, '\\|')}"[^>]*>[\\s\\S]*?</tr>`).exec(res.body)?.[0] ?? '';
    expect(row(`${CONTRACT}|change-list|${Q1.start}`)).toContain('data-status="not_applicable"');
    expect(row(`${CONTRACT}|change-list|${Q1.start}`)).toContain('本季度无需求变更');
    const minutesRow = row(`${CONTRACT}|meeting-minutes|${Q1.start}`);
    expect(minutesRow).toContain('data-status="attached"');
    expect(minutesRow).toContain('需求沟通会议纪要.docx');
    expect(row(`${CONTRACT}|training-record|${Q1.start}`)).toContain('data-status="missing"');
    expect(res.body).toMatch(/data-window="2026-03-01" data-missing="3">2026-03-01 至 2026-05-31：已结束，缺 3 项/);
    expect(res.body).toMatch(/data-window="2026-06-01" data-missing="5">2026-06-01 至 2026-08-31：缺 5 项，2026-08-31 前需交齐/);
    // Windows that have not begun are not listed.
    expect(res.body).not.toContain('data-window="2026-09-01"');

    const link = /href="(\/console\/deliverables\/[^"]+\/files\/[0-9a-f]{64})"/.exec(minutesRow)?.[1];
    expect(link).toBeDefined();
    const file = await http<ArrayBuffer>(`${office.url}${link!.replace(/&amp;/g, '&')}`, { headers: { cookie: admin.cookie } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(DOCX);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('需求沟通会议纪要.docx'));
    // A hash the entry does not name is not served, even though the blob store has it.
    const other = await http(`${office.url}/console/deliverables/${encodeURIComponent(`${CONTRACT}|change-list|${Q1.start}`)}/files/${sha256(minutes)}`, { headers: { cookie: admin.cookie } });
    expect(other.status).toBe(404);

    const en = await admin.get(`/console/deliverables?contract=${CONTRACT}&missing=1&lang=en`);
    expect(en.body).toContain('Deliverables register');
    expect(en.body).not.toContain('data-status="attached"');
    expect((await http(`${office.url}/console/deliverables`)).status).not.toBe(200);
  });

  it('exports the register to an .xlsx that exceljs opens, one row per deliverable and window', async () => {
    const res = await fetch(`${office.url}/console/deliverables.xlsx?contract=${CONTRACT}&lang=zh-CN`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('交付物登记')!;
    const rows = sheet.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(rows).toHaveLength(12);
    const minutesRow = rows.find((r) => r[2] === Q1.start && String(r[4]).includes('会议纪要'));
    expect(minutesRow).toEqual(['武汉市中心医院', expect.any(String), Q1.start, Q1.end, expect.any(String), '已上传', '否', '需求沟通会议纪要.docx', sha256(minutes), '王莉', expect.stringMatching(/^2026-05-11 /), 2]);
    expect(rows.filter((r) => r[5] === '缺交' && r[6] === '是')).toHaveLength(3);
  });
});
