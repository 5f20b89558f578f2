/**
 * Accepting a deliverables-register entry (PUT /deliverables/<id>, issue 12): exactly a
 * DeliverableEntry, of a hospital the engineer has, whose contract at this office lists the
 * deliverable and whose window lies inside the contract's period; every file it names already
 * PUT as a blob, of the size and kind it says. Revisions are per entry and the office keeps the
 * newest (sync/deliverables.ts newerEntry: higher revision, ties by content hash): the same entry
 * again is a retry and gets its receipt again; an older or losing one is 409 with the office's
 * entry, which the device takes. docs/sync-protocol.md §5b.
 */
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { isRegisterWindow } from '../../src-shared/period/deliverable-windows';
import { sniffDeliverable } from '../../src-shared/period/sniff-deliverable';
import { DeliverablePush, deliverableFiles, newerEntry, type DeliverableAccepted, type DeliverableFile } from '../../src-shared/sync/deliverables';
import type { ReceiptBlob } from '../../src-shared/sync/receipt';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import { contractById } from '../service/derive';
import type { StoredDeliverable } from '../storage/port';
import { auditEntry, mayRead, refuse, refuseTakenId, requireHospital, type DeviceActor } from './actor';
import { requireStoredBlobs } from './blobs';
import { parseOrThrow } from './zod-error';

const ACTION = 'deliverable.push';
/** How many bytes tell a file's kind: a ZIP's central directory is at its end, so Word and Excel files are read whole (≤ 25 MB). */
const SNIFF_WHOLE = new Set(['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);

function conflict(ctx: OfficeContext, who: DeviceActor, id: string, sent: { revision: number; hash: string }, current: StoredDeliverable, why: string): Promise<never> {
  if (!mayRead(who, current.hospitalId)) return refuseTakenId(ctx, who, ACTION, 'deliverable', id, current.hospitalId);
  return refuse(ctx, who, ACTION, id, {
    status: 409,
    code: 'deliverable_conflict',
    message: `deliverable entry ${id} revision ${sent.revision} refused: ${why}`,
    // What the office keeps, for the device to take in place of its own.
    details: { id, sentRevision: sent.revision, current: { revision: current.revision, hash: current.hash, entry: current.entry } },
  });
}

/** Each file's bytes are the kind the entry says (a produced report is a PDF). */
async function requireFileKinds(ctx: OfficeContext, who: DeviceActor, id: string, files: readonly DeliverableFile[]): Promise<void> {
  for (const file of files) {
    const bytes = await ctx.blobs.read(file.sha256);
    const head = SNIFF_WHOLE.has(file.mime) ? bytes : bytes.subarray(0, 2048);
    const found = sniffDeliverable(new Uint8Array(head.buffer, head.byteOffset, head.byteLength));
    if (found !== file.mime) {
      await refuse(ctx, who, ACTION, id, {
        status: 422,
        code: 'deliverable_file_mismatch',
        message: `file ${file.sha256} is ${found ?? 'of no kind the register takes'}, the entry says ${file.mime}`,
        details: { sha256: file.sha256, mime: file.mime },
      });
    }
  }
}

export async function acceptDeliverable(ctx: OfficeContext, who: DeviceActor, input: unknown, urlId?: string): Promise<DeliverableAccepted> {
  const entry = parseOrThrow(DeliverablePush, input, 'the deliverable entry');
  if (urlId !== undefined && urlId !== entry.id) throw new ApiError(400, 'invalid_request', `the path names entry ${urlId}, the body ${entry.id}`);
  await requireHospital(ctx, who, ACTION, entry.id, entry.hospitalId);
  const hash = await canonicalHash(entry);
  const sent = { revision: entry.current.revision, hash };

  const stored = await ctx.store.getDeliverable(entry.id);
  if (stored) {
    if (stored.hospitalId !== entry.hospitalId) return conflict(ctx, who, entry.id, sent, stored, `it belongs to hospital ${stored.hospitalId}`);
    const winner = newerEntry(sent, stored);
    if (winner === 'same') return { created: false, revision: stored.revision, receipt: stored.receipt };
    if (winner === 'b') return conflict(ctx, who, entry.id, sent, stored, `the office holds revision ${stored.revision} (hash ${stored.hash.slice(0, 12)}…), which is newer`);
  }

  const contract = await contractById(ctx, entry.contractId);
  const deliverable = contract && !contract.deleted && contract.hospitalId === entry.hospitalId ? contract.deliverables.find((d) => d.id === entry.deliverableId) : undefined;
  if (!contract || !deliverable) {
    return refuse(ctx, who, ACTION, entry.id, {
      status: 422,
      code: 'deliverable_unknown',
      message: `contract ${entry.contractId} of hospital ${entry.hospitalId} lists no deliverable ${entry.deliverableId} at this office`,
      details: { contractId: entry.contractId, deliverableId: entry.deliverableId },
    });
  }
  if (!isRegisterWindow(contract.period, deliverable.every, { start: entry.windowStart, end: entry.windowEnd })) {
    return refuse(ctx, who, ACTION, entry.id, {
      status: 422,
      code: 'window_outside_period',
      message: `${entry.windowStart}..${entry.windowEnd} is not a ${deliverable.every} window of the contract period ${contract.period.start}..${contract.period.end}`,
      details: { period: contract.period },
    });
  }

  const files = deliverableFiles(entry);
  await requireStoredBlobs(ctx, who, ACTION, entry.id, files);
  await requireFileKinds(ctx, who, entry.id, files);

  const receivedAt = ctx.now().toISOString();
  const blobs: ReceiptBlob[] = files.map((f) => ({ sha256: f.sha256, size: f.size, mime: f.mime, role: 'deliverable' }));
  const receipt = ctx.receipts.sign({
    kind: 'deliverable',
    id: entry.id,
    hash,
    version: entry.current.revision,
    hospitalId: entry.hospitalId,
    deviceId: who.device.id,
    engineerId: who.engineer.id,
    blobs,
    via: who.via,
    receivedAt,
  });
  const row: StoredDeliverable = {
    id: entry.id,
    hospitalId: entry.hospitalId,
    contractId: entry.contractId,
    deliverableId: entry.deliverableId,
    windowStart: entry.windowStart,
    windowEnd: entry.windowEnd,
    revision: entry.current.revision,
    state: entry.current.value.state,
    hash,
    entry,
    engineerId: who.engineer.id,
    deviceId: who.device.id,
    receivedAt,
    receipt,
  };
  const audit = auditEntry(who, ACTION, 'ok', entry.id, {
    revision: row.revision,
    state: row.state,
    hash,
    hospitalId: entry.hospitalId,
    contractId: entry.contractId,
    replaced: stored ? { revision: stored.revision, hash: stored.hash } : null,
    blobs: files.map((f) => f.sha256),
  });
  const outcome = await ctx.store.putDeliverable(row, stored?.hash ?? null, audit);
  if (!outcome.inserted) {
    // Another push landed between the read and the write: judge against it instead.
    const now = outcome.existing;
    if (now && newerEntry(sent, now) === 'same') return { created: false, revision: now.revision, receipt: now.receipt };
    if (now && newerEntry(sent, now) === 'b') return conflict(ctx, who, entry.id, sent, now, `another push of revision ${now.revision} landed first`);
    return acceptDeliverable(ctx, who, input, urlId);
  }
  return { created: true, revision: row.revision, receipt };
}
