/**
 * The load of the instances benchmark: devices that speak the sync protocol over HTTP as the
 * app's main process does (POST /blobs/missing, PUT each missing blob, PUT /reports/:id), each
 * pushing its own signed reports one after the other, all devices at once. A push's latency is
 * that whole sequence; it counts once the office answered 201 with a receipt, which is checked
 * against the office key after the clock stops (the check is the device's work, not the office's).
 */
import { checkReceipt } from '../../src-renderer/sync/receipt-check';
import { EnrollResponse, paths } from '../../src-shared/sync/protocol';
import { certificationRequest, newDeviceKey } from '../../tests/server/helpers/device';
import { makeReport, type ReportFixture, type ReportSigner } from '../../tests/server/helpers/report';

export interface LoadDevice extends ReportSigner {
  officeUrl: string;
  token: string;
}

export async function enrollDevice(officeUrl: string, code: string, name: string): Promise<LoadDevice> {
  const key = newDeviceKey();
  const response = await fetch(`${officeUrl}${paths.enroll}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, csrPem: await certificationRequest(key, code), deviceName: name }),
  });
  if (response.status !== 201) throw new Error(`enrollment at ${officeUrl}: ${response.status} ${await response.text()}`);
  const enrollment = EnrollResponse.parse(await response.json());
  return { ...key, officeUrl, token: enrollment.token, enrollment, certificatePem: enrollment.certificatePem, caCertificatePem: enrollment.office.caCertificatePem };
}

/** Signed reports with no photos: the envelope, the signed PDF and the engineer's signature image. */
export async function reportsFor(device: LoadDevice, count: number): Promise<ReportFixture[]> {
  const out: ReportFixture[] = [];
  for (let i = 0; i < count; i++) out.push(await makeReport(device, { photos: 0 }));
  return out;
}

async function call(device: LoadDevice, method: string, path: string, body: Uint8Array | unknown): Promise<{ status: number; json: unknown }> {
  const bytes = body instanceof Uint8Array;
  const response = await fetch(`${device.officeUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${device.token}`, 'content-type': bytes ? 'application/octet-stream' : 'application/json' },
    body: bytes ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** One report as the device pushes it; its receipt. */
async function push(device: LoadDevice, report: ReportFixture): Promise<unknown> {
  const asked = await call(device, 'POST', paths.blobsMissing, { sha256: [...report.blobs.keys()] });
  if (asked.status !== 200) throw new Error(`missing blobs: ${asked.status} ${JSON.stringify(asked.json)}`);
  for (const sha of (asked.json as { missing: string[] }).missing) {
    const put = await call(device, 'PUT', paths.blob(sha), report.blobs.get(sha)!);
    if (put.status !== 201 && put.status !== 200) throw new Error(`PUT blob: ${put.status} ${JSON.stringify(put.json)}`);
  }
  const pushed = await call(device, 'PUT', paths.report(report.envelope.id), report.envelope);
  if (pushed.status !== 201) throw new Error(`PUT report: ${pushed.status} ${JSON.stringify(pushed.json)}`);
  return (pushed.json as { receipt: unknown }).receipt;
}

export interface LoadResult {
  seconds: number;
  /** Milliseconds per push, every push of every device. */
  latencies: number[];
}

/** Every device pushes its reports in order, all devices at once; then every receipt is checked. */
export async function runLoad(work: { device: LoadDevice; reports: ReportFixture[] }[]): Promise<LoadResult> {
  const latencies: number[] = [];
  const receipts: { device: LoadDevice; report: ReportFixture; receipt: unknown }[] = [];
  const started = performance.now();
  await Promise.all(
    work.map(async ({ device, reports }) => {
      for (const report of reports) {
        const t = performance.now();
        receipts.push({ device, report, receipt: await push(device, report) });
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const { device, report, receipt } of receipts) {
    const check = await checkReceipt(receipt, device.enrollment.office.receiptKey, report.envelope);
    if (!check.ok) throw new Error(`receipt for ${report.envelope.id}: ${check.reason}`);
  }
  return { seconds, latencies };
}
