/**
 * Issue 11 at the office, over real HTTP: the signed documents a service record version adds are
 * verified before the version is stored. A signature is worth what it binds: the office checks the
 * PDF's PAdES signature, that a device of this office with access to the record's hospital made it
 * (not necessarily the pushing one: a second device of the engineer), and that its signed Keywords
 * name this record and the event's number — an enrolled engineer cannot pass one record's genuine
 * document off as another's. Scans are photos of ink: only their kind is checked. Documents are
 * made by the device's own pipeline (service-document-service.ts) with each key under test.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../src-server/admin/operations';
import { checkThread } from '../../src-server/checks/check-thread';
import type { FaultPush } from '../../src-shared/sync/envelope';
import { paths } from '../../src-shared/sync/protocol';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { alterStoredBlob } from './helpers/alter-blob';
import { pushBlobs, sha256 } from './helpers/report';
import { append, newRecord } from './helpers/service';
import { documentEvent, documentMaker, type DocumentMaker, type MadeDocument } from './helpers/service-document';
import { selfSignedCertificate } from './helpers/signed-pdf';
import { pdfSig } from '../unit/report/poppler';

let office: TestOffice;
let otherOffice: TestOffice;
/** Chen's two laptops (both yunan-peoples), Wang's (wuhan-central only), and a device of another office. */
let chen: TestDevice;
let chenSecond: TestDevice;
let wang: TestDevice;
let foreign: TestDevice;
const makers: Record<'chen' | 'chenSecond' | 'wang' | 'foreign' | 'selfSigned', DocumentMaker> = {} as never;
let admin: ConsoleClient;
/** The office's clock: 2026-03-16 12:00 in China, a Monday. */
const NOW = new Date('2026-03-16T04:00:00.000Z');

interface Refusal {
  error?: { code: string; message: string; problems?: { eventId: string; code: string }[] };
}

const makerOf = (d: TestDevice): Promise<DocumentMaker> => documentMaker(d.keyPem, [d.certificatePem, d.caCertificatePem]);

/** Blobs first, then the version, as a device pushes. */
async function push(record: FaultPush, files: Buffer[], by: TestDevice = chen) {
  await pushBlobs(by, new Map(files.map((f) => [sha256(f), f])));
  return by.call<Refusal>('PUT', paths.fault(record.id), record);
}

/** Record `id` at yunan-peoples (version 1) with this file attached as the given document. */
async function withDocument(id: string, file: (record: FaultPush) => Promise<MadeDocument>, document: 'fault_report' | 'maintenance_sheet' | 'maintenance_sheet_scan' = 'fault_report', mime?: 'application/pdf' | 'image/jpeg' | 'image/png') {
  const record = newRecord(id);
  const made = await file(record);
  const event = documentEvent(made, document, mime);
  return { record: { ...record, events: [...record.events, event] }, made, event };
}

async function expectRefused(record: FaultPush, files: Buffer[], code: string, eventId: string, by: TestDevice = chen): Promise<Refusal> {
  const res = await push(record, files, by);
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 422, code });
  expect(res.body.error?.problems).toEqual([expect.objectContaining({ eventId, code })]);
  expect(await office.ctx.store.getCurrentFault(record.id)).toBeUndefined();
  return res.body;
}

beforeAll(async () => {
  office = await startTestOffice({ now: () => NOW });
  otherOffice = await startTestOffice({ now: () => NOW });
  // Every check on the check thread, however small (a fault report is ~85 KB, under what runs inline),
  // so these tests go through the thread as a report with photos or a long 维护单 does.
  await office.ctx.checks.close();
  office.ctx.checks = checkThread(0);
  chen = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
  chenSecond = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
  wang = await enrolledDevice(office, 'wang-li', ['wuhan-central']);
  foreign = await enrolledDevice(otherOffice, 'chen-jie', ['yunan-peoples']);
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  makers.chen = await makerOf(chen);
  makers.chenSecond = await makerOf(chenSecond);
  makers.wang = await makerOf(wang);
  makers.foreign = await makerOf(foreign);
  makers.selfSigned = await documentMaker(stranger.privateKey, [selfSignedCertificate(stranger.privateKey, stranger.publicKey, 'Xunjian device chen-jie')]);
  await office.addConsoleUser('admin', 'correct horse battery');
  admin = await consoleClient(office, 'admin', 'correct horse battery');
}, 120_000);
afterAll(async () => {
  await office.ctx.checks.close();
  await otherOffice.close();
  await office.close();
}, 60_000);

