/**
 * A client of the office built from the documents alone: the served OpenAPI document for every
 * shape (each request and answer is validated against it) and docs/sync-protocol.md for the
 * rules (the enrollment challenge, canonical JSON and hashes, the signing profile, receipts).
 * It imports nothing of the product — no src-shared, src-main, src-renderer or src-server — and
 * runs the office as an integrator would, as a process set up with its admin commands.
 */
import { createHash, X509Certificate , type webcrypto } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiValidator, type OpenApiDocument } from '../helpers/openapi-validator';
import { certificationRequestPem, challengeOf, newSigningKey } from './certification-request';
import { startOffice, type Office } from './office-process';
import { signedReportPdf } from './pades';

const HOSPITAL = 'yunan-peoples';
const ENGINEER = 'conformance-eng';

let office: Office;
let api: OpenApiValidator;
/** docs/sync-protocol.md: the rules are read from it, not restated here. */
let protocolDoc: string;
let keys: webcrypto.CryptoKeyPair;
let enrollment: { token: string; certificatePem: string; office: { caCertificatePem: string; receiptKey: { keyId: string; spki: string } } };

interface Answer {
  status: number;
  body: unknown;
}

/** One protocol call: the JSON request validated before it is sent, the answer against what its status documents. */
async function call(method: string, route: string, url: string, options: { json?: unknown; bytes?: Buffer; token?: string | null } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? enrollment?.token : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: RequestInit['body'];
  if (options.json !== undefined) {
    expect(api.request(route, method, options.json), `${method} ${route} request`).toEqual({ valid: true, errors: '' });
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.bytes) {
    headers['content-type'] = 'application/octet-stream';
    body = new Uint8Array(options.bytes);
  }
  const response = await fetch(`${office.url}${url}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  if (method === 'HEAD') {
    expect(text).toBe('');
    expect(api.operation(route, 'HEAD').responses[String(response.status)], `HEAD ${route} ${response.status}`).toBeDefined();
    return { status: response.status, body: undefined };
  }
  const answer = JSON.parse(text) as unknown;
  expect(api.response(route, method, response.status, answer), `${method} ${route} ${response.status}: ${text.slice(0, 300)}`).toEqual({ valid: true, errors: '' });
  return { status: response.status, body: answer };
}

const canonicalJson = (value: unknown): string => {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('no JSON form');
  return text;
};
const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
/** The record hash, a binding's hash, a fault's hash: SHA-256 of the UTF-8 canonical JSON. */
const jsonHash = (value: unknown): string => sha256(Buffer.from(canonicalJson(value), 'utf8'));

/** A rule quoted in backticks in the protocol document, e.g. the Keywords template. */
function documented(pattern: RegExp, what: string): string {
  const found = pattern.exec(protocolDoc)?.[1];
  if (!found) throw new Error(`docs/sync-protocol.md does not say ${what}`);
  return found;
}

interface ReceiptShape {
  body: { kind: string; id: string; hash: string; version?: number; pdf?: { sha256: string; size: number }; blobs: { sha256: string; size: number; mime: string; role: string }[] };
  signature: { alg: string; keyId: string; value: string };
}

/** Receipt verification as §6 describes it, with the key pinned at enrollment. */
async function verifyReceipt(receipt: ReceiptShape): Promise<boolean> {
  const { keyId, spki } = enrollment.office.receiptKey;
  const spkiDer = Buffer.from(spki, 'base64');
  if (sha256(spkiDer) !== keyId || receipt.signature.keyId !== keyId) return false;
  const key = await crypto.subtle.importKey('spki', spkiDer, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, Buffer.from(receipt.signature.value, 'base64'), Buffer.from(canonicalJson(receipt.body), 'utf8'));
}

beforeAll(async () => {
  protocolDoc = await readFile(path.resolve('docs/sync-protocol.md'), 'utf8');
  office = await startOffice();
  await office.admin('engineer', 'add', ENGINEER, '--name', 'Conformance Engineer', '--hospitals', HOSPITAL);
  const served = await fetch(`${office.url}/api/v1/openapi.json`);
  api = new OpenApiValidator((await served.json()) as OpenApiDocument);
  keys = await newSigningKey();
}, 120_000);
afterAll(() => office?.stop(), 60_000);

/** Reference data the client needs to write a record: a contract of the hospital, one of its systems, the template's version and an item. */
let reference: { contractId: string; systemId: string; templateId: string; templateVersion: number; itemId: string };

interface Report {
  envelope: Record<string, unknown> & { id: string; reportNumber: string; hash: string; pdf: { sha256: string; size: number }; blobs: { sha256: string; size: number; mime: string; role: string }[] };
  blobs: Map<string, Buffer>;
}

/** A record by the documented schema, its hash, a PDF by the signing profile naming it (or `pdfNames`), one photo and the engineer's signature. */
async function makeReport(options: { pdfNames?: { id: string; reportNumber: string; hash: string }; subFilter?: string } = {}): Promise<Report> {
  const id = `conf-${crypto.randomUUID()}`;
  const reportNumber = `CF-${id.slice(-8)}`;
  const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(crypto.getRandomValues(new Uint8Array(800))), Buffer.from([0xff, 0xd9])]);
  const subject = `system:${reference.systemId}`;
  const record = {
    schema: (api.doc.components.schemas.InspectionRecord as { properties: { schema: { const: string } } }).properties.schema.const,
    id,
    hospitalId: HOSPITAL,
    contractId: reference.contractId,
    engineer: 'Conformance Engineer',
    startedAt: '2026-03-14T01:30:00.000Z',
    completedAt: '2026-03-14T02:30:00.000Z',
    targets: [{ kind: 'system', systemId: reference.systemId, templateId: reference.templateId, templateVersion: reference.templateVersion }],
    answers: [
      { stepKey: `${subject}#${reference.itemId}`, subject, templateId: reference.templateId, itemId: reference.itemId, value: { kind: 'check', result: 'pass' }, outcome: 'pass', note: '巡检正常', answeredAt: '2026-03-14T02:00:00.000Z', photos: [sha256(photo)] },
    ],
    rating: { value: 'good', comment: '' },
    recommendations: '',
  };
  expect(api.component('InspectionRecord', record)).toEqual({ valid: true, errors: '' });
  const hash = jsonHash(record);

  const keywords = documented(/`([a-z-]+ id=<id> number=<reportNumber> sha256=<hash>)`/, 'what the PDF /Keywords are');
  const names = options.pdfNames ?? { id, reportNumber, hash };
  const pdf = await signedReportPdf([`Report ${reportNumber}`, `SHA-256 ${hash}`], {
    keywords: keywords.replace('<id>', encodeURIComponent(names.id)).replace('<reportNumber>', names.reportNumber).replace('<hash>', names.hash),
    key: keys.privateKey,
    certificatePem: enrollment.certificatePem,
    subFilter: options.subFilter ?? documented(/`\/SubFilter \/([A-Za-z.]+)`/, 'the signature SubFilter'),
  });
  const signatureImage = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(crypto.getRandomValues(new Uint8Array(300)))]);
  const binding = { role: 'engineer', name: 'Conformance Engineer', signedAt: '2026-03-14T10:40:00+08:00', imageSha256: sha256(signatureImage), strokesSha256: sha256('[]'), contentHash: hash };
  const envelope = {
    id,
    reportNumber,
    hospitalId: HOSPITAL,
    contractId: reference.contractId,
    subjects: [{ subject, templateId: reference.templateId, templateVersion: reference.templateVersion }],
    completedAt: '2026-03-14T10:30:00+08:00',
    signedAt: '2026-03-14T10:41:00+08:00',
    hash,
    record,
    signatures: [{ ...binding, signatureHash: jsonHash(binding) }],
    pdf: { sha256: sha256(pdf), size: pdf.length },
    blobs: [
      { sha256: sha256(photo), size: photo.length, mime: 'image/jpeg', role: 'photo' },
      { sha256: sha256(signatureImage), size: signatureImage.length, mime: 'image/png', role: 'signature' },
    ],
  };
  const blobs = new Map([pdf, photo, signatureImage].map((b): [string, Buffer] => [sha256(b), b]));
  return { envelope, blobs };
}

