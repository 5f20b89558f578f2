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
import { blobProblems, failedChecks, receiptProblems } from './verify-parts';

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

export async function serviceRecordProblems(ctx: OfficeContext, record: StoredServiceRecord): Promise<{ versions: number; problems: string[] }> {
  const problems: string[] = [];
  const blobs: { sha256: string; size: number }[] = [];
  let versions = 0;
  let newest: StoredFault | undefined;
  // One version in memory at a time: a busy record's versions may each weigh megabytes.
  for (let version = 1; version <= record.version; version++) {
    const stored = await ctx.store.getFaultVersion(record.id, version);
    if (!stored) {
      problems.push(`version ${version} is missing`);
      continue;
    }
    versions++;
    newest = stored;
    problems.push(...(await versionProblems(ctx, record, stored)));
    blobs.push(...stored.receipt.body.blobs);
  }
  if (await ctx.store.getFaultVersion(record.id, record.version + 1)) problems.push(`the listing names version ${record.version}, a later one is stored`);
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