describe('a genuine document is accepted and shown verified', () => {
  it('accepts the device\'s signed fault report and 维护单 of the record, and the console shows each verified with its signer device', async () => {
    const record = newRecord('svc-doc-ok');
    const report = await makers.chen.signed(record);
    const sheet = await makers.chen.signed(record, 'maintenance_sheet');
    // pdfsig agrees with the office on what is genuine.
    for (const made of [report, sheet]) expect(await pdfSig(made.bytes)).toContain('Signature is Valid');
    const events = [documentEvent(report, 'fault_report'), documentEvent(sheet, 'maintenance_sheet')];
    const res = await push({ ...record, events: [...record.events, ...events] }, [report.bytes, sheet.bytes]);
    expect(res.status).toBe(201);

    const page = await admin.get('/console/service-records/svc-doc-ok');
    expect(page.status).toBe(200);
    for (const e of events) {
      const item = new RegExp(`<li data-document="${e.id}">([\\s\\S]*?)</li>`).exec(page.body)?.[1] ?? '';
      expect(item).toContain('data-check="ok"');
      expect(item).toContain('签名有效');
      expect(item).toContain(`data-signer-device="${chen.id}"`);
      expect(item).toContain('本办公室 CA 签发');
    }
    expect(page.body).not.toContain('data-check="failed"');
  });

  it('accepts a document another device of the engineer signed, pushed after a merge, and names that device as the signer', async () => {
    const v1 = newRecord('svc-doc-merge');
    expect((await push(v1, [])).status).toBe(201);
    // The second laptop made the report offline; the first pushes the merged record.
    const made = await makers.chenSecond.signed(v1);
    const event = documentEvent(made, 'fault_report');
    expect((await push(append(v1, event), [made.bytes], chen)).status).toBe(201);
    const page = await admin.get('/console/service-records/svc-doc-merge');
    const item = new RegExp(`<li data-document="${event.id}">([\\s\\S]*?)</li>`).exec(page.body)?.[1] ?? '';
    expect(item).toContain(`data-signer-device="${chenSecond.id}"`);
    expect(item).toContain('data-check="ok"');
  });

  it('accepts a document made before the device\'s enrollment finished: self-signed, for exactly the key it enrolled', async () => {
    const early = await documentMaker(chen.keyPem, [selfSignedCertificate(chen.keyPem, chen.publicKeyPem, 'Xunjian device chen-jie')]);
    const { record, made, event } = await withDocument('svc-doc-early', (r) => early.signed(r));
    expect((await push(record, [made.bytes])).status).toBe(201);
    const page = await admin.get('/console/service-records/svc-doc-early');
    const item = new RegExp(`<li data-document="${event.id}">([\\s\\S]*?)</li>`).exec(page.body)?.[1] ?? '';
    expect(item).toContain(`data-signer-device="${chen.id}"`);
    expect(item).toContain('自签名证书');
  });

  it('accepts the scan of a wet-signed 维护单 of the kind it says, without a signature', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('维护单扫描 JFIF')]);
    const { record, event } = await withDocument('svc-doc-scan', async () => ({ bytes: jpeg, number: 'SCAN-20260316-1', sha256: sha256(jpeg) }), 'maintenance_sheet_scan', 'image/jpeg');
    expect((await push(record, [jpeg])).status).toBe(201);
    const page = await admin.get('/console/service-records/svc-doc-scan');
    expect(new RegExp(`<li data-document="${event.id}">([\\s\\S]*?)</li>`).exec(page.body)?.[1]).toContain('data-check="scan"');
  });
});

describe('a document is refused unless a device of this office with access to the hospital signed it', () => {
  it('refuses a PDF signed by a device of another office (its CA is not this office\'s)', async () => {
    const { record, made, event } = await withDocument('svc-doc-foreign', (r) => makers.foreign.signed(r));
    const body = await expectRefused(record, [made.bytes], 'document_signer_unknown', event.id);
    expect(body.error?.message).toContain('not one this office issued');
  });

  it('refuses a PDF signed with a self-signed certificate for a key no device of this office enrolled', async () => {
    const { record, made, event } = await withDocument('svc-doc-selfsigned', (r) => makers.selfSigned.signed(r));
    await expectRefused(record, [made.bytes], 'document_signer_unknown', event.id);
  });

  it('refuses a PDF signed by an enrolled engineer who is not assigned to the record\'s hospital', async () => {
    const { record, made, event } = await withDocument('svc-doc-noaccess', (r) => makers.wang.signed(r));
    const body = await expectRefused(record, [made.bytes], 'document_signer_not_allowed', event.id);
    expect(body.error?.message).toContain('not assigned to hospital yunan-peoples');
  });

  it('refuses a PDF signed by a device of the office that has been revoked', async () => {
    const second = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
    const { record, made, event } = await withDocument('svc-doc-revoked', async (r) => (await makerOf(second)).signed(r));
    expect(await revokeDevice(office.ctx, second.id, 'test')).toBe(true);
    const body = await expectRefused(record, [made.bytes], 'document_signer_not_allowed', event.id);
    expect(body.error?.message).toContain('revoked');
  });
});

