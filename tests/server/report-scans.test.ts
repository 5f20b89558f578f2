/**
 * Scans of the wet-ink-signed sheet added after a report was received: the same (id, hash) again
 * with scans the office lacks stores them and answers with a new receipt listing every blob; a
 * repeat finds them stored; anything else about a stored report still answers as before.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobRef } from '../../src-shared/sync/envelope';
import { BundleImportResult, ReportAccepted, paths } from '../../src-shared/sync/protocol';
import { receiptCovers, verifyReceipt, type Receipt } from '../../src-shared/sync/receipt';
import { makeBundle } from './helpers/bundle';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport, sha256, type ReportFixture } from './helpers/report';

let office: TestOffice;
let device: TestDevice;
let admin: ConsoleClient;

/** A small fake JPEG, like the test photos: the office stores bytes by hash and does not decode them. */
const image = (): Buffer => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(3000), Buffer.from([0xff, 0xd9])]);

/** The same report with one more blob listed (its bytes returned, not pushed). */
function withBlob(report: ReportFixture, role: BlobRef['role'] = 'scan'): { fixture: ReportFixture; ref: BlobRef; bytes: Buffer } {
  const bytes = image();
  const ref: BlobRef = { sha256: sha256(bytes), size: bytes.length, mime: 'image/jpeg', role };
  const envelope = { ...report.envelope, blobs: [...report.envelope.blobs, ref] };
  return { fixture: { ...report, envelope, blobs: new Map([...report.blobs, [ref.sha256, bytes]]) }, ref, bytes };
}

/** A report pushed and accepted (201), with its first receipt. */
async function accepted(): Promise<{ report: ReportFixture; receipt: Receipt }> {
  const report = await makeReport(device, { photos: 1 });
  await pushBlobs(device, report.blobs);
  const res = await pushReport(device, report.envelope);
  expect(res.status).toBe(201);
  return { report, receipt: ReportAccepted.parse(res.body).receipt };
}

const covers = (receipt: Receipt, envelope: ReportFixture['envelope']) =>
  receiptCovers(receipt.body, { kind: 'report', id: envelope.id, hash: envelope.hash, pdf: envelope.pdf, blobs: envelope.blobs });

const audit = async (id: string, action: string) => office.ctx.store.listAudit({ limit: 20, target: id, action });

