/**
 * The sync engine over a real (fake-indexeddb) store and an in-memory office that signs real
 * receipts: blobs before the record, receipts checked, backoff on 5xx and network errors,
 * attention on refusals, recovery of rows left `sending` by a crash.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src-renderer/sync/backoff';
import { createSyncEngine } from '../../../src-renderer/sync/engine';
import type { OutgoingBlob, Transport } from '../../../src-renderer/sync/ports';
import { reportSource } from '../../../src-renderer/sync/report-package';
import { checkReceipt } from '../../../src-renderer/sync/receipt-check';
import type { Repositories } from '../../../src-renderer/db/index';
import { outboxId } from '../../../src-renderer/db/rows';
import { PlatformError } from '../../../src-renderer/platform/invoke';
import type { ReportEnvelope } from '../../../src-shared/sync/envelope';
import type { ReceiptSigner } from '../../../src-server/receipts/sign-receipt';
import { seeded } from './store-fixtures';
import { officeSigner, sha256, signedReport } from './sync-fixtures';

/** An office in memory: blobs by hash, reports by id, receipts signed with a real key. */
function memoryOffice(signer: ReceiptSigner) {
  const blobs = new Map<string, number>();
  const reports = new Map<string, ReturnType<ReceiptSigner['sign']>>();
  const log: string[] = [];
  let failNext: { code: string; params?: Record<string, string | number> } | undefined;
  const maybeFail = (): void => {
    if (!failNext) return;
    const error = failNext;
    failNext = undefined;
    throw new PlatformError({ code: error.code as 'office_unavailable', message: 'injected', ...(error.params ? { params: error.params } : {}) });
  };
  const transport: Transport = {
    async missingBlobs(list) {
      maybeFail();
      return list.filter((s) => !blobs.has(s));
    },
    async putBlob(blob: OutgoingBlob) {
      maybeFail();
      if (blob.source.kind === 'bytes') expect(sha256(await blob.source.read())).toBe(blob.sha256);
      log.push(`blob:${blob.role}`);
      blobs.set(blob.sha256, blob.size);
    },
    async pushReport(envelope: ReportEnvelope) {
      maybeFail();
      for (const b of [envelope.pdf, ...envelope.blobs]) if (!blobs.has(b.sha256)) throw new Error(`blob ${b.sha256} pushed before it was stored`);
      log.push('report');
      const receiptFor = (blobs: ReportEnvelope['blobs']) =>
        signer.sign({ kind: 'report', id: envelope.id, hash: envelope.hash, reportNumber: envelope.reportNumber, hospitalId: envelope.hospitalId, deviceId: 'd1', engineerId: 'e1', pdf: envelope.pdf, blobs, via: 'push', receivedAt: new Date().toISOString() });
      const existing = reports.get(envelope.id);
      if (existing) {
        // As the office does (docs/sync-protocol.md §4): scans of the paper sheet may be added later.
        const known = new Set(existing.body.blobs.map((b) => b.sha256));
        const added = envelope.blobs.filter((b) => b.role === 'scan' && !known.has(b.sha256));
        if (added.length === 0) return { created: false, receipt: existing };
        // A report's receipt lists a report's blobs only (a deliverable's may also be Word or Excel files).
        const amended = receiptFor([...(existing.body.blobs as ReportEnvelope['blobs']), ...added]);
        reports.set(envelope.id, amended);
        return { created: false, receipt: amended };
      }
      const receipt = receiptFor(envelope.blobs);
      reports.set(envelope.id, receipt);
      return { created: true, receipt };
    },
  };
  return { transport, blobs, reports, log, fail: (code: string, params?: Record<string, string | number>) => (failNext = { code, ...(params ? { params } : {}) }) };
}

function engineFor(repos: Repositories, transport: Transport, signer: ReceiptSigner, source = reportSource(repos), backoff = { baseMs: 10, capMs: 50 }) {
  return createSyncEngine({
    outbox: repos.outbox,
    source,
    transport,
    officeKey: async () => signer.publicKey,
    backoff,
    // One record at a time, so which record meets an injected failure is certain.
    concurrency: 1,
    random: () => 1,
    timers: { set: () => 0, clear: () => undefined },
  });
}