describe('a document must be the signed document of this record', () => {
  it('refuses record A\'s genuine document attached to record B (what an enrolled engineer would try)', async () => {
    const a = newRecord('svc-doc-a');
    const made = await makers.chen.signed(a);
    expect((await push({ ...a, events: [...a.events, documentEvent(made, 'fault_report')] }, [made.bytes])).status).toBe(201);
    const b = newRecord('svc-doc-b');
    const stolen = documentEvent(made, 'fault_report');
    const body = await expectRefused({ ...b, events: [...b.events, stolen] }, [made.bytes], 'document_record_mismatch', stolen.id);
    expect(body.error?.message).toContain('of record svc-doc-a');
  });

  it('refuses the record\'s own document under another number than the one it was signed with', async () => {
    const { record, made } = await withDocument('svc-doc-number', (r) => makers.chen.signed(r));
    const renumbered = documentEvent({ ...made, number: 'GZ-YUNAN-PEOPLES-202603-999' }, 'fault_report');
    await expectRefused({ ...record, events: [...record.events.slice(0, -1), renumbered] }, [made.bytes], 'document_record_mismatch', renumbered.id);
  });

  it('refuses the genuine document with one byte changed', async () => {
    const { record, made } = await withDocument('svc-doc-byte', (r) => makers.chen.signed(r));
    const changed = Buffer.from(made.bytes);
    // A byte of the page content, inside the signed range (well before the signature's /Contents).
    const at = Math.floor(changed.length / 3);
    changed[at] = changed[at]! ^ 0x01;
    const event = documentEvent({ bytes: changed, number: made.number }, 'fault_report');
    expect(await pdfSig(changed)).not.toContain('Signature is Valid');
    const body = await expectRefused({ ...record, events: [...record.events.slice(0, -1), event] }, [changed], 'document_signature_invalid', event.id);
    expect(body.error?.message).toContain('changed after signing');
  });

  it('refuses the document laid out but never signed', async () => {
    const { record, made, event } = await withDocument('svc-doc-unsigned', (r) => makers.chen.unsigned(r));
    expect(made.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expectRefused(record, [made.bytes], 'document_signature_invalid', event.id);
  });
});

describe('a file must be the kind its event says', () => {
  it('refuses a genuine signed PDF whose event says it is a JPEG photo', async () => {
    const { record, made, event } = await withDocument('svc-doc-mime', (r) => makers.chen.signed(r), 'maintenance_sheet_scan', 'image/jpeg');
    await expectRefused(record, [made.bytes], 'document_mime_mismatch', event.id);
  });

  it('refuses a scan whose event says PNG when the file is a JPEG', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), Buffer.from('Exif scan')]);
    const { record, event } = await withDocument('svc-doc-png', async () => ({ bytes: jpeg, number: 'SCAN-20260316-2', sha256: sha256(jpeg) }), 'maintenance_sheet_scan', 'image/png');
    await expectRefused(record, [jpeg], 'document_mime_mismatch', event.id);
  });
});

describe('a document changed in the store after it was accepted', () => {
  it('is shown on the record as damaged, with no claim about its kind, which was never read', async () => {
    const { record, made, event } = await withDocument('svc-doc-damaged', (r) => makers.chen.signed(r));
    expect((await push(record, [made.bytes])).status).toBe(201);
    await alterStoredBlob(office, made.sha256);
    const page = await admin.get('/console/service-records/svc-doc-damaged');
    expect(page.status).toBe(200);
    const item = new RegExp(`<li data-document="${event.id}">([\\s\\S]*?)</li>`).exec(page.body)?.[1] ?? '';
    expect(item).toContain('data-check="failed"');
    expect(item).toMatch(/the file in the blob store is damaged: its \d+ bytes hash to [0-9a-f]{64}/);
    expect(item).not.toContain('文件类型与记录不符');
  });
});
