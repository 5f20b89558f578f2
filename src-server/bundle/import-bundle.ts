/**
 * Importing an offline bundle file (format in src-shared/sync/bundle.ts): the manifest's
 * signature must verify with the certificate of the device it names, then each blob, report
 * and fault goes through exactly the checks of an online push and gets the same receipts.
 * The file is read in place, blob by blob, never loaded whole.
 */
import { X509Certificate, verify } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import {
  BUNDLE_PREFIX_BYTES,
  bundleLayout,
  manifestSigningBytes,
  readBundlePrefix,
  SignedManifest,
} from '../../src-shared/sync/bundle';
import type { BundleImportResult, BundleItemResult } from '../../src-shared/sync/protocol';
import { auditEntry, refuse, type DeviceActor } from '../accept/actor';
import { storeBlob } from '../accept/blobs';
import { acceptDeliverable } from '../accept/deliverable';
import { acceptFault } from '../accept/fault';
import { checkEnvelope } from '../accept/envelope-check';
import { acceptReport } from '../accept/report';
import { invalidRequest } from '../accept/zod-error';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import { scanJson } from '../http/json-body';
import { checkSignerIsDevice } from '../verify/device-certificate';

const invalid = (message: string, details: Record<string, unknown> = {}): ApiError => new ApiError(422, 'bundle_invalid', message, details);

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw invalid('the file ends before its header does');
  return buffer;
}

async function readManifest(handle: FileHandle): Promise<{ signed: SignedManifest; headerLength: number; size: number }> {
  const { size } = await handle.stat();
  const prefix = readBundlePrefix(await readAt(handle, 0, Math.min(BUNDLE_PREFIX_BYTES, size)));
  if (!prefix.ok) throw invalid(prefix.reason);
  let json: unknown;
  try {
    const text = (await readAt(handle, BUNDLE_PREFIX_BYTES, prefix.headerLength)).toString('utf8');
    // As for JSON bodies: no nesting that would overflow canonicalJson, no half surrogates, no __proto__.
    const problem = scanJson(text);
    if (problem) throw invalid(`the header: ${problem.message}`);
    json = JSON.parse(text);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw invalid('the header is not JSON');
  }
  const parsed = SignedManifest.safeParse(json);
  if (!parsed.success) {
    const e = invalidRequest(parsed.error, 'the bundle header');
    throw invalid(e.message, e.details);
  }
  return { signed: parsed.data, headerLength: prefix.headerLength, size };
}

function signatureValid(signed: SignedManifest): boolean {
  const key = new X509Certificate(signed.signature.certificatePem).publicKey;
  const data = manifestSigningBytes(signed.manifest);
  const signature = Buffer.from(signed.signature.value, 'base64');
  return signed.signature.alg === 'RS256'
    ? key.asymmetricKeyType === 'rsa' && verify('sha256', data, key, signature)
    : key.asymmetricKeyType === 'ec' && verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

async function outcome(kind: BundleItemResult['kind'], id: string, run: () => Promise<Omit<BundleItemResult, 'kind' | 'id'>>): Promise<BundleItemResult> {
  try {
    return { kind, id, ...(await run()) };
  } catch (error) {
    if (error instanceof ApiError) return { kind, id, status: 'refused', code: error.code, message: error.message };
    throw error;
  }
}

export async function importBundleFile(ctx: OfficeContext, file: string, importedBy: string, ip?: string): Promise<BundleImportResult> {
  const handle = await open(file, 'r');
  try {
    const { signed, headerLength, size } = await readManifest(handle);
    const { manifest } = signed;
    const layout = bundleLayout(headerLength, manifest);
    if (layout.totalBytes !== size) throw invalid(`the file is ${size} bytes; its manifest describes ${layout.totalBytes}`);
    const device = await ctx.store.getDevice(manifest.deviceId);
    if (!device) throw invalid(`no enrolled device ${manifest.deviceId}`);
    const engineer = await ctx.store.getEngineer(device.engineerId);
    if (!engineer) throw invalid(`the engineer of device ${device.id} no longer exists`);
    const who: DeviceActor = { device, engineer, via: 'bundle', importedBy, bundleId: manifest.bundleId, ...(ip ? { ip } : {}) };
    // As online (auth/device-auth.ts): a deactivated engineer's device is refused until they are reactivated.
    if (engineer.deactivatedAt) {
      await refuse(ctx, who, 'bundle.import', manifest.bundleId, {
        status: 422,
        code: 'bundle_invalid',
        message: `the engineer ${engineer.id} of device ${device.id} was deactivated at ${engineer.deactivatedAt}; reactivate them in the console to import this bundle`,
      });
    }

    const signer = checkSignerIsDevice(signed.signature.certificatePem, device, ctx.keys.ca.certificatePem);
    if (!signer.ok) await refuse(ctx, who, 'bundle.import', manifest.bundleId, { status: 422, code: 'signature_invalid', message: `bundle signer: ${signer.reason}` });
    if (!signatureValid(signed)) {
      await refuse(ctx, who, 'bundle.import', manifest.bundleId, { status: 422, code: 'signature_invalid', message: 'the bundle signature does not verify' });
    }

    const results: BundleItemResult[] = [];
    for (const [i, blob] of manifest.blobs.entries()) {
      results.push(
        await outcome('blob', blob.sha256, async () => {
          if (await ctx.blobs.stat(blob.sha256)) return { status: 'duplicate' };
          const start = layout.offsets[i]!;
          await storeBlob(ctx, who, blob.sha256, createReadStream(file, { start, end: start + blob.size - 1 }));
          return { status: 'accepted' };
        }),
      );
    }
    for (const envelope of manifest.reports) {
      results.push(
        await outcome('report', envelope.id, async () => {
          const accepted = await acceptReport(ctx, who, await checkEnvelope(envelope));
          return { status: accepted.created ? 'accepted' : 'duplicate', receipt: accepted.receipt };
        }),
      );
    }
    for (const fault of manifest.faults) {
      results.push(
        await outcome('fault', `${fault.id}@${fault.version}`, async () => {
          const accepted = await acceptFault(ctx, who, fault);
          return { status: accepted.created ? 'accepted' : 'duplicate', receipt: accepted.receipt };
        }),
      );
    }
    for (const entry of manifest.deliverables ?? []) {
      results.push(
        await outcome('deliverable', entry.id, async () => {
          const accepted = await acceptDeliverable(ctx, who, entry);
          return { status: accepted.created ? 'accepted' : 'duplicate', receipt: accepted.receipt };
        }),
      );
    }
    const count = (status: BundleItemResult['status']) => results.filter((r) => r.status === status).length;
    await ctx.store.audit(
      auditEntry(who, 'bundle.import', 'ok', manifest.bundleId, {
        accepted: count('accepted'),
        duplicate: count('duplicate'),
        refused: count('refused'),
        reports: manifest.reports.map((r) => ({ id: r.id, hash: r.hash })),
      }),
    );
    return { bundleId: manifest.bundleId, deviceId: device.id, results };
  } finally {
    await handle.close();
  }
}
