/**
 * Issue 10 point 4: bodies no device makes — nested 10,000 deep, 14 MB of nesting, half a
 * surrogate pair, a `__proto__` key — get a 4xx in the protocol's error format (the device
 * retries 5xx for ever), found before any recursive work, and the office keeps answering others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { enrolledDevice, http, type HttpResult, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport } from './helpers/report';
import { newRecord } from './helpers/service';
import { createHash } from 'node:crypto';
import { readReportRecord } from '../../src-server/accept/report-record';
import { INLINE_BYTES } from '../../src-server/checks/check-thread';
import { canonicalHash } from '../../src-shared/crypto/canonical';

let office: TestOffice;
let device: TestDevice;

/** Sends JSON text as it is (JSON.stringify could not write most of these bodies). */
const putText = (path: string, text: string): Promise<HttpResult> =>
  http(`${office.url}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' }, body: text });

/** A valid service record's JSON with `inner` (raw JSON members) first, or its title's value replaced by `title` (raw JSON string content). */
const faultText = (id: string, inner: string): string => JSON.stringify(newRecord(id)).replace(/^\{/, `{${inner},`);
const faultTitled = (id: string, title: string): string => JSON.stringify(newRecord(id, { title: '@@TITLE@@' })).replace('@@TITLE@@', title);

/** A report envelope whose record carries `extra` (raw JSON) as one more field. */
async function envelopeWith(extra: string): Promise<{ id: string; text: string }> {
  const { envelope } = await makeReport(device);
  const text = JSON.stringify(envelope).replace('"record":{', `"record":{"extra":${extra},`);
  return { id: envelope.id, text };
}

function expectRefused(result: HttpResult, code: string): void {
  expect(result.status).toBe(400);
  expect(result.headers.get('content-type')).toMatch(/application\/json/);
  expect(result.body).toMatchObject({ error: { code, message: expect.any(String) } });
}

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('bodies no device makes', () => {
  it('refuses a record nested 10,000 levels deep with 400 too_deep, report or fault, and stores nothing', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const report = await envelopeWith(deep);
    expectRefused(await putText(paths.report(report.id), report.text), 'too_deep');
    expect(await office.ctx.store.getReport(report.id)).toBeUndefined();

    const objects = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    expectRefused(await putText(paths.fault('fault-deep'), faultText('fault-deep', `"detail":${objects}`)), 'too_deep');
    expect(await office.ctx.store.getCurrentFault('fault-deep')).toBeUndefined();

    // Nesting a device does make gets past the scan (to the shape check, which has no field for it).
    const shallow = `${'['.repeat(20)}1${']'.repeat(20)}`;
    const passed = await putText(paths.fault('fault-shallow'), faultText('fault-shallow', `"detail":${shallow}`));
    expect(passed.status).toBe(400);
    expect(passed.body).toMatchObject({ error: { code: 'invalid_request', issues: [{ message: expect.stringMatching(/detail/) }] } });
  });

  it('refuses half a surrogate pair with 400 unpaired_surrogate and accepts a whole pair', async () => {
    expectRefused(await putText(paths.fault('fault-lone'), faultTitled('fault-lone', 'HIS \\ud800 down')), 'unpaired_surrogate');
    expectRefused(await putText(paths.fault('fault-low'), faultTitled('fault-low', '\\udc00')), 'unpaired_surrogate');
    expectRefused(await putText(paths.fault('fault-key'), faultText('fault-key', '"\\ud83d":1')), 'unpaired_surrogate');
    const report = await envelopeWith('"note \\ud83d"');
    expectRefused(await putText(paths.report(report.id), report.text), 'unpaired_surrogate');

    const pair = await putText(paths.fault('fault-emoji'), faultTitled('fault-emoji', 'HIS \\ud83d\\ude00 \ud83d\ude00 down'));
    expect(pair.status).toBe(201);
    expect((await office.ctx.store.getServiceRecord('fault-emoji'))?.title).toBe('HIS 😀 😀 down');
  });

  it('refuses a "__proto__" key, however it is written, with 400 reserved_key rather than calling it invalid JSON', async () => {
    expectRefused(await putText(paths.fault('fault-proto'), faultText('fault-proto', '"__proto__":{"admin":true}')), 'reserved_key');
    expectRefused(await putText(paths.fault('fault-proto'), faultText('fault-proto', '"x":{"\\u005f_proto__" :{"admin":true}}')), 'reserved_key');
    // As a value, or as a key's mere substring, it is only text.
    expect((await putText(paths.fault('fault-proto'), faultTitled('fault-proto', '__proto__'))).status).toBe(201);
    const substring = await putText(paths.fault('fault-proto2'), faultText('fault-proto2', '"__proto__x":1'));
    expect(substring.body).toMatchObject({ error: { code: 'invalid_request', issues: [{ message: expect.stringMatching(/__proto__x/) }] } });
    // And a body that is not JSON is still invalid_request.
    expectRefused(await putText(paths.fault('fault-broken'), '{"id":'), 'invalid_request');
  });

  it('refuses a number no double holds, bytes that are not UTF-8, and millions of small arrays, each with a 4xx', async () => {
    // 1e400 parses to Infinity, which has no canonical JSON: it was a 500, retried for ever.
    expectRefused(await putText(paths.fault('fault-inf'), faultText('fault-inf', '"detail":{"reading":1e400}')), 'invalid_request');
    const report = await envelopeWith('-1E+400');
    expectRefused(await putText(paths.report(report.id), report.text), 'invalid_request');
    // 1.5e300 parses (a double holds it); the shape check then refuses it as a version, naming the field.
    const big = await putText(paths.fault('fault-big'), JSON.stringify(newRecord('fault-big')).replace('"version":1', '"version":1.5e300'));
    expect(big.body).toMatchObject({ error: { code: 'invalid_request', issues: [{ path: 'version' }] } });

    // A byte sequence UTF-8 cannot hold is refused, not stored as U+FFFD.
    const [before, after] = faultTitled('fault-bytes', 'HIS @@ down').split('@@') as [string, string];
    const raw = Buffer.concat([Buffer.from(before), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(after)]);
    const bytes = await http(`${office.url}${paths.fault('fault-bytes')}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
      body: raw,
    });
    expectRefused(bytes, 'invalid_request');
    expect(await office.ctx.store.getCurrentFault('fault-bytes')).toBeUndefined();

    // Shallow but 300,000 arrays: refused as too large before it is parsed.
    const many = await putText(paths.fault('fault-many'), faultText('fault-many', `"detail":[${Array.from({ length: 300_000 }, () => '[]').join(',')}]`));
    expect(many.status).toBe(413);
    expect(many.body).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('refuses a 14 MB body of nesting with 400 too_deep while a concurrent request is answered', async () => {
    const bodies = [
      // All nesting: the scan stops at level 33.
      `{"record":${'['.repeat(7_000_000)}${']'.repeat(7_000_000)}}`,
      // 13 MB of text first, so the whole body is scanned before the nesting is found.
      `{"note":"${'x'.repeat(13_000_000)}","record":${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}}`,
    ];
    for (const text of bodies) {
      expect(text.length).toBeGreaterThan(14_000_000);
      const bad = putText(paths.report('insp-huge'), text);
      const probe = http(`${office.url}${paths.office}`);
      const [badResult, probeResult] = await Promise.all([bad, probe]);
      expectRefused(badResult, 'too_deep');
      expect(probeResult.status).toBe(200);
    }
    // Still serving afterwards.
    expect((await device.call('GET', paths.me)).status).toBe(200);
  }, 60_000);
});

describe('a record of megabytes a device may make', () => {
  it('is checked off the event loop and stored whole, its hash unchanged', async () => {
    // Far over the size checked inline: it goes through the office's check thread and back.
    const note = '机房温度偏高，建议加装空调。'.repeat(40_000);
    const report = await makeReport(device, { note });
    expect(JSON.stringify(report.envelope).length).toBeGreaterThan(INLINE_BYTES);
    await pushBlobs(device, report.blobs);
    const pushed = await pushReport(device, report.envelope);
    expect(pushed.status).toBe(201);
    const bytes = (await readReportRecord(office.ctx, report.envelope))!;
    const stored = JSON.parse(Buffer.from(bytes).toString('utf8')) as { answers: { note: string }[] };
    expect(stored.answers[0]!.note).toBe(note);
    expect(await canonicalHash(stored)).toBe(report.envelope.hash);
    // Kept as its canonical JSON, named by its own hash: the bytes check themselves.
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(report.envelope.hash);
    // And again: the same push is a retry, answered with the same receipt.
    const again = await pushReport(device, report.envelope);
    expect(again.status).toBe(200);
    expect((again.body as { receipt: unknown }).receipt).toEqual((pushed.body as { receipt: unknown }).receipt);
  }, 60_000);
});
