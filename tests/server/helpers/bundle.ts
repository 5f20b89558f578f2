/** Writes an offline bundle file as a device would: signed manifest, then the blobs in manifest order. */
import { randomUUID, sign } from 'node:crypto';
import { BUNDLE_FORMAT, encodeBundleHeader, manifestSigningBytes, type BundleManifest } from '../../../src-shared/sync/bundle';
import { referencedBlobs, type FaultPush } from '../../../src-shared/sync/envelope';
import type { DeliverableEntry } from '../../../src-shared/period/deliverable';
import type { TestDevice } from './device';
import type { ReportFixture } from './report';

export function makeBundle(
  device: TestDevice,
  reports: ReportFixture[],
  options: { faults?: FaultPush[]; deliverables?: DeliverableEntry[]; files?: Map<string, Buffer>; signer?: { keyPem: string; certificatePem: string } } = {},
): { bytes: Buffer; manifest: BundleManifest } {
  const bytesOf = new Map([...reports.flatMap((r) => [...r.blobs]), ...(options.files ?? [])]);
  const blobs = new Map<string, { sha256: string; size: number }>(reports.flatMap((r) => referencedBlobs(r.envelope)).map((b) => [b.sha256, b]));
  for (const [sha256, bytes] of options.files ?? []) blobs.set(sha256, { sha256, size: bytes.length });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    bundleId: randomUUID(),
    deviceId: device.id,
    createdAt: new Date().toISOString(),
    reports: reports.map((r) => r.envelope),
    faults: options.faults ?? [],
    ...(options.deliverables?.length ? { deliverables: options.deliverables } : {}),
    blobs: [...blobs.values()].map((b) => ({ sha256: b.sha256, size: b.size })),
  };
  const signer = options.signer ?? { keyPem: device.keyPem, certificatePem: device.certificatePem };
  const value = sign('sha256', manifestSigningBytes(manifest), signer.keyPem).toString('base64');
  const header = encodeBundleHeader({ manifest, signature: { alg: 'RS256', certificatePem: signer.certificatePem, value } });
  return { bytes: Buffer.concat([header, ...manifest.blobs.map((b) => bytesOf.get(b.sha256)!)]), manifest };
}
