/**
 * Offline bundles: imported through the console endpoint and through the CLI, with the same
 * checks and receipts as online pushes; a bundle not signed by its device is refused whole.
 */
import { execFile } from 'node:child_process';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleImportResult, paths } from '../../src-shared/sync/protocol';
import { receiptCovers, verifyReceipt } from '../../src-shared/sync/receipt';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { makeBundle } from './helpers/bundle';
import { enrolledDevice, http, newDeviceKey, type TestDevice } from './helpers/device';
import { cliEnv, startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport } from './helpers/report';
import { newRecord } from './helpers/service';
import { selfSignedCertificate } from './helpers/signed-pdf';

let office: TestOffice;
let device: TestDevice;
let admin: ConsoleClient;

const upload = async (client: ConsoleClient | undefined, bytes: Buffer, csrf?: string) =>
  http(`${office.url}${paths.bundles}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(client ? { cookie: client.cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: bytes,
  });

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'liu-yang', ['yunan-peoples']);
  await office.addConsoleUser('admin', 'correct horse battery');
  admin = await consoleClient(office, 'admin', 'correct horse battery');
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('bundle import', () => {
  it('imports reports with their blobs and answers each with a verifiable receipt; a second import finds them stored', async () => {
    const reports = [await makeReport(device, { photos: 2 }), await makeReport(device, { photos: 1 })];
    const fault = newRecord('fault-b1', { title: 'LIS 接口中断' });
    const { bytes, manifest } = makeBundle(device, reports, { faults: [fault] });

    expect((await upload(undefined, bytes)).status).toBe(401);
    expect((await upload(admin, bytes, 'wrong')).status).toBe(403);

    const res = await upload(admin, bytes, await admin.csrf());
    expect(res.status).toBe(200);
    const result = BundleImportResult.parse(res.body);
    expect(result).toMatchObject({ bundleId: manifest.bundleId, deviceId: device.id });
    expect(result.results.filter((r) => r.kind === 'blob').every((r) => r.status === 'accepted')).toBe(true);
    for (const r of reports) {
      const item = result.results.find((x) => x.kind === 'report' && x.id === r.envelope.id)!;
      expect(item.status).toBe('accepted');
      expect(await verifyReceipt(item.receipt, device.enrollment.office.receiptKey)).toMatchObject({ ok: true });
      expect(receiptCovers(item.receipt!.body, { kind: 'report', id: r.envelope.id, hash: r.envelope.hash, pdf: r.envelope.pdf, blobs: r.envelope.blobs })).toEqual([]);
      expect(item.receipt!.body.via).toBe('bundle');
    }
    expect(result.results.find((x) => x.kind === 'fault')).toMatchObject({ id: 'fault-b1@1', status: 'accepted' });

    // Online later, the device pushes the same report: the office already has it, same receipt.
    const first = reports[0]!;
    const online = await pushReport(device, first.envelope);
    expect(online.status).toBe(200);
    expect((online.body as { receipt: unknown }).receipt).toEqual(result.results.find((x) => x.id === first.envelope.id)!.receipt);

    const again = BundleImportResult.parse((await upload(admin, bytes, await admin.csrf())).body);
    expect(again.results.every((r) => r.status === 'duplicate')).toBe(true);
    const audit = await office.ctx.store.listAudit({ limit: 5, action: 'bundle.import' });
    expect(audit[0]).toMatchObject({ actor: `device:${device.id}`, details: { importedBy: 'admin:admin' } });
  });

  it('checks each report as online sync does: a tampered one is refused, the rest accepted', async () => {
    const good = await makeReport(device);
    const bad = await makeReport(device);
    (bad.envelope.record as unknown as { recommendations: string }).recommendations = 'changed after signing';
    const { bytes } = makeBundle(device, [good, bad]);
    const result = BundleImportResult.parse((await upload(admin, bytes, await admin.csrf())).body);
    expect(result.results.find((r) => r.id === good.envelope.id)?.status).toBe('accepted');
    expect(result.results.find((r) => r.id === bad.envelope.id)).toMatchObject({ status: 'refused', code: 'hash_mismatch' });
  });

  it('refuses a bundle signed by another key or truncated', async () => {
    const report = await makeReport(device);
    const stranger = newDeviceKey();
    const { bytes } = makeBundle(device, [report], {
      signer: { keyPem: stranger.keyPem, certificatePem: selfSignedCertificate(stranger.keyPem, stranger.publicKeyPem, 'not the device') },
    });
    const res = await upload(admin, bytes, await admin.csrf());
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'signature_invalid' } });

    const genuine = makeBundle(device, [report]).bytes;
    const cut = await upload(admin, genuine.subarray(0, genuine.length - 10), await admin.csrf());
    expect(cut.status).toBe(422);
    expect(cut.body).toMatchObject({ error: { code: 'bundle_invalid' } });
    expect(await office.ctx.store.getReport(report.envelope.id)).toBeUndefined();
  });

  it('imports a bundle file with `npm run server -- import` while the service runs', async () => {
    const report = await makeReport(device);
    const { bytes } = makeBundle(device, [report]);
    const file = path.join(office.dataDir, 'carried.xjbundle');
    await writeFile(file, bytes);
    const tsx = path.resolve('node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, ['src-server/cli.ts', 'import', file, '--data', office.dataDir], { timeout: 60_000, env: cliEnv(office) });
    const result = BundleImportResult.parse(JSON.parse(stdout));
    expect(result.results.find((r) => r.kind === 'report')?.status).toBe('accepted');
    // The running service sees what the CLI stored.
    await pushBlobs(device, report.blobs);
    expect((await pushReport(device, report.envelope)).status).toBe(200);
  });

  it('keeps incoming/ 0700 and a bundle being uploaded 0600, like blobs: a bundle holds reports and photos', async () => {
    const incoming = path.join(office.dataDir, 'incoming');
    const mode = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;
    const { bytes } = makeBundle(device, [await makeReport(device)]);
    const half = Math.floor(bytes.length / 2);
    const request = httpRequest(`${office.url}${paths.bundles}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': bytes.length, cookie: admin.cookie, 'x-csrf-token': await admin.csrf() },
    });
    const answered = new Promise<number>((resolve, reject) => {
      request.once('response', (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      });
      request.once('error', reject);
    });
    answered.catch(() => undefined);
    try {
      // Half the bundle sent: the office has opened the file it streams into, and waits for the rest.
      request.write(bytes.subarray(0, half));
      let files = await readdir(incoming);
      while (files.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        files = await readdir(incoming);
      }
      expect(await mode(path.join(incoming, files[0]!))).toBe(0o600);
      expect(await mode(incoming)).toBe(0o700);
      request.end(bytes.subarray(half));
    } finally {
      // A failed check must not leave the office waiting for the rest (closing it would hang).
      if (!request.writableEnded) request.destroy();
    }
    expect(await answered).toBe(200);
    expect(await readdir(incoming)).toEqual([]);
    expect(await mode(incoming)).toBe(0o700);
  });
});