describe('backoff', () => {
  it('grows exponentially up to the cap, with full jitter below the ceiling', () => {
    const policy = { baseMs: 1000, capMs: 300_000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([999, 1999, 3999, 7999]);
    expect(backoffDelay(30, policy, () => 0.999999)).toBe(299_999);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    const samples = Array.from({ length: 200 }, () => backoffDelay(5, policy));
    expect(Math.max(...samples)).toBeLessThan(16_000);
    expect(new Set(samples).size).toBeGreaterThan(100);
  });
});

describe('sync engine', () => {
  it('sends blobs first, then the record, and marks it synced only with a receipt that verifies', async () => {
    const { repos } = await seeded();
    const signer = officeSigner();
    const office = memoryOffice(signer);
    const a = await signedReport(repos, 1);
    const engine = engineFor(repos, office.transport, signer);
    const result = await engine.syncNow('manual');
    expect(result).toMatchObject({ synced: 1, attention: 0, retry: 0 });
    // PDF, the photo, the paper scan, two signatures; then the record.
    expect(office.log).toEqual(['blob:pdf', 'blob:photo', 'blob:scan', 'blob:signature', 'blob:signature', 'report']);
    const row = await repos.outbox.forRecord(a.inspectionId);
    expect(row).toMatchObject({ state: 'synced', bytesSent: row!.bytesTotal });
    expect(row!.receipt!.body).toMatchObject({ id: a.inspectionId, hash: a.hash });
    const envelope = (await reportSource(repos).package(a.inspectionId)).envelope;
    expect(envelope.record.id).toBe(a.inspectionId);
    expect(envelope.signatures).toHaveLength(2);
    expect((await checkReceipt(row!.receipt, signer.publicKey, envelope)).ok).toBe(true);
    // Nothing was deleted: the inspection, its report row and its photos are all still there.
    expect(await repos.signoff.report(a.inspectionId)).toBeDefined();
    expect(await repos.attachments.listForInspection(a.inspectionId)).toHaveLength(2);
  });

  it('sends a paper scan added after the report was sent, and keeps the row synced only with a receipt listing it', async () => {
    const { repos } = await seeded();
    const signer = officeSigner();
    const office = memoryOffice(signer);
    const a = await signedReport(repos, 5);
    const engine = engineFor(repos, office.transport, signer);
    await engine.syncNow('manual');
    const first = (await repos.outbox.forRecord(a.inspectionId))!;
    expect(first.state).toBe('synced');

    const scan = await repos.attachments.addPaperScan(a.inspectionId, { blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff, 9, 9, 9])], { type: 'image/jpeg' }), width: 4, height: 4 });
    expect(await repos.outbox.forRecord(a.inspectionId)).toMatchObject({ state: 'pending', bytesTotal: first.bytesTotal + scan.blob.size });
    office.log.length = 0;
    expect(await engine.syncNow('manual')).toMatchObject({ synced: 1, attention: 0 });
    // Only the new scan travels; the record goes again, unchanged (same hash).
    expect(office.log).toEqual(['blob:scan', 'report']);
    const row = (await repos.outbox.forRecord(a.inspectionId))!;
    expect(row.state).toBe('synced');
    expect(row.receipt!.body.hash).toBe(a.hash);
    expect(row.receipt!.body.blobs.filter((b) => b.role === 'scan')).toHaveLength(2);
    expect(row.receipt!.body.receiptId).not.toBe(first.receipt!.body.receiptId);
  });

  it('a scan added while the report is being packaged is not lost: the row stays queued and the next run sends it', async () => {
    const { repos } = await seeded();
    const signer = officeSigner();
    const office = memoryOffice(signer);
    const a = await signedReport(repos, 7);
    const source = reportSource(repos);
    let addScan = true;
    const racing = {
      ...source,
      async package(recordId: string) {
        const pkg = await source.package(recordId);
        // The engineer attaches the sheet's photo just after the engine read the report.
        if (addScan) await repos.attachments.addPaperScan(recordId, { blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff, 7])], { type: 'image/jpeg' }), width: 4, height: 4 });
        addScan = false;
        return pkg;
      },
    };
    const engine = engineFor(repos, office.transport, signer, racing);
    await engine.syncNow('manual');
    expect((await repos.outbox.forRecord(a.inspectionId))!.state).toBe('pending');
    await engine.syncNow('manual');
    const row = (await repos.outbox.forRecord(a.inspectionId))!;
    expect(row.state).toBe('synced');
    const scans = await repos.attachments.paperScans(a.inspectionId);
    expect(scans).toHaveLength(2);
    expect(row.receipt!.body.blobs.filter((b) => b.role === 'scan')).toHaveLength(2);
  });

  it('refuses receipts signed by another key or listing something else', async () => {
    const { repos } = await seeded();
    const signer = officeSigner();
    const a = await signedReport(repos, 2);
    const envelope = (await reportSource(repos).package(a.inspectionId)).envelope;
    const good = signer.sign({ kind: 'report', id: envelope.id, hash: envelope.hash, hospitalId: envelope.hospitalId, deviceId: 'd', engineerId: 'e', pdf: envelope.pdf, blobs: envelope.blobs, via: 'push', receivedAt: new Date().toISOString() });
    expect(await checkReceipt(good, signer.publicKey, envelope)).toMatchObject({ ok: true });
    expect(await checkReceipt(good, officeSigner().publicKey, envelope)).toMatchObject({ ok: false, reason: 'receipt was signed by another key' });
    const short = signer.sign({ ...good.body, blobs: envelope.blobs.slice(1) });
    expect(await checkReceipt(short, signer.publicKey, envelope)).toMatchObject({ ok: false, reason: expect.stringMatching(/is not listed/) });
    const tampered = structuredClone(good);
    tampered.body.hash = '0'.repeat(64);
    expect(await checkReceipt(tampered, signer.publicKey, envelope)).toMatchObject({ ok: false, reason: 'signature does not verify' });
  });

  it('retries a failed record later while the others go on; a refusal needs attention with its reason', async () => {
    const { repos } = await seeded();
    const signer = officeSigner();
    const office = memoryOffice(signer);
    const a = await signedReport(repos, 3);
    const b = await signedReport(repos, 4);
    const engine = engineFor(repos, office.transport, signer);

    office.fail('office_unavailable', { status: 503, officeCode: 'internal', detail: 'down' });
    const first = await engine.syncNow('manual');
    expect(first).toMatchObject({ retry: 1, synced: 1 });
    expect(first.pausedUntil).toBeUndefined();
    const rowA = await repos.outbox.forRecord(a.inspectionId);
    expect((await repos.outbox.forRecord(b.inspectionId))!.state).toBe('synced');
    expect(rowA).toMatchObject({ state: 'pending', attempts: 1, lastError: { code: 'office_unavailable', status: 503 } });
    expect(Date.parse(rowA!.nextAttemptAt)).toBeGreaterThan(Date.now() - 1000);

    office.fail('office_refused', { status: 403, officeCode: 'forbidden', detail: 'not your hospital' });
    await new Promise((r) => setTimeout(r, 60)); // past the row's backoff (cap 50 ms)
    const second = await engine.syncNow('timer');
    expect(second).toMatchObject({ synced: 0, attention: 1, retry: 0 });
    const [attention] = await repos.outbox.attention();
    expect(attention!.row.lastError).toMatchObject({ code: 'office_refused', status: 403, officeCode: 'forbidden' });
    expect(attention!.report?.reportNumber).toMatch(/^XJ-TEST-/);

    // The engineer had it fixed at the office and pressed retry.
    await repos.outbox.retry();
    expect(await engine.syncNow('manual')).toMatchObject({ synced: 1 });
    expect(await repos.outbox.summary()).toMatchObject({ pending: 0, attention: 0, synced: 2 });
  });

  it('stops starting records and backs off as a whole once several fail in a row', async () => {
    const { repos } = await seeded();
    const signer = officeSigner();
    const down: Transport = {
      missingBlobs: async () => {
        throw new PlatformError({ code: 'unreachable', message: 'ECONNREFUSED' });
      },
      putBlob: async () => undefined,
      pushReport: async () => ({ created: false, receipt: null }),
    };
    for (let i = 0; i < 5; i++) await signedReport(repos, 10 + i);
    // A pause of a minute: the second call below must fall inside it however slow the machine is.
    const engine = engineFor(repos, down, signer, reportSource(repos), { baseMs: 60_000, capMs: 600_000 });
    const result = await engine.syncNow('manual');
    expect(result.retry).toBe(3);
    expect(result.pausedUntil).toBeDefined();
    expect((await repos.outbox.summary()).pending).toBe(5);
    // A queued report does not start a run against an office that is down.
    expect(await engine.syncNow('queued')).toMatchObject({ synced: 0, retry: 0, pausedUntil: result.pausedUntil });
  });

  it('treats blob_missing as its own to repair: it checks and uploads again', async () => {
    const { repos } = await seeded();
    const signer = officeSigner();
    const office = memoryOffice(signer);
    await signedReport(repos, 5);
    const engine = engineFor(repos, office.transport, signer);
    office.fail('office_refused', { status: 422, officeCode: 'blob_missing', detail: 'push these blobs first' });
    expect(await engine.syncNow('manual')).toMatchObject({ retry: 1, attention: 0 });
    expect(await engine.syncNow('manual')).toMatchObject({ synced: 1 });
  });

  it('after a crash, rows left sending are sent again and the office answers with its first receipt', async () => {
    const { repos } = await seeded();
    const signer = officeSigner();
    const office = memoryOffice(signer);
    const a = await signedReport(repos, 6);
    // The previous run got as far as the office storing the report, then the app died.
    const pkg = await reportSource(repos).package(a.inspectionId);
    for (const blob of pkg.blobs) await office.transport.putBlob(blob);
    const first = await office.transport.pushReport(pkg.envelope);
    expect(await repos.outbox.markSending(outboxId(a.inspectionId), 1)).toBe(true);

    const engine = engineFor(repos, office.transport, signer);
    expect(await engine.syncNow('start')).toMatchObject({ synced: 1 });
    const row = await repos.outbox.forRecord(a.inspectionId);
    expect(row!.state).toBe('synced');
    expect(row!.receipt!.body.receiptId).toBe((first.receipt as { body: { receiptId: string } }).body.receiptId);
    expect(office.reports.size).toBe(1);
  });
});
