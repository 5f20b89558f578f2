/**
 * verify-store for what is not a report: every version of every service record and every entry of
 * the deliverables register is checked again as it was accepted (accept/fault.ts, accept/deliverable.ts):
 * its content still hashes to the hash stored, its receipt verifies and covers exactly that hash,
 * version and blobs, every blob it lists is there and whole, and each signed document of a record
 * still verifies, names the record and was made by a device of this office (console/verify-documents.ts).
 */
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { deliverableFiles } from '../../src-shared/sync/deliverables';
import { FaultPush, faultBlobs } from '../../src-shared/sync/envelope';
import { verifyStoredDocument } from '../console/verify-documents';
import type { OfficeContext } from '../context';
import type { StoredDeliverable, StoredFault, StoredServiceRecord } from '../storage/port';
import { blobProblems, errorText, failedChecks, receiptProblems } from './verify-parts';

async function versionProblems(ctx: OfficeContext, record: StoredServiceRecord, stored: StoredFault): Promise<string[]> {
  const problems: string[] = [];
  const at = `version ${stored.version}`;
  if (stored.hospitalId !== record.hospitalId) problems.push(`${at}: hospital ${stored.hospitalId}, the record's is ${record.hospitalId}`);
  const recomputed = await canonicalHash(stored.body);
  if (recomputed !== stored.hash) problems.push(`${at}: record hash ${recomputed} ≠ ${stored.hash}`);
  // Versions stored before service records were checked (schema < 4) are not records: their receipt lists their blobs.
  const parsed = FaultPush.safeParse(stored.body).data;
  const receipt = await receiptProblems(ctx, stored.receipt, (body) => ({
    kind: 'fault',
    id: record.id,
    hash: stored.hash,
    version: stored.version,
    blobs: parsed ? faultBlobs(parsed) : body.blobs,
  }));
  problems.push(...receipt.map((p) => `${at}: ${p}`));
  return problems;
}

/** 4, 5, 6, 9 → "4–6, 9": a listing that names a version far beyond what is stored says so in one line. */
function ranges(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; i++) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    parts.push(j === i ? String(numbers[i]) : `${numbers[i]}–${numbers[j]}`);
    i = j;
  }
  return parts.join(', ');
}

export async function serviceRecordProblems(ctx: OfficeContext, record: StoredServiceRecord): Promise<{ versions: number; problems: string[] }> {
  const problems: string[] = [];
  const blobs: { sha256: string; size: number }[] = [];
  const missing: number[] = [];
  let versions = 0;
  let newest: StoredFault | undefined;
  if (!Number.isSafeInteger(record.version) || record.version < 1) problems.push(`the listing names version ${record.version}, which no record has (its versions are not checked)`);
  // One version in memory at a time: a busy record's versions may each weigh megabytes.
  for (let version = 1; version <= record.version; version++) {
    let stored: StoredFault | undefined;
    try {
      stored = await ctx.store.getFaultVersion(record.id, version);
    } catch (error) {
      // A row the store cannot read (its JSON cut short): named, and the other versions still checked.
      problems.push(`version ${version} cannot be read: ${errorText(error)}`);
      continue;
    }
    if (!stored) {
      missing.push(version);
      continue;
    }
    versions++;
    newest = stored;
    try {
      problems.push(...(await versionProblems(ctx, record, stored)));
    } catch (error) {
      problems.push(`version ${version} cannot be checked: ${errorText(error)}`);
    }
    const listed = (stored.receipt as { body?: { blobs?: unknown } } | null)?.body?.blobs;
    if (Array.isArray(listed)) blobs.push(...(listed as { sha256: string; size: number }[]));
  }
  if (missing.length) problems.push(`version${missing.length > 1 ? 's' : ''} ${ranges(missing)} ${missing.length > 1 ? 'are' : 'is'} missing`);
  const named = Number.isSafeInteger(record.version) && record.version >= 1 ? record.version : 0;
  if (await ctx.store.getFaultVersion(record.id, named + 1).catch(() => undefined)) problems.push(`version ${named + 1} is stored beyond the listing's version ${record.version}`);
  problems.push(...(await blobProblems(ctx, blobs)));
  if (!newest) return { versions, problems };
  const current = FaultPush.safeParse(newest.body).data;
  for (const event of current?.events ?? []) {
    if (event.type !== 'document') continue;
    // One at a time: each may be a job on the check thread.
    const checked = await verifyStoredDocument(ctx, { id: record.id, hospitalId: record.hospitalId }, event);
    problems.push(
      ...failedChecks(`document ${event.number} `, [
        ['kind', checked.kind],
        ['signature', checked.signed?.signature],
        ['names the record', checked.signed?.namesRecord],
        ['signer', checked.signed?.signer],
      ]),
    );
  }
  return { versions, problems };
}

export async function deliverableProblems(ctx: OfficeContext, stored: StoredDeliverable): Promise<string[]> {
  const problems: string[] = [];
  const recomputed = await canonicalHash(stored.entry);
  if (recomputed !== stored.hash) problems.push(`entry hash ${recomputed} ≠ ${stored.hash}`);
  if (stored.entry.id !== stored.id || stored.entry.hospitalId !== stored.hospitalId || stored.entry.current.revision !== stored.revision) {
    problems.push(`the entry names ${stored.entry.id} revision ${stored.entry.current.revision} of ${stored.entry.hospitalId}, stored as ${stored.id} revision ${stored.revision} of ${stored.hospitalId}`);
  }
  const files = deliverableFiles(stored.entry);
  const blobs = files.map((f) => ({ sha256: f.sha256, size: f.size, mime: f.mime, role: 'deliverable' }));
  problems.push(...(await receiptProblems(ctx, stored.receipt, { kind: 'deliverable', id: stored.id, hash: stored.hash, version: stored.revision, blobs })));
  problems.push(...(await blobProblems(ctx, files)));
  return problems;
}
