/**
 * Accepting a service record version (PUT /faults/<id>). A record changes over time (responded,
 * on site, resolved), so each write names the version it creates: the office's current version + 1.
 * The same version with the same content again is a retry and gets the receipt issued then. A
 * version must keep every event of the one before it unchanged (append-only): else, like a stale
 * version, the answer is 409 with the office's record, the device merges (service/merge.ts) and
 * pushes again. Then the contract's rules for the new events, then the blobs, then the documents
 * the version adds (signature, signer, the record they name: fault-documents.ts); docs/sync-protocol.md.
 */
import type { Contract } from '../../src-shared/catalog/reference';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { FaultPush, faultBlobs, recordOf } from '../../src-shared/sync/envelope';
import type { FaultAccepted } from '../../src-shared/sync/protocol';
import type { OfficeContext } from '../context';
import { scheduleFill } from '../dashboard/facts';
import { ApiError } from '../errors';
import { calendarOf, contractById, deriveListing } from '../service/derive';
import type { StoredFault } from '../storage/port';
import { auditEntry, mayRead, refuse, refuseTakenId, requireHospital, type DeviceActor } from './actor';
import { requireStoredBlobs } from './blobs';
import { requireGenuineDocuments } from './fault-documents';
import { appendOnlyBreaks, eventProblems, structureProblems, type EventProblem } from './fault-rules';
import { parseOrThrow } from './zod-error';

const ACTION = 'fault.push';

function conflict(
  ctx: OfficeContext,
  who: DeviceActor,
  id: string,
  sent: { version: number; hash: string },
  current: StoredFault | undefined,
  why: string,
  extra: Record<string, unknown> = {},
): Promise<never> {
  // Every version of a fault stays at its first hospital: the current one says whose it is.
  if (current && !mayRead(who, current.hospitalId)) return refuseTakenId(ctx, who, ACTION, 'fault', id, current.hospitalId);
  return refuse(ctx, who, ACTION, id, {
    status: 409,
    code: 'fault_conflict',
    message: `fault ${id} version ${sent.version} refused: ${why}`,
    details: {
      id,
      sentVersion: sent.version,
      ...extra,
      // What the office has, so the device can merge and push version current + 1.
      current: current ? { version: current.version, hash: current.hash, record: current.body } : null,
    },
  });
}

/** The record's contract from the office's reference data, if it is one of the record's hospital. */
async function contractOf(ctx: OfficeContext, fault: FaultPush): Promise<Contract | undefined> {
  const contract = await contractById(ctx, fault.contractId);
  return contract && !contract.deleted && contract.hospitalId === fault.hospitalId ? contract : undefined;
}

/** A subject the contract covers: one of its systems, an asset of its hospital, or the contract itself. */
async function subjectProblem(ctx: OfficeContext, fault: FaultPush, contract: Contract): Promise<string | undefined> {
  const s = fault.subject;
  if (s.kind === 'system' && !contract.systems.some((x) => x.id === s.systemId)) return `system ${s.systemId} is not covered by contract ${contract.id}`;
  if (s.kind === 'asset') {
    const asset = await ctx.store.getReference('asset', s.assetId);
    if (asset?.hospitalId !== fault.hospitalId) return `asset ${s.assetId} is not an asset of hospital ${fault.hospitalId} at this office`;
  }
  return undefined;
}

function refuseProblems(ctx: OfficeContext, who: DeviceActor, id: string, problems: EventProblem[]): Promise<never> {
  const first = problems[0]!;
  return refuse(ctx, who, ACTION, id, {
    status: 422,
    code: first.code,
    message: problems.map((p) => (p.eventId ? `event ${p.eventId}: ${p.message}` : p.message)).join('; '),
    details: { problems },
  });
}

export async function acceptFault(ctx: OfficeContext, who: DeviceActor, input: unknown, urlId?: string): Promise<FaultAccepted> {
  const fault = parseOrThrow(FaultPush, input, 'the service record');
  if (urlId !== undefined && urlId !== fault.id) throw new ApiError(400, 'invalid_request', `the path names fault ${urlId}, the body ${fault.id}`);
  await requireHospital(ctx, who, ACTION, fault.id, fault.hospitalId);
  // The record as parsed (defaults filled, names trimmed) is what is stored and hashed.
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
  // Versions stored before service records were checked (schema < 4) are not records: nothing to keep.
  const previous = current ? FaultPush.safeParse(current.body).data : undefined;
  if (previous) {
    if (previous.contractId !== fault.contractId) return conflict(ctx, who, fault.id, sent, current, `it belongs to contract ${previous.contractId}`);
    const breaks = appendOnlyBreaks(previous, fault);
    if (breaks) {
      const what = [breaks.removed.length ? `removes events ${breaks.removed.join(', ')}` : '', breaks.altered.length ? `changes events ${breaks.altered.join(', ')}` : ''];
      return conflict(ctx, who, fault.id, sent, current, `a version only adds events; this one ${what.filter(Boolean).join(' and ')}`, breaks);
    }
  }

  const contract = await contractOf(ctx, fault);
  if (!contract) {
    return refuse(ctx, who, ACTION, fault.id, {
      status: 422,
      code: 'reference_unknown',
      message: `contract ${fault.contractId} is not a contract of hospital ${fault.hospitalId} at this office`,
      details: { contractId: fault.contractId },
    });
  }
  const subject = await subjectProblem(ctx, fault, contract);
  if (subject) return refuse(ctx, who, ACTION, fault.id, { status: 422, code: 'reference_unknown', message: subject, details: { subject: fault.subject } });
  const structure = structureProblems(fault);
  if (structure.length) return refuseProblems(ctx, who, fault.id, structure);
  const problems = eventProblems(fault, previous, contract, ctx.now());
  if (problems.length) return refuseProblems(ctx, who, fault.id, problems);

  const blobs = faultBlobs(fault);
  await requireStoredBlobs(ctx, who, ACTION, fault.id, blobs);
  const documents = await requireGenuineDocuments(ctx, who, ACTION, fault, previous);

  const { version } = fault;
  const { listing } = deriveListing(recordOf(fault), contract, await calendarOf(ctx, contract));
  const receivedAt = ctx.now().toISOString();
  const receipt = ctx.receipts.sign({
    kind: 'fault',
    id: fault.id,
    hash,
    version,
    hospitalId: fault.hospitalId,
    deviceId: who.device.id,
    engineerId: who.engineer.id,
    blobs,
    via: who.via,
    receivedAt,
  });
  const stored: StoredFault = {
    id: fault.id,
    version,
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
    auditEntry(who, ACTION, 'ok', fault.id, { version, hash, hospitalId: fault.hospitalId, contractId: fault.contractId, blobs: blobs.map((b) => b.sha256), documents }),
    listing,
  );
  if (!outcome.inserted) {
    // Another write landed between the check and the insert.
    const raced = await ctx.store.getFaultVersion(fault.id, fault.version);
    if (raced) return retry(raced);
    return conflict(ctx, who, fault.id, sent, outcome.existing, `the next version is ${(outcome.existing?.version ?? 0) + 1}`);
  }
  scheduleFill(ctx);
  return { created: true, version, receipt };
}