const putBlob = async (sha: string, bytes: Buffer) => expect((await device.call('PUT', paths.blob(sha), bytes)).status).toBe(201);

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'zhou-min', ['yunan-peoples']);
  await office.addConsoleUser('admin', 'correct horse battery');
  admin = await consoleClient(office, 'admin', 'correct horse battery');
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('scans added to a stored report', () => {
  it('stores a scan pushed later and answers 200 with a new receipt listing every blob; a repeat gets that receipt', async () => {
    const { report, receipt: first } = await accepted();
    const { fixture, ref, bytes } = withBlob(report);
    await putBlob(ref.sha256, bytes);

    const res = await pushReport(device, fixture.envelope);
    expect(res.status).toBe(200);
    const { created, receipt } = ReportAccepted.parse(res.body);
    expect(created).toBe(false);
    expect(receipt.body.receiptId).not.toBe(first.body.receiptId);
    expect(await verifyReceipt(receipt, device.enrollment.office.receiptKey)).toMatchObject({ ok: true });
    expect(covers(receipt, fixture.envelope)).toEqual([]);
    expect(receipt.body.blobs).toContainEqual(ref);
    for (const b of report.envelope.blobs) expect(receipt.body.blobs).toContainEqual(b);
    expect(receipt.body).toMatchObject({ deviceId: device.id, via: 'push', reportNumber: report.envelope.reportNumber, pdf: report.envelope.pdf });
    // The first receipt does not cover the scan: that is why the device sends it again.
    expect(covers(first, fixture.envelope)).not.toEqual([]);

    expect((await device.call('GET', paths.reportReceipt(report.envelope.id))).body).toEqual(receipt);
    const stored = await office.ctx.store.getReport(report.envelope.id);
    expect(stored?.blobs).toContainEqual(ref);
    expect(stored?.receivedAt).toBe(first.body.receivedAt);

    // The same amendment again, and the envelope without the scan: the receipt now stored, no third one.
    for (const envelope of [fixture.envelope, report.envelope]) {
      const again = await pushReport(device, envelope);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ created: false, receipt });
    }
    const entries = await audit(report.envelope.id, 'report.scans_added');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: 'ok', actor: `device:${device.id}`, details: { added: [ref.sha256], receiptId: receipt.body.receiptId } });
  });

  it('refuses a scan that was never pushed, naming it, and leaves the report and its receipt as they were', async () => {
    const { report, receipt: first } = await accepted();
    const { fixture, ref } = withBlob(report);
    const res = await pushReport(device, fixture.envelope);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'blob_missing', missing: [ref.sha256] } });

    const stored = await office.ctx.store.getReport(report.envelope.id);
    expect(stored?.receipt).toEqual(first);
    expect(stored?.blobs).not.toContainEqual(ref);
    const [refusal] = (await audit(report.envelope.id, 'report.push')).filter((a) => a.outcome === 'refused');
    expect(refusal).toMatchObject({ details: { code: 'blob_missing', missing: [ref.sha256] } });
    expect(await audit(report.envelope.id, 'report.scans_added')).toHaveLength(0);
  });

  it('ignores any other blob added to a stored report: the first receipt stands', async () => {
    const { report, receipt: first } = await accepted();
    const { fixture, ref, bytes } = withBlob(report, 'photo');
    await putBlob(ref.sha256, bytes);
    const res = await pushReport(device, fixture.envelope);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: false, receipt: first });
    expect((await office.ctx.store.getReport(report.envelope.id))?.blobs).not.toContainEqual(ref);
  });

  it('still answers 409 to the same id with another hash, scans or not', async () => {
    const { report, receipt: first } = await accepted();
    const changed = await makeReport(device, { id: report.envelope.id, note: 'edited after signing' });
    const { fixture, ref, bytes } = withBlob(changed);
    await pushBlobs(device, changed.blobs);
    await putBlob(ref.sha256, bytes);
    const res = await pushReport(device, fixture.envelope);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'report_conflict', storedHash: report.envelope.hash, sentHash: changed.envelope.hash } });
    expect((await office.ctx.store.getReport(report.envelope.id))?.receipt).toEqual(first);
  });

  it('answers concurrent amendments consistently: the stored receipt lists every stored blob', async () => {
    const { report } = await accepted();
    const a = withBlob(report);
    const b = withBlob(report);
    await putBlob(a.ref.sha256, a.bytes);
    await putBlob(b.ref.sha256, b.bytes);

    // The same amendment twice at once: one receipt for both.
    const [one, two] = await Promise.all([pushReport(device, a.fixture.envelope), pushReport(device, a.fixture.envelope)]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(one.body).toEqual(two.body);
    expect(await audit(report.envelope.id, 'report.scans_added')).toHaveLength(1);

    // Two different scans at once (two pushes that each saw only one): both are stored and listed.
    const c = withBlob(a.fixture);
    await putBlob(c.ref.sha256, c.bytes);
    await Promise.all([pushReport(device, b.fixture.envelope), pushReport(device, c.fixture.envelope)]);
    const stored = (await office.ctx.store.getReport(report.envelope.id))!;
    for (const ref of [a.ref, b.ref, c.ref]) expect(stored.blobs).toContainEqual(ref);
    expect(receiptCovers(stored.receipt.body, { kind: 'report', id: stored.id, hash: stored.hash, pdf: stored.pdf, blobs: stored.blobs })).toEqual([]);
  });

  it('changes nothing in storage when the receipt it would replace is no longer the stored one', async () => {
    const { report, receipt: first } = await accepted();
    const { fixture, ref, bytes } = withBlob(report);
    await putBlob(ref.sha256, bytes);
    const stale = { ...first, body: { ...first.body, receiptId: 'not-the-stored-one' } };
    const after = await office.ctx.store.addReportScans(
      { id: report.envelope.id, replaces: stale.body.receiptId, scans: [{ ...ref, role: 'scan' }], receipt: stale },
      { actor: 'test', action: 'report.scans_added', outcome: 'ok', target: report.envelope.id, details: {} },
    );
    expect(after.receipt).toEqual(first);
    expect(after.blobs).not.toContainEqual(ref);
    expect(await audit(report.envelope.id, 'report.scans_added')).toHaveLength(0);
    // The push itself still goes through.
    expect((await pushReport(device, fixture.envelope)).status).toBe(200);
  });

  it('adds a scan whose bytes are already stored as one of the report’s photos', async () => {
    const { report, receipt: first } = await accepted();
    const photo = report.envelope.blobs.find((b) => b.role === 'photo')!;
    const scan: BlobRef = { ...photo, role: 'scan' };
    const envelope = { ...report.envelope, blobs: [...report.envelope.blobs, scan] };
    const res = await pushReport(device, envelope);
    expect(res.status).toBe(200);
    const { receipt } = ReportAccepted.parse(res.body);
    expect(receipt.body.receiptId).not.toBe(first.body.receiptId);
    expect(covers(receipt, envelope)).toEqual([]);
    expect((await office.ctx.store.getReport(report.envelope.id))!.blobs.filter((b) => b.sha256 === photo.sha256).map((b) => b.role).sort()).toEqual(['photo', 'scan']);
  });

  it('lets only the report’s own engineer add scans; another engineer of the hospital is refused and nothing changes', async () => {
    const { report, receipt: first } = await accepted();
    const other = await enrolledDevice(office, 'li-gong', ['yunan-peoples']);
    const { fixture, ref, bytes } = withBlob(report);
    expect((await other.call('PUT', paths.blob(ref.sha256), bytes)).status).toBe(201);
    const res = await pushReport(other, fixture.envelope);
    expect(res.status).toBe(403);
    expect((res.body as { error: { code: string } }).error.code).toBe('forbidden');
    const stored = (await office.ctx.store.getReport(report.envelope.id))!;
    expect(stored.receipt).toEqual(first);
    expect(stored.blobs).not.toContainEqual(ref);
    expect(await audit(report.envelope.id, 'report.scans_added')).toEqual([expect.objectContaining({ outcome: 'refused' })]);
  });

  it('adds a scan carried in an offline bundle the same way, with a receipt via bundle', async () => {
    const upload = async (bytes: Buffer) =>
      BundleImportResult.parse(
        (
          await http(`${office.url}${paths.bundles}`, {
            method: 'POST',
            headers: { 'content-type': 'application/octet-stream', cookie: admin.cookie, 'x-csrf-token': await admin.csrf() },
            body: bytes,
          })
        ).body,
      );
    const { report, receipt: first } = await accepted();
    const { fixture, ref } = withBlob(report);
    const result = await upload(makeBundle(device, [fixture]).bytes);
    const item = result.results.find((r) => r.kind === 'report')!;
    expect(item.status).toBe('duplicate');
    expect(item.receipt?.body.receiptId).not.toBe(first.body.receiptId);
    expect(item.receipt?.body.via).toBe('bundle');
    expect(await verifyReceipt(item.receipt, device.enrollment.office.receiptKey)).toMatchObject({ ok: true });
    expect(covers(item.receipt!, fixture.envelope)).toEqual([]);
    expect(item.receipt?.body.blobs).toContainEqual(ref);
    // Online afterwards, the device gets the receipt the import issued.
    expect((await pushReport(device, fixture.envelope)).body).toEqual({ created: false, receipt: item.receipt });
  });
});
