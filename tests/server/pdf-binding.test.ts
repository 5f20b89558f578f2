/**
 * Issue 10, point 1 (b) and (c), over real HTTP: the office accepts a report as this engineer's
 * only if the PDF's signature binds its certificate (PAdES B-B: ESS signing-certificate-v2) and the
 * signed PDF names the pushed record. Each test first builds today's attack, then sees it refused.
 */
import { randomUUID } from 'node:crypto';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import * as asn1js from 'asn1js';
import { PDFDocument } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDeviceCertificate } from '../../src-server/ca/certificates';
import { hashToken, newToken } from '../../src-server/auth/tokens';
import { splitSignedPdf } from '../../src-server/verify/pdf-signature';
import { identityKeywords } from '../../src-shared/report/pdf-identity';
import { paths } from '../../src-shared/sync/protocol';
import { callAs, enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport, sha256, type ReportFixture } from './helpers/report';
import { runSql } from './helpers/raw-sql';
import { makeP12, signedPdf } from './helpers/signed-pdf';

let office: TestOffice;
let zhang: TestDevice;
beforeAll(async () => {
  office = await startTestOffice();
  zhang = await enrolledDevice(office, 'zhang', ['yunan-peoples']);
});
afterAll(async () => {
  await office.close();
});

/** Blobs first, then the envelope, as a device pushes. */
async function send(device: TestDevice, report: ReportFixture) {
  await pushBlobs(device, report.blobs);
  return pushReport(device, report.envelope);
}

const toArrayBuffer = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/**
 * The swap: the PDF's CMS gets another certificate (and a signer id naming it) in place of the
 * one it was signed with. The signed bytes and the signature value stay: with the same key
 * behind both certificates, the signature still verifies.
 */
function swapCertificate(pdf: Buffer, certificatePem: string): Buffer {
  const split = splitSignedPdf(pdf);
  if (!split.ok) throw new Error(split.reason);
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(toArrayBuffer(split.cms)).result });
  const sd = new pkijs.SignedData({ schema: info.content });
  const der = Buffer.from(certificatePem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
  const cert = pkijs.Certificate.fromBER(toArrayBuffer(der));
  sd.certificates = [cert];
  sd.signerInfos[0]!.sid = new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber });
  const swapped = Buffer.from(new pkijs.ContentInfo({ contentType: info.contentType, content: sd.toSchema(true) }).toSchema().toBER(false));
  const text = pdf.toString('latin1');
  const start = text.indexOf('/Contents <', split.byteRangeAt - 20_000 > 0 ? split.byteRangeAt - 20_000 : 0) + '/Contents <'.length;
  const room = pdf.indexOf('>', start) - start;
  const hex = swapped.toString('hex');
  if (hex.length > room) throw new Error('the swapped CMS does not fit the placeholder');
  return Buffer.concat([pdf.subarray(0, start), Buffer.from(hex.padEnd(room, '0'), 'latin1'), pdf.subarray(start + room)]);
}