/** Ask which are missing, then HEAD (404), PUT (201) and HEAD (200) each. */
async function uploadBlobs(blobs: Map<string, Buffer>): Promise<void> {
  const missing = await call('POST', '/api/v1/blobs/missing', '/api/v1/blobs/missing', { json: { sha256: [...blobs.keys()] } });
  expect(missing.status).toBe(200);
  for (const sha of (missing.body as { missing: string[] }).missing) {
    const route = '/api/v1/blobs/{sha256}';
    expect((await call('HEAD', route, `/api/v1/blobs/${sha}`)).status).toBe(404);
    const put = await call('PUT', route, `/api/v1/blobs/${sha}`, { bytes: blobs.get(sha)! });
    expect(put).toEqual({ status: 201, body: { sha256: sha, size: blobs.get(sha)!.length, created: true } });
    expect((await call('HEAD', route, `/api/v1/blobs/${sha}`)).status).toBe(200);
  }
}

const pushReport = (envelope: Report['envelope']) => call('PUT', '/api/v1/reports/{id}', `/api/v1/reports/${envelope.id}`, { json: envelope });

describe('a client built from the documents', () => {
  it('imports nothing of the product', async () => {
    const own = (await readdir(import.meta.dirname)).map((f) => path.join(import.meta.dirname, f));
    for (const file of [...own, path.resolve('tests/helpers/openapi-validator.ts')]) {
      expect(await readFile(file, 'utf8'), file).not.toMatch(/from '[^']*src-(shared|main|renderer|server)/);
    }
  });

  it('enrolls with its own key and a PKCS#10 request bound to the code', async () => {
    const info = await call('GET', '/api/v1/office', '/api/v1/office', { token: null });
    expect(info.status).toBe(200);
    const code = await office.enrollmentCode(ENGINEER);
    const label = documented(/UTF-8 text `([^`]*)<code>`/, 'how the enrollment challenge is made');
    // A request made for another code is refused, and does not spend this one.
    const forOtherCode = await call('POST', '/api/v1/enroll', '/api/v1/enroll', {
      json: { code, csrPem: await certificationRequestPem(keys, challengeOf(label, 'AAAA-BBBB-CCCC-DDDD')), deviceName: 'conformance' },
      token: null,
    });
    expect(forOtherCode.status).toBe(422);
    expect(forOtherCode.body).toMatchObject({ error: { code: 'key_proof_invalid' } });

    // Typed as an engineer might: lower case, spaces for dashes.
    const typed = code.toLowerCase().replace(/-/g, ' ');
    const enrolled = await call('POST', '/api/v1/enroll', '/api/v1/enroll', {
      json: { code: typed, csrPem: await certificationRequestPem(keys, challengeOf(label, typed)), deviceName: 'conformance client' },
      token: null,
    });
    expect(enrolled.status).toBe(201);
    enrollment = enrolled.body as typeof enrollment;
    const certificate = new X509Certificate(enrollment.certificatePem);
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey));
    expect(certificate.publicKey.export({ type: 'spki', format: 'der' }).equals(spki)).toBe(true);
    expect(certificate.checkIssued(new X509Certificate(enrollment.office.caCertificatePem))).toBe(true);
    expect(sha256(Buffer.from(enrollment.office.receiptKey.spki, 'base64'))).toBe(enrollment.office.receiptKey.keyId);
    expect((await call('GET', '/api/v1/me', '/api/v1/me')).status).toBe(200);
  });

  it('pulls reference data to the end', async () => {
    type Item = { kind: string; key: string; hospitalId: string | null; data: Record<string, unknown> | null };
    const items: Item[] = [];
    let cursor = '';
    for (;;) {
      const page = await call('GET', '/api/v1/reference', `/api/v1/reference?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      const body = page.body as { items: Item[]; cursor: string; more: boolean; hospitalIds: string[] };
      items.push(...body.items);
      cursor = body.cursor;
      if (!body.more) break;
    }
    expect(items.every((i) => i.hospitalId === null || i.hospitalId === HOSPITAL)).toBe(true);
    const contract = items.find((i) => i.kind === 'contract' && i.hospitalId === HOSPITAL)!.data as { id: string; systems: { id: string; templateId: string }[] };
    const system = contract.systems[0]!;
    const template = items.find((i) => i.kind === 'template' && i.key.startsWith(`${system.templateId}@`))!.data as { version: number; sections: { items: { id: string }[] }[] };
    reference = { contractId: contract.id, systemId: system.id, templateId: system.templateId, templateVersion: template.version, itemId: template.sections[0]!.items[0]!.id };
  });

  it('pushes a signed report after its blobs and verifies the receipt; the same push again gets the same receipt', async () => {
    const report = await makeReport();
    // Before its blobs: the office names what to upload.
    const early = await pushReport(report.envelope);
    expect(early.status).toBe(422);
    expect((early.body as { error: { code: string; missing: string[] } }).error).toMatchObject({ code: 'blob_missing' });
    expect(new Set((early.body as { error: { missing: string[] } }).error.missing)).toEqual(new Set(report.blobs.keys()));

    await uploadBlobs(report.blobs);
    const [firstSha, firstBytes] = [...report.blobs][0]!;
    expect(await call('PUT', '/api/v1/blobs/{sha256}', `/api/v1/blobs/${firstSha}`, { bytes: firstBytes })).toMatchObject({ status: 200, body: { created: false } });

    const pushed = await pushReport(report.envelope);
    expect(pushed.status).toBe(201);
    const { receipt } = pushed.body as { receipt: ReceiptShape };
    expect(await verifyReceipt(receipt)).toBe(true);
    expect(receipt.body).toMatchObject({ kind: 'report', id: report.envelope.id, hash: report.envelope.hash, pdf: report.envelope.pdf });
    expect(new Set(receipt.body.blobs.map((b) => JSON.stringify([b.sha256, b.size, b.mime, b.role])))).toEqual(
      new Set(report.envelope.blobs.map((b) => JSON.stringify([b.sha256, b.size, b.mime, b.role]))),
    );
    // A receipt changed by one character no longer verifies.
    expect(await verifyReceipt({ ...receipt, body: { ...receipt.body, hash: '0'.repeat(64) } })).toBe(false);

    const again = await pushReport(report.envelope);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: false, receipt });
    expect(await call('GET', '/api/v1/reports/{id}/receipt', `/api/v1/reports/${report.envelope.id}/receipt`)).toEqual({ status: 200, body: receipt });
  });

  it('pushes service record versions, merges after a 409 as §5 says, and reads them back with their clocks', async () => {
    const id = `svc-${crypto.randomUUID()}`;
    const at = '2026-03-16T01:00:00.000Z';
    const event = (eid: string, fields: Record<string, unknown>) => ({ id: eid, recordedAt: (fields.at as string | undefined) ?? at, by: '一致性测试', ...fields });
    const v1 = {
      id,
      version: 1,
      hospitalId: HOSPITAL,
      contractId: 'yunan-maint-2026',
      subject: { kind: 'system', systemId: 'yn-his' },
      channel: 'phone',
      reporter: { name: '李主任' },
      createdAt: at,
      createdBy: 'conformance',
      photos: [],
      events: [
        event('c-1', { type: 'classify', kind: 'fault', levelId: 'level-2' }),
        event('c-2', { type: 'step', step: 'reported', at }),
        event('c-3', { type: 'text', field: 'title', value: '叫号屏黑屏' }),
      ],
    };
    const route = '/api/v1/faults/{id}';
    const url = `/api/v1/faults/${id}`;
    const pushed = await call('PUT', route, url, { json: v1 });
    expect(pushed.status).toBe(201);
    const { receipt, version } = pushed.body as { receipt: ReceiptShape; version: number };
    expect(version).toBe(1);
    expect(await verifyReceipt(receipt)).toBe(true);
    expect(receipt.body).toMatchObject({ kind: 'fault', id, version: 1, hash: jsonHash(v1), blobs: [] });

    // Another device appended to version 1 and pushed version 2 first.
    const v2 = { ...v1, version: 2, events: [...v1.events, event('d-1', { type: 'step', step: 'responded', at: '2026-03-16T01:20:00.000Z' })] };
    expect((await call('PUT', route, url, { json: v2 })).status).toBe(201);
    const ours = { ...v1, version: 2, events: [...v1.events, event('c-4', { type: 'step', step: 'arrived', at: '2026-03-16T02:00:00.000Z' })] };
    const stale = await call('PUT', route, url, { json: ours });
    expect(stale.status).toBe(409);
    const current = (stale.body as { error: { code: string; current: { version: number; record: typeof v1 } } }).error;
    expect(current.code).toBe('fault_conflict');
    // The merge §5 describes: the union of both event lists by id, pushed as current.version + 1.
    const union = new Map([...current.current.record.events, ...ours.events].map((e) => [e.id, e]));
    const merged = { ...ours, version: current.current.version + 1, events: [...union.values()] };
    expect((await call('PUT', route, url, { json: merged })).status).toBe(201);
    // Dropping an event the office has is refused the same way.
    const dropped = await call('PUT', route, url, { json: { ...merged, version: 4, events: merged.events.filter((e) => e.id !== 'd-1') } });
    expect(dropped.body).toMatchObject({ error: { code: 'fault_conflict', removed: ['d-1'] } });
    const level = await call('PUT', route, `/api/v1/faults/${id}-x`, { json: { ...v1, id: `${id}-x`, events: [event('x-1', { type: 'classify', kind: 'fault', levelId: 'no-such-level' }), ...v1.events.slice(1)] } });
    expect(level.body).toMatchObject({ error: { code: 'level_unknown', problems: [{ eventId: 'x-1', code: 'level_unknown' }] } });

    const listed = await call('GET', '/api/v1/faults', `/api/v1/faults?hospital=${HOSPITAL}&state=open`);
    const mine = (listed.body as { records: { id: string; clocks: { step: string; status: string }[] }[] }).records.find((r) => r.id === id);
    expect(mine?.clocks.find((c) => c.step === 'respond')?.status).toBe('met');
    const one = await call('GET', '/api/v1/faults/{id}', url);
    expect((one.body as { versions: { version: number }[] }).versions.map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it('is refused as documented: a wrong hash, a PDF naming another record, another signature profile, bytes under another name', async () => {
    const wrongHash = await makeReport();
    await uploadBlobs(wrongHash.blobs);
    // The record changed after it was hashed and signed: it no longer hashes to the hash sent.
    const altered = { ...(wrongHash.envelope.record as Record<string, unknown>), recommendations: 'added after signing' };
    const refused = await pushReport({ ...wrongHash.envelope, record: altered });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: { code: 'hash_mismatch', sent: wrongHash.envelope.hash, computed: jsonHash(altered) } });

    const accepted = await makeReport();
    await uploadBlobs(accepted.blobs);
    expect((await pushReport(accepted.envelope)).status).toBe(201);
    const { id, reportNumber, hash } = accepted.envelope;
    const borrowing = await makeReport({ pdfNames: { id, reportNumber, hash } });
    await uploadBlobs(borrowing.blobs);
    const borrowed = await pushReport(borrowing.envelope);
    expect(borrowed.status).toBe(422);
    expect(borrowed.body).toMatchObject({ error: { code: 'pdf_record_mismatch' } });

    const pkcs7 = await makeReport({ subFilter: 'adbe.pkcs7.detached' });
    await uploadBlobs(pkcs7.blobs);
    const notPades = await pushReport(pkcs7.envelope);
    expect(notPades.status).toBe(422);
    expect(notPades.body).toMatchObject({ error: { code: 'signature_invalid' } });

    const bytes = Buffer.from('not what the name says');
    const wrongBytes = await call('PUT', '/api/v1/blobs/{sha256}', `/api/v1/blobs/${sha256('another blob')}`, { bytes });
    expect(wrongBytes.status).toBe(422);
    expect(wrongBytes.body).toMatchObject({ error: { code: 'blob_hash_mismatch', actual: sha256(bytes) } });
  });
});
