/**
 * Pushing signed reports: accepted with a receipt the device can verify; idempotent by (id, hash);
 * refused (and audit-logged) when the record, the PDF or its signer is not what it claims.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../src-server/admin/operations';
import { ReportAccepted, paths } from '../../src-shared/sync/protocol';
import { receiptCovers, verifyReceipt } from '../../src-shared/sync/receipt';
import { callAs, enrolledDevice, newDeviceKey, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport, sha256 } from './helpers/report';
import { selfSignedCertificate } from './helpers/signed-pdf';

let office: TestOffice;
let device: TestDevice;
let other: TestDevice;

const expectation = (envelope: Awaited<ReturnType<typeof makeReport>>['envelope']) => ({
  kind: 'report' as const,
  id: envelope.id,
  hash: envelope.hash,
  pdf: envelope.pdf,
  blobs: envelope.blobs,
});

async function refusals(target: string) {
  return (await office.ctx.store.listAudit({ limit: 20, target })).filter((a) => a.outcome === 'refused');
}

beforeAll(async () => {
  office = await startTestOffice({ limits: { reportBodyBytes: 64 * 1024 } });
  device = await enrolledDevice(office, 'zhao-lei', ['yunan-peoples']);
  other = await enrolledDevice(office, 'sun-li', ['queue-demo']);
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('report push', () => {
  it('accepts a signed report with a receipt that verifies and lists exactly what was stored', async () => {
    const report = await makeReport(device, { photos: 3 });
    expect(await pushBlobs(device, report.blobs)).toBe(5);
    const res = await pushReport(device, report.envelope);
    expect(res.status).toBe(201);
    const { receipt, created } = ReportAccepted.parse(res.body);
    expect(created).toBe(true);

    const verdict = await verifyReceipt(receipt, device.enrollment.office.receiptKey);
    expect(verdict).toMatchObject({ ok: true });
    expect(receiptCovers(receipt.body, expectation(report.envelope))).toEqual([]);
    expect(receipt.body).toMatchObject({ deviceId: device.id, engineerId: 'zhao-lei', hospitalId: 'yunan-peoples', via: 'push' });

    // The same (id, hash) again: 200 with the very same receipt.
    const again = await pushReport(device, report.envelope);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: false, receipt });
    // And it can be fetched again after a lost response.
    expect((await device.call('GET', paths.reportReceipt(report.envelope.id))).body).toEqual(receipt);

    const [entry] = (await office.ctx.store.listAudit({ limit: 5, target: report.envelope.id })).filter((a) => a.action === 'report.push');
    expect(entry).toMatchObject({ outcome: 'ok', actor: `device:${device.id}`, details: { hash: report.envelope.hash, pdf: report.envelope.pdf.sha256 } });
  });

  it('a receipt fails verification when any part of it is altered or the key is another', async () => {
    const report = await makeReport(device, { photos: 1 });
    await pushBlobs(device, report.blobs);
    const { receipt } = ReportAccepted.parse((await pushReport(device, report.envelope)).body);
    const key = device.enrollment.office.receiptKey;

    const altered = structuredClone(receipt);
    altered.body.hash = sha256(Buffer.from('something else'));
    expect(await verifyReceipt(altered, key)).toMatchObject({ ok: false });

    const droppedBlob = structuredClone(receipt);
    droppedBlob.body.blobs = [];
    expect(await verifyReceipt(droppedBlob, key)).toMatchObject({ ok: false });

    const badSignature = structuredClone(receipt);
    const sig = Buffer.from(badSignature.signature.value, 'base64');
    sig[10] = sig[10]! ^ 0xff;
    badSignature.signature.value = sig.toString('base64');
    expect(await verifyReceipt(badSignature, key)).toMatchObject({ ok: false });

    const otherOffice = await startTestOffice({ catalogDir: null });
    try {
      const otherKey = otherOffice.ctx.receipts.publicKey;
      expect(await verifyReceipt(receipt, otherKey)).toMatchObject({ ok: false, reason: 'receipt was signed by another key' });
      expect(await verifyReceipt(receipt, { ...otherKey, keyId: key.keyId })).toMatchObject({ ok: false });
    } finally {
      await otherOffice.close();
    }
    // A genuine receipt for something else does not cover this report.
    expect(receiptCovers(receipt.body, { ...expectation(report.envelope), blobs: [] })).not.toEqual([]);
  });

  it('answers 409 with a clear message when the same id comes with another hash', async () => {
    const report = await makeReport(device);
    await pushBlobs(device, report.blobs);
    expect((await pushReport(device, report.envelope)).status).toBe(201);

    const changed = await makeReport(device, { id: report.envelope.id, note: 'edited after signing' });
    await pushBlobs(device, changed.blobs);
    const res = await pushReport(device, changed.envelope);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'report_conflict', storedHash: report.envelope.hash, sentHash: changed.envelope.hash } });
    expect((res.body as { error: { message: string } }).error.message).toMatch(/already received .* never changes/);
    expect(await refusals(report.envelope.id)).toHaveLength(1);
  });

  it('refuses a report whose blobs are not all there, naming the missing ones', async () => {
    const report = await makeReport(device, { photos: 2 });
    const [pdfSha, firstPhoto] = [...report.blobs.keys()];
    await pushBlobs(device, new Map([[pdfSha!, report.blobs.get(pdfSha!)!]]));
    const res = await pushReport(device, report.envelope);
    expect(res.status).toBe(422);
    const missing = (res.body as { error: { code: string; missing: string[] } }).error;
    expect(missing.code).toBe('blob_missing');
    expect(missing.missing).toHaveLength(3);
    expect(missing.missing).toContain(firstPhoto);
    // Once they are pushed, the same envelope goes through.
    await pushBlobs(device, report.blobs);
    expect((await pushReport(device, report.envelope)).status).toBe(201);
  });

  it('refuses and logs a report that gives a stored blob another size', async () => {
    const report = await makeReport(device, { photos: 1 });
    await pushBlobs(device, report.blobs);
    const photo = report.envelope.blobs.find((b) => b.role === 'photo')!;
    const envelope = { ...report.envelope, blobs: report.envelope.blobs.map((b) => (b === photo ? { ...b, size: b.size + 1 } : b)) };
    const res = await pushReport(device, envelope);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'blob_size_mismatch', sha256: photo.sha256, size: photo.size } });
    expect(await refusals(report.envelope.id)).toEqual([expect.objectContaining({ action: 'report.push', details: expect.objectContaining({ code: 'blob_size_mismatch' }) })]);
    expect(await office.ctx.store.getReport(report.envelope.id)).toBeUndefined();
  });

  it('refuses and logs a record that does not hash to its hash', async () => {
    const report = await makeReport(device);
    await pushBlobs(device, report.blobs);
    const tampered = structuredClone(report.envelope);
    (tampered.record as unknown as { answers: { note: string }[] }).answers[0]!.note = 'changed in transit';
    const res = await pushReport(device, tampered);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'hash_mismatch', sent: report.envelope.hash } });
    const [entry] = await refusals(report.envelope.id);
    expect(entry).toMatchObject({ action: 'report.push', details: { code: 'hash_mismatch' } });
    expect(await office.ctx.store.getReport(report.envelope.id)).toBeUndefined();
  });

  it('refuses a handwritten signature whose binding or image does not match', async () => {
    const report = await makeReport(device);
    await pushBlobs(device, report.blobs);
    const forged = structuredClone(report.envelope);
    forged.signatures![0]!.name = '别人';
    const res = await pushReport(device, forged);
    expect(res.status).toBe(422);
    expect((res.body as { error: { message: string } }).error.message).toMatch(/engineer signature .* hashes to/);

    const noImage = structuredClone(report.envelope);
    noImage.blobs = noImage.blobs.filter((b) => b.role !== 'signature');
    const res2 = await pushReport(device, noImage);
    expect(res2.status).toBe(422);
    expect((res2.body as { error: { message: string } }).error.message).toMatch(/not among the blobs/);
    expect(await refusals(report.envelope.id)).toHaveLength(2);
  });

  it('refuses and logs a PDF changed after signing', async () => {
    const report = await makeReport(device);
    const pdf = Buffer.from(report.pdf);
    const at = pdf.indexOf('/Producer');
    pdf[at + 2] = pdf[at + 2]! ^ 0x20;
    const blobs = new Map(report.blobs);
    blobs.delete(report.envelope.pdf.sha256);
    blobs.set(sha256(pdf), pdf);
    await pushBlobs(device, blobs);
    const res = await pushReport(device, { ...report.envelope, pdf: { sha256: sha256(pdf), size: pdf.length } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'signature_invalid' } });
    expect((res.body as { error: { message: string } }).error.message).toMatch(/changed after signing/);
    expect(await refusals(report.envelope.id)).toHaveLength(1);
  });

  it('accepts a PDF signed before enrollment with a self-signed certificate for the enrolled key', async () => {
    const selfSigned = selfSignedCertificate(device.keyPem, device.publicKeyPem, 'zhao-lei laptop');
    const report = await makeReport(device, { signWith: { keyPem: device.keyPem, certificatePems: [selfSigned] } });
    await pushBlobs(device, report.blobs);
    expect((await pushReport(device, report.envelope)).status).toBe(201);
    expect((await office.ctx.store.getReport(report.envelope.id))?.signer.selfSigned).toBe(true);
  });

  it('refuses a PDF signed by another key, or with another device’s certificate', async () => {
    const stranger = newDeviceKey();
    const strangerCert = selfSignedCertificate(stranger.keyPem, stranger.publicKeyPem, 'zhao-lei laptop');
    const foreign = await makeReport(device, { signWith: { keyPem: stranger.keyPem, certificatePems: [strangerCert] } });
    await pushBlobs(device, foreign.blobs);
    const res = await pushReport(device, foreign.envelope);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'signature_invalid' } });

    // Signed by the other engineer's device (a valid office certificate, but not this device's).
    const borrowed = await makeReport(device, { signWith: { keyPem: other.keyPem, certificatePems: [other.certificatePem] } });
    await pushBlobs(device, borrowed.blobs);
    const res2 = await pushReport(device, borrowed.envelope);
    expect(res2.status).toBe(422);
    expect((res2.body as { error: { message: string } }).error.message).toMatch(/not the certificate of device/);
  });

  it('answers 403 for a hospital the engineer is not assigned to', async () => {
    const report = await makeReport(other, { hospitalId: 'yunan-peoples' });
    await pushBlobs(other, report.blobs);
    const res = await pushReport(other, report.envelope);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'forbidden', hospitalId: 'yunan-peoples' } });
    expect(await refusals(report.envelope.id)).toHaveLength(1);
    // Nor may it read the receipt of a report of that hospital: answered as if there were none.
    const mine = await makeReport(device);
    await pushBlobs(device, mine.blobs);
    await pushReport(device, mine.envelope);
    expect((await other.call('GET', paths.reportReceipt(mine.envelope.id))).status).toBe(404);
  });

  it('answers 401 to a wrong or revoked token and 413 to an oversized envelope', async () => {
    const report = await makeReport(device);
    const stranger = callAs(office, 'A'.repeat(43));
    expect((await stranger('PUT', paths.report(report.envelope.id), report.envelope)).status).toBe(401);

    const huge = structuredClone(report.envelope);
    (huge.record as { padding?: string }).padding = 'x'.repeat(70 * 1024);
    const big = await pushReport(device, huge);
    expect(big.status).toBe(413);
    // The envelope's own limit (this office's 64 KB), not the 1 MB of other JSON bodies.
    expect(big.body).toMatchObject({ error: { code: 'payload_too_large', limit: 64 * 1024 } });

    const doomed = await enrolledDevice(office, 'zhao-lei', ['yunan-peoples']);
    await revokeDevice(office.ctx, doomed.id, 'test');
    const revoked = await pushReport(doomed, report.envelope);
    expect(revoked.status).toBe(401);
  });

  it('refuses an envelope whose record names another inspection or hospital', async () => {
    const report = await makeReport(device);
    await pushBlobs(device, report.blobs);
    const res = await pushReport(device, { ...report.envelope, contractId: 'whch-drg-2026' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'record_mismatch' } });
    const badShape = await pushReport(device, { ...report.envelope, blobs: 'none' });
    expect(badShape.status).toBe(400);
    expect(badShape.body).toMatchObject({ error: { code: 'invalid_request' } });
  });
});
