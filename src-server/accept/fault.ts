/**
 * Accepting a fault record version. Faults change over time (respond, on site, resolved), so
 * each write names the version it creates; it must be the office's current version + 1.
 * The same version with the same content again is a retry and gets the receipt issued then.
 */
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { FaultPush } from '../../src-shared/sync/envelope';
import type { FaultAccepted } from '../../src-shared/sync/protocol';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import type { StoredFault } from '../storage/port';
import { auditEntry, mayRead, refuse, refuseTakenId, requireHospital, type DeviceActor } from './actor';
import { requireStoredBlobs } from './blobs';
import { parseOrThrow } from './zod-error';

const ACTION = 'fault.push';

function conflict(ctx: OfficeContext, who: DeviceActor, id: string, sent: { version: number; hash: string }, current: StoredFault | undefined, why: string): Promise<never> {
  // Every version of a fault stays at its first hospital: the current one says whose it is.
  if (current && !mayRead(who, current.hospitalId)) return refuseTakenId(ctx, who, ACTION, 'fault', id, current.hospitalId);
  return refuse(ctx, who, ACTION, id, {
    status: 409,
    code: 'fault_conflict',
    message: `fault ${id} version ${sent.version} refused: ${why}`,
    details: {
      id,
      sentVersion: sent.version,
      // What the office has, so the device can merge and push version current + 1.
      current: current ? { version: current.version, hash: current.hash, record: current.body } : null,
    },
  });
}

export async function acceptFault(ctx: OfficeContext, who: DeviceActor, input: unknown, urlId?: string): Promise<FaultAccepted> {
  const fault = parseOrThrow(FaultPush, input, 'the fault record');
  if (urlId !== undefined && urlId !== fault.id) throw new ApiError(400, 'invalid_request', `the path names fault ${urlId}, the body ${fault.id}`);
  await requireHospital(ctx, who, ACTION, fault.id, fault.hospitalId);
  const hash = await canonicalHash(fault);
  const sent = { version: fault.version, hash };

  const retry = async (stored: StoredFault): Promise<FaultAccepted> => {
    if (stored.hash === hash) return { created: false, version: stored.version, receipt: stored.receipt };
    return conflict(ctx, who, fault.id, sent, await ctx.store.getCurrentFault(fault.id), `version ${fault.version} already exists with other content (stale version)`);
  };
  const same = await ctx.store.getFaultVersion(fault.id, fault.version);
  if (same) return retry(same);

  const current = await ctx.store.getCurrentFault(fault.id);
  if (current && current.hospitalId !== fault.hospitalId) {
    return conflict(ctx, who, fault.id, sent, current, `it belongs to hospital ${current.hospitalId}`);
  }
  const expected = (current?.version ?? 0) + 1;
  if (fault.version !== expected) return conflict(ctx, who, fault.id, sent, current, `the next version is ${expected}`);

  const blobs = fault.blobs ?? [];
  await requireStoredBlobs(ctx, who, ACTION, fault.id, blobs);

  const receivedAt = ctx.now().toISOString();
  const receipt = ctx.receipts.sign({
    kind: 'fault',
    id: fault.id,
    hash,
    version: fault.version,
    hospitalId: fault.hospitalId,
    deviceId: who.device.id,
    engineerId: who.engineer.id,
    blobs,
    via: who.via,
    receivedAt,
  });
  const stored: StoredFault = {
    id: fault.id,
    version: fault.version,
    hospitalId: fault.hospitalId,
    hash,
    body: fault,
    engineerId: who.engineer.id,
    deviceId: who.device.id,
    receivedAt,
    receipt,
  };
  const outcome = await ctx.store.insertFaultVersion(
    stored,
    auditEntry(who, ACTION, 'ok', fault.id, { version: fault.version, hash, hospitalId: fault.hospitalId, blobs: blobs.map((b) => b.sha256) }),
  );
  if (!outcome.inserted) {
    // Another write landed between the check and the insert.
    const raced = await ctx.store.getFaultVersion(fault.id, fault.version);
    if (raced) return retry(raced);
    return conflict(ctx, who, fault.id, sent, outcome.existing, `the next version is ${(outcome.existing?.version ?? 0) + 1}`);
  }
  return { created: true, version: fault.version, receipt };
}
