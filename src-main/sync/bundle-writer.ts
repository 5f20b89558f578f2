/**
 * Writes the offline bundle (format: src-shared/sync/bundle.ts): the signed manifest, then each
 * blob's bytes in manifest order. Every blob is read from where it lives (the report's PDF from
 * the reports folder, the rest from staging) and checked against its SHA-256 and size first.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ReportLocator } from '../../src-shared/report/model';
import { RpcFailure } from '../../src-shared/rpc/result';
import {
  BUNDLE_FORMAT,
  encodeBundleHeader,
  manifestSigningBytes,
  type BundleBlob,
  type BundleManifest,
} from '../../src-shared/sync/bundle';
import { referencedBlobs, type ReportEnvelope } from '../../src-shared/sync/envelope';
import type { BundleExport } from '../../src-shared/rpc/sync-channels';
import type { FaultBody } from '../../src-shared/rpc/service-sync';
import type { DeliverableEntry } from '../../src-shared/period/deliverable';
import type { ReportFiles } from '../files/report-files';
import type { SaveDialog } from '../report/report-service';
import type { SignerMaterial } from '../signing/identity';
import { signWithDeviceKey } from './device-signature';
import { sha256Of, type BlobStaging } from './staging';

export interface BundleDeps {
  deviceId: string;
  material: () => Promise<SignerMaterial>;
  staging: BlobStaging;
  reports: Pick<ReportFiles, 'read'>;
  saveDialog?: SaveDialog;
  now: () => Date;
}

export interface BundleRequest {
  reports: ReportEnvelope[];
  pdfs: { sha256: string; report: ReportLocator }[];
  /** Service records as pushed online, with the staged files of each this device holds. */
  faults?: { fault: FaultBody; blobs: BundleBlob[] }[];
  /** Deliverables-register entries, with the files of each this device holds (staged, or a produced report's PDF named in `pdfs`). */
  deliverables?: { entry: DeliverableEntry; blobs: BundleBlob[] }[];
}

export async function writeBundle(deps: BundleDeps, request: BundleRequest): Promise<BundleExport> {
  const pdfAt = new Map(request.pdfs.map((p) => [p.sha256, p.report]));
  const blobs = new Map<string, BundleBlob>();
  for (const envelope of request.reports) for (const b of referencedBlobs(envelope)) blobs.set(b.sha256, b);
  for (const item of request.faults ?? []) for (const b of item.blobs) blobs.set(b.sha256, b);
  for (const item of request.deliverables ?? []) for (const b of item.blobs) blobs.set(b.sha256, b);

  /** Each blob's bytes, checked; read one at a time when writing so memory stays at one blob. */
  async function bytesOf(blob: BundleBlob): Promise<Buffer> {
    const locator = pdfAt.get(blob.sha256);
    const bytes = locator ? await deps.reports.read(locator) : await deps.staging.read(blob.sha256);
    if (bytes.length !== blob.size || sha256Of(bytes) !== blob.sha256) {
      throw new RpcFailure('blob_unavailable', `blob ${blob.sha256} is not what the report lists (size ${bytes.length}, expected ${blob.size})`, { detail: blob.sha256 });
    }
    return bytes;
  }

  const createdAt = deps.now();
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    bundleId: randomUUID(),
    deviceId: deps.deviceId,
    createdAt: createdAt.toISOString(),
    reports: request.reports,
    faults: (request.faults ?? []).map((item) => item.fault),
    // Absent when empty: a bundle without entries stays what older offices read.
    ...(request.deliverables?.length ? { deliverables: request.deliverables.map((item) => item.entry) } : {}),
    blobs: [...blobs.values()],
  };
  const signature = signWithDeviceKey(await deps.material(), manifestSigningBytes(manifest));
  const header = encodeBundleHeader({
    manifest,
    signature: { alg: signature.alg, certificatePem: signature.certificatePem, value: signature.value.toString('base64') },
  });
  const bytes = header.length + manifest.blobs.reduce((sum, b) => sum + b.size, 0);
  const stamp = createdAt.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const fileName = `xunjian-${stamp}-${manifest.reports.length + manifest.faults.length + (manifest.deliverables?.length ?? 0)}.xjbundle`;
  const summary = { bundleId: manifest.bundleId, reports: manifest.reports.length, bytes };

  if (!deps.saveDialog) {
    // The web host: the page downloads it. Whole file in memory, which the web host accepts.
    const parts: Uint8Array[] = [header];
    for (const blob of manifest.blobs) parts.push(await bytesOf(blob));
    const whole = Buffer.concat(parts);
    return { kind: 'download', fileName, base64: whole.toString('base64'), ...summary };
  }
  const target = await deps.saveDialog(fileName);
  if (!target) return { kind: 'cancelled' };
  // Written aside, flushed, then renamed: a pulled USB stick leaves no half bundle under the real name.
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${manifest.bundleId}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    await handle.write(header);
    for (const blob of manifest.blobs) await handle.write(await bytesOf(blob));
    await handle.sync();
    await handle.close();
    await rename(temp, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  return { kind: 'saved', path: target, ...summary };
}
