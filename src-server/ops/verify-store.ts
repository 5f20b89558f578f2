/**
 * `npm run server -- verify-store`: every stored report checked again as the console checks one
 * (console/verify-stored.ts: record hash, PDF hash, signature, the PDF naming the record, signer as
 * of receipt), plus its receipt (the office key's signature, covering exactly what is stored) and
 * every blob it lists (present, of its size and hash). Reports are read a page at a time.
 */
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { receiptCovers, verifyReceipt } from '../../src-shared/sync/receipt';
import { verifyStoredReport } from '../console/verify-stored';
import type { OfficeContext } from '../context';
import type { StoredReport } from '../storage/port';

const PAGE = 100;

export interface ReportProblem {
  id: string;
  reportNumber: string;
  problems: string[];
}

export interface StoreVerdict {
  reports: number;
  failed: ReportProblem[];
}

async function blobProblem(ctx: OfficeContext, blob: { sha256: string; size: number }): Promise<string | undefined> {
  const stat = await ctx.blobs.stat(blob.sha256).catch(() => undefined);
  if (!stat) return `blob ${blob.sha256} is missing`;
  if (stat.size !== blob.size) return `blob ${blob.sha256} is ${stat.size} bytes, listed as ${blob.size}`;
  const hash = createHash('sha256');
  try {
    await pipeline(ctx.blobs.stream(blob.sha256), hash);
  } catch (error) {
    return `blob ${blob.sha256} cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  }
  const actual = hash.digest('hex');
  return actual === blob.sha256 ? undefined : `blob ${blob.sha256} hashes to ${actual}`;
}

export async function reportProblems(ctx: OfficeContext, report: StoredReport): Promise<string[]> {
  const problems: string[] = [];
  const checks = await verifyStoredReport(ctx, report);
  for (const [name, check] of [
    ['record hash', checks.recordHash],
    ['PDF hash', checks.pdfHash],
    ['PDF signature', checks.signature],
    ['PDF names the record', checks.namesRecord],
    ['signer', checks.signer],
  ] as const) {
    if (!check.ok) problems.push(`${name}: ${check.detail}`);
  }
  const receipt = await verifyReceipt(report.receipt, ctx.receipts.publicKey);
  if (!receipt.ok) problems.push(`receipt: ${receipt.reason}`);
  else {
    const differs = receiptCovers(receipt.body, { kind: 'report', id: report.id, hash: report.hash, pdf: report.pdf, blobs: report.blobs });
    if (differs.length) problems.push(`receipt: ${differs.join('; ')}`);
  }
  for (const blob of report.blobs) {
    const problem = await blobProblem(ctx, blob);
    if (problem) problems.push(problem);
  }
  return problems;
}

export async function verifyStore(ctx: OfficeContext, progress: (done: number, total: number) => void = () => undefined): Promise<StoreVerdict> {
  const failed: ReportProblem[] = [];
  let offset = 0;
  let total = 0;
  for (;;) {
    const page = await ctx.store.listReports({ limit: PAGE, offset });
    total = page.total;
    for (const report of page.reports) {
      const problems = await reportProblems(ctx, report);
      if (problems.length) failed.push({ id: report.id, reportNumber: report.reportNumber, problems });
    }
    offset += page.reports.length;
    progress(offset, total);
    if (page.reports.length < PAGE) break;
  }
  return { reports: offset, failed };
}