describe('a report is this engineer’s only if the signature binds its certificate', () => {
  it('refuses a PDF whose certificate was swapped for another of the same key issued to another engineer', async () => {
    // The state attack (a) produced before enrollment asked for proof of the key: a second
    // engineer's device, enrolled with the first engineer's public key, holding an office
    // certificate for it in the second engineer's name.
    await office.addEngineer('li', ['yunan-peoples']);
    const token = newToken();
    const certificate = issueDeviceCertificate(office.ctx.keys.ca, zhang.publicKeyPem, { commonName: '李工', organization: 'Office', organizationalUnit: 'device li-1' }, new Date());
    // Enrollment now refuses a key another device holds, so that state is written as it was left.
    await runSql(
      office,
      `INSERT INTO devices (id, engineer_id, name, public_key_pem, certificate_pem, certificate_serial, token_hash, enrolled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ['li-1', 'li', '李工的笔记本', zhang.publicKeyPem, certificate.pem, certificate.serial, hashToken(token), new Date().toISOString()],
    );
    const li = { ...zhang, id: 'li-1', token, certificatePem: certificate.pem, call: callAs(office, token) };

    // Zhang's signed report, with the certificate swapped for Li's, pushed by Li's device.
    const report = await makeReport(zhang);
    const forged = swapCertificate(report.pdf, certificate.pem);
    report.blobs.delete(report.envelope.pdf.sha256);
    report.blobs.set(sha256(forged), forged);
    report.envelope.pdf = { sha256: sha256(forged), size: forged.length };
    const result = await send(li, report);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ error: { code: 'signature_invalid' } });
    expect(JSON.stringify(result.body)).toContain('ESS signing-certificate-v2');
    expect(await office.ctx.store.getReport(report.envelope.id)).toBeUndefined();
  });

  it('refuses a CMS signature that binds no certificate (adbe.pkcs7.detached, as devices signed before PAdES B-B)', async () => {
    const report = await makeReport(zhang);
    // The same report, signed the way this app signed before: @signpdf's P12 signer, no ESS attribute.
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    doc.setKeywords([identityKeywords({ reportId: report.envelope.id, reportNumber: report.envelope.reportNumber, hash: report.envelope.hash })]);
    pdflibAddPlaceholder({ pdfDoc: doc, reason: 'Inspection report', contactInfo: '', name: 'Zhang', location: 'Test' });
    const unsigned = Buffer.from(await doc.save({ useObjectStreams: false }));
    const legacy = await new SignPdf().sign(unsigned, new P12Signer(makeP12(zhang.keyPem, [zhang.certificatePem, zhang.caCertificatePem])));
    report.blobs.delete(report.envelope.pdf.sha256);
    report.blobs.set(sha256(legacy), legacy);
    report.envelope.pdf = { sha256: sha256(legacy), size: legacy.length };
    const result = await send(zhang, report);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ error: { code: 'signature_invalid' } });
    expect(JSON.stringify(result.body)).toContain('adbe.pkcs7.detached');
  });
});

describe('a report’s PDF must name the record it is pushed with', () => {
  it('refuses a record pushed with another report’s signed PDF', async () => {
    const first = await makeReport(zhang);
    expect((await send(zhang, first)).status).toBe(201);
    const second = await makeReport(zhang);
    second.blobs.delete(second.envelope.pdf.sha256);
    second.blobs.set(first.envelope.pdf.sha256, first.pdf);
    second.envelope.pdf = first.envelope.pdf;
    const result = await send(zhang, second);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ error: { code: 'pdf_record_mismatch' } });
    expect(JSON.stringify(result.body)).toContain(first.envelope.id);
    expect(await office.ctx.store.getReport(second.envelope.id)).toBeUndefined();
    const audit = await office.ctx.store.listAudit({ limit: 20, target: second.envelope.id });
    expect(audit.some((a) => a.outcome !== 'ok')).toBe(true);
  });

  it('refuses a record pushed with an unrelated PDF the same device signed', async () => {
    const report = await makeReport(zhang);
    const unrelated = await signedPdf(['A letter, not a report'], zhang.keyPem, [zhang.certificatePem, zhang.caCertificatePem]);
    report.blobs.delete(report.envelope.pdf.sha256);
    report.blobs.set(sha256(unrelated), unrelated);
    report.envelope.pdf = { sha256: sha256(unrelated), size: unrelated.length };
    const result = await send(zhang, report);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ error: { code: 'pdf_record_mismatch' } });
  });

  it('refuses a PDF naming the record with another hash (a report of an earlier version of it)', async () => {
    const id = `insp-${randomUUID()}`;
    const report = await makeReport(zhang, { id, pdfNames: { reportId: id, reportNumber: `XJ-2026-${id.slice(-8)}`, hash: 'c'.repeat(64) } });
    const result = await send(zhang, report);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ error: { code: 'pdf_record_mismatch' } });
  });

  it('still accepts the device’s own report, and a blob of it is the whole report', async () => {
    const report = await makeReport(zhang);
    const result = await send(zhang, report);
    expect(result.status).toBe(201);
    expect(await office.ctx.store.getReport(report.envelope.id)).toMatchObject({ hash: report.envelope.hash });
    expect(paths.report(report.envelope.id)).toContain(report.envelope.id);
  });
});
