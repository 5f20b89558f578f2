/**
 * The checks verify-store makes of every kind of stored item: a blob is present, of the size listed
 * and hashes to its name; a receipt verifies with the office key and covers exactly what is stored.
 */
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { receiptCovers, verifyReceipt, type Receipt, type ReceiptBody, type ReceiptExpectation } from '../../src-shared/sync/receipt';
import type { OfficeContext } from '../context';
import { BlobCorrupt } from '../storage/port';

/** An error as one line of a problem. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function blobProblem(ctx: OfficeContext, blob: { sha256: string; size: number }): Promise<string | undefined> {
  let stat: { size: number } | undefined;
  try {
    stat = await ctx.blobs.stat(blob.sha256);
  } catch (error) {
    // Not "missing": it may be there and unreadable to this user (a backup restored as root).
    return `blob ${blob.sha256} cannot be read: ${errorText(error)}`;
  }
  if (!stat) return `blob ${blob.sha256} is missing`;
  if (stat.size !== blob.size) return `blob ${blob.sha256} is ${stat.size} bytes, listed as ${blob.size}`;
  const hash = createHash('sha256');
  try {
    await pipeline(ctx.blobs.stream(blob.sha256), hash);
  } catch (error) {
    if (error instanceof BlobCorrupt) return `blob ${blob.sha256} is damaged: ${error.reason}`;
    return `blob ${blob.sha256} cannot be read: ${errorText(error)}`;
  }
  const actual = hash.digest('hex');
  return actual === blob.sha256 ? undefined : `blob ${blob.sha256} is damaged: its bytes hash to ${actual}`;
}

/** Each blob once (a record's versions list the same photos again), in the order first named. */
export async function blobProblems(ctx: OfficeContext, blobs: readonly { sha256: string; size: number }[]): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const blob of blobs) {
    if (seen.has(blob.sha256)) continue;
    seen.add(blob.sha256);
    const problem = await blobProblem(ctx, blob);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * The receipt as the device would check it. `expected` may be a function of the receipt's own body
 * for an item stored before its blobs could be derived (a service record version of schema < 4).
 */
export async function receiptProblems(ctx: OfficeContext, receipt: Receipt, expected: ReceiptExpectation | ((body: ReceiptBody) => ReceiptExpectation)): Promise<string[]> {
  const verdict = await verifyReceipt(receipt, ctx.receipts.publicKey);
  if (!verdict.ok) return [`receipt: ${verdict.reason}`];
  const differs = receiptCovers(verdict.body, typeof expected === 'function' ? expected(verdict.body) : expected);
  return differs.length ? [`receipt: ${differs.join('; ')}`] : [];
}

/**
 * The failed checks of one item as problems, checks failing for one reason named together
 * ("PDF hash, PDF signature: the PDF is missing …") rather than the reason repeated for each.
 */
export function failedChecks(prefix: string, checks: readonly (readonly [string, { ok: boolean; detail: string } | undefined])[]): string[] {
  const byDetail = new Map<string, string[]>();
  for (const [name, check] of checks) {
    if (!check || check.ok) continue;
    byDetail.set(check.detail, [...(byDetail.get(check.detail) ?? []), name]);
  }
  return [...byDetail].map(([detail, names]) => `${prefix}${names.join(', ')}: ${detail}`);
}
