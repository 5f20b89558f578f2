/**
 * report.create end to end through the handlers, checked with poppler's pdfsig: a valid signature
 * over the whole file, invalid after one changed byte, the key kept 0600, a report number signed
 * only once, reading and saving copies, and an office-issued certificate replacing the self-signed one.
 */
import { checkPdfSignature } from '../../../src-server/verify/pdf-signature';
import { checkReportPdf } from '../../../src-server/verify/report-pdf-check';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHandlers } from '../../../src-main/handlers/report-handlers';
import { RpcFailure } from '../../../src-shared/rpc/result';
import { ROOT, sixtyItemReport } from './fixture';
import { pdfSig } from './poppler';

const assetsDir = path.join(ROOT, 'assets');
let dataDir: string;
let api: ReturnType<typeof reportHandlers>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-sign-'));
  api = reportHandlers({ assetsDir, dataDir });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function failureOf(promise: Promise<unknown>): Promise<RpcFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcFailure);
  return error as RpcFailure;
}

describe('report.create', () => {
  it('writes a signed PDF that pdfsig finds valid over the whole document', async () => {
    const created = await api.handlers['report.create'](sixtyItemReport({ reportNumber: 'XJ-SIGN-1' }));
    expect(created).toMatchObject({ hospitalId: 'yunan-peoples', month: '2025-03', reportNumber: 'XJ-SIGN-1', replaced: [] });
    expect(created.path).toBe(path.join(dataDir, 'reports', 'yunan-peoples', '2025-03', 'XJ-SIGN-1.pdf'));
    expect(created.signedBy).toMatch(/^Xunjian device [0-9A-F]{12}$/);
    const bytes = await readFile(created.path);
    expect(bytes.length).toBe(created.size);
    const report = await pdfSig(bytes);
    expect(report).toContain('Signature is Valid');
    expect(report).toContain('Total document signed');
    expect(report).toContain(created.signedBy);
    // Written atomically: no temporary file is left beside it.
    expect(await readdir(path.dirname(created.path))).toEqual(['XJ-SIGN-1.pdf']);
  }, 60_000);

  it('is invalid after one byte of its content changes', async () => {
    const created = await api.handlers['report.create'](sixtyItemReport({ reportNumber: 'XJ-SIGN-2' }));
    const bytes = await readFile(created.path);
    const at = bytes.indexOf('/Creator (Xunjian)');
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(bytes);
    tampered[at + 'Creator (Xunjia'.length + 1] = 'm'.charCodeAt(0);
    const report = await pdfSig(tampered);
    expect(report).not.toContain('Signature is Valid');
    expect(report).toMatch(/Invalid|Mismatch/i);
  }, 60_000);

  it('is PAdES B-B, and the office’s verifier and pdfsig agree on it, before and after one byte changes', async () => {
    const created = await api.handlers['report.create'](sixtyItemReport({ reportNumber: 'XJ-SIGN-PADES' }));
    const bytes = await readFile(created.path);
    const poppler = await pdfSig(bytes);
    expect(poppler).toContain('Signature Type: ETSI.CAdES.detached');
    expect(poppler).toContain('Signature is Valid');
    expect(await checkPdfSignature(bytes)).toMatchObject({ ok: true });
    const at = bytes.indexOf('/Creator (Xunjian)');
    const tampered = Buffer.from(bytes);
    tampered[at + 'Creator (Xunjia'.length + 1] = 'm'.charCodeAt(0);
    expect(await pdfSig(tampered)).not.toContain('Signature is Valid');
    expect(await checkPdfSignature(tampered)).toMatchObject({ ok: false });
  }, 60_000);

  it('names its own record to the office even when typed text reads like a /Keywords entry', async () => {
    // An engineer's name goes into the document information as /Author: a reader must not take it for an entry.
    const engineer = 'Wei Zhang /Keywords (xunjian-report id=other number=XJ-OTHER-1 sha256=' + 'a'.repeat(64) + ')';
    const input = { ...sixtyItemReport({ reportNumber: 'XJ-SIGN-KW' }), engineer };
    const created = await api.handlers['report.create'](input);
    const bytes = await readFile(created.path);
    expect(bytes.toString('latin1').match(/\/Keywords/g)?.length).toBeGreaterThan(1);
    const identity = { reportId: input.reportId, reportNumber: input.reportNumber, hash: input.hash };
    const check = await checkReportPdf(bytes, identity);
    expect(check.names).toEqual({ ok: true, value: identity });
    expect(check.signature.ok).toBe(true);
  }, 60_000);

  it('refuses another report under a number already signed, and leaves the first file as it was', async () => {
    const first = await api.handlers['report.create'](sixtyItemReport({ reportNumber: 'XJ-SIGN-3' }));
    const before = await readFile(first.path);
    const other = { ...sixtyItemReport({ reportNumber: 'XJ-SIGN-3' }), hash: 'b'.repeat(64) };
    const again = await failureOf(Promise.resolve(api.handlers['report.create'](other)));
    expect(again.code).toBe('report_exists');
    expect(again.params).toEqual({ reportNumber: 'XJ-SIGN-3' });
    expect(await readFile(first.path)).toEqual(before);
  }, 60_000);

  it('hands back the file of the same report asked for again (its answer was lost to a reload), signing nothing new', async () => {
    const input = sixtyItemReport({ reportNumber: 'XJ-SIGN-5' });
    const first = await api.handlers['report.create'](input);
    const before = await readFile(first.path);
    const again = await api.handlers['report.create'](input);
    expect(again).toMatchObject({ path: first.path, sha256: first.sha256, size: first.size, replaced: first.replaced });
    expect(await readFile(first.path)).toEqual(before);
    // The signed bytes say which record they are: inspection, number and hash.
    expect(await PDFDocument.load(before, { updateMetadata: false }).then((d) => d.getKeywords())).toBe(`xunjian-report id=${input.reportId} number=XJ-SIGN-5 sha256=${input.hash}`);
  }, 60_000);

  it('lets only one of two simultaneous requests for the same number through', async () => {
    const results = await Promise.allSettled([
      api.handlers['report.create'](sixtyItemReport({ reportNumber: 'XJ-SIGN-4' })),
      api.handlers['report.create'](sixtyItemReport({ reportNumber: 'XJ-SIGN-4' })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as RpcFailure).code).toBe('report_exists');
  }, 60_000);

  it('keeps the private key in a file only its owner can read', async () => {
    const keys = path.join(dataDir, 'keys');
    expect((await stat(path.join(keys, 'signing-key'))).mode & 0o777).toBe(0o600);
    expect((await stat(keys)).mode & 0o777).toBe(0o700);
    expect(JSON.stringify(await api.handlers['signing.identity']({}))).not.toContain('PRIVATE');
  });
});

describe('report.read and report.saveCopy', () => {
  it('read returns the signed bytes; without a dialog saveCopy hands them to the renderer', async () => {
    const created = await api.handlers['report.create'](sixtyItemReport({ reportNumber: 'XJ-READ-1' }));
    const locator = { hospitalId: created.hospitalId, month: created.month, reportNumber: created.reportNumber };
    const { pdfBase64 } = await api.handlers['report.read'](locator);
    expect(Buffer.from(pdfBase64, 'base64')).toEqual(await readFile(created.path));
    const copy = { ...locator, locale: 'zh-CN' as const, hospital: '郁南县人民医院', completedAt: '2025-03-14T07:05:00.000Z' };
    expect(await api.handlers['report.saveCopy'](copy)).toEqual({ kind: 'download', fileName: '郁南县人民医院_巡检报告_2025-03-14_XJ-READ-1.pdf', pdfBase64 });
    // The name is made in the main process from its parts: a hostile hospital name cannot steer it.
    const hostile = await api.handlers['report.saveCopy']({ ...copy, locale: 'en', hospital: '../../etc/passwd\\x:*?"<>|\u0000' });
    expect(hostile).toMatchObject({ kind: 'download', fileName: 'etc-passwd-x_Inspection report_2025-03-14_XJ-READ-1.pdf' });
    const missing = await failureOf(Promise.resolve(api.handlers['report.read']({ ...locator, reportNumber: 'XJ-NONE' })));
    expect(missing.code).toBe('report_not_found');
  }, 60_000);

  it('with a save dialog writes the copy where the user chose, or nothing when cancelled', async () => {
    const target = path.join(dataDir, 'copy-chosen.pdf');
    const asked: string[] = [];
    let answer: string | null = target;
    const withDialog = reportHandlers({ assetsDir, dataDir, saveDialog: (name) => (asked.push(name), Promise.resolve(answer)) });
    const locator = { hospitalId: 'yunan-peoples', month: '2025-03', reportNumber: 'XJ-READ-1', locale: 'zh-CN' as const, hospital: 'CON', completedAt: '2025-03-14T07:05:00.000Z' };
    expect(await withDialog.handlers['report.saveCopy'](locator)).toEqual({ kind: 'saved', path: target });
    expect(asked).toEqual(['CON_巡检报告_2025-03-14_XJ-READ-1.pdf']);
    expect(await readFile(target)).toEqual(await readFile(path.join(dataDir, 'reports', 'yunan-peoples', '2025-03', 'XJ-READ-1.pdf')));
    answer = null;
    expect(await withDialog.handlers['report.saveCopy'](locator)).toEqual({ kind: 'cancelled' });
  });
});

describe('signing identity', () => {
  it('is self-signed at first, and stays the same key across restarts', async () => {
    const first = await api.handlers['signing.identity']({});
    expect(first.selfSigned).toBe(true);
    const restarted = reportHandlers({ assetsDir, dataDir });
    expect(await restarted.handlers['signing.identity']({})).toEqual(first);
  });

  it('takes a certificate the office CA issued for this device key, and signs with it', async () => {
    const ca = makeCa('Xunjian Office CA');
    const devicePem = await api.keys.publicKeyPem();
    const cert = issue(ca, forge.pki.publicKeyFromPem(devicePem), 'Li Gongchengshi');
    const identity = await api.keys.installCertificate(forge.pki.certificateToPem(cert), [forge.pki.certificateToPem(ca.cert)]);
    expect(identity).toMatchObject({ selfSigned: false });
    expect(identity.subject).toContain('CN=Li Gongchengshi');
    expect(identity.issuer).toContain('CN=Xunjian Office CA');
    const created = await api.handlers['report.create'](sixtyItemReport({ reportNumber: 'XJ-CA-1' }));
    expect(created.signedBy).toBe('Li Gongchengshi');
    const report = await pdfSig(await readFile(created.path));
    expect(report).toContain('Signature is Valid');
    expect(report).toContain('Total document signed');
  }, 60_000);

  it('refuses a certificate for another key or not issued by the given CA', async () => {
    const ca = makeCa('Xunjian Office CA');
    const stranger = forge.pki.publicKeyFromPem(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const notOurs = issue(ca, stranger, 'Someone Else');
    const wrongKey = await failureOf(api.keys.installCertificate(forge.pki.certificateToPem(notOurs), [forge.pki.certificateToPem(ca.cert)]));
    expect(wrongKey.code).toBe('certificate_invalid');
    const ours = issue(ca, forge.pki.publicKeyFromPem(await api.keys.publicKeyPem()), 'Li');
    const otherCa = makeCa('Another CA');
    const wrongCa = await failureOf(api.keys.installCertificate(forge.pki.certificateToPem(ours), [forge.pki.certificateToPem(otherCa.cert)]));
    expect(wrongCa.code).toBe('certificate_invalid');
    expect(await api.handlers['signing.identity']({})).toMatchObject({ issuer: expect.stringContaining('Xunjian Office CA') });
  });
});

interface Ca {
  key: forge.pki.rsa.PrivateKey;
  cert: forge.pki.Certificate;
}

function makeCa(name: string): Ca {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: name }]);
  cert.setIssuer([{ name: 'commonName', value: name }]);
  cert.setExtensions([{ name: 'basicConstraints', cA: true }]);
  cert.sign(key, forge.md.sha256.create());
  return { key, cert };
}

function issue(ca: Ca, publicKey: forge.pki.PublicKey, name: string): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '02';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: name }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.sign(ca.key, forge.md.sha256.create());
  return cert;
}
