/**
 * `npm run server -- verify-store`: everything the office stores, checked again.
 * - Every report as the console checks one (console/verify-stored.ts: record hash, PDF hash,
 *   signature, the PDF naming the record, signer as of receipt), plus its receipt (the office key's
 *   signature, covering exactly what is stored) and every blob it lists (present, of its size and hash).
 * - Every version of every service record and every deliverables-register entry (verify-service.ts).
 * Lists are read a page at a time.
 */
import { verifyStoredReport } from '../console/verify-stored';
import type { OfficeContext } from '../context';
import type { StoredReport } from '../storage/port';
import { blobProblems, failedChecks, receiptProblems } from './verify-parts';
import { deliverableProblems, serviceRecordProblems } from './verify-service';

const PAGE = 100;

export interface StoredItemProblem {
  kind: 'report' | 'service record' | 'deliverable';
  id: string;
  /** What a person knows the item by: a report's number, a record's title, an entry's deliverable and window. */
  label: string;
  problems: string[];
}

export interface StoreVerdict {
  reports: number;
  serviceRecords: number;
  /** Every version of every record is checked. */
  serviceRecordVersions: number;
  deliverables: number;
  failed: StoredItemProblem[];
}

export async function reportProblems(ctx: OfficeContext, report: StoredReport): Promise<string[]> {
  const checks = await verifyStoredReport(ctx, report);
  const problems = failedChecks('', [
    ['record hash', checks.recordHash],
    ['PDF hash', checks.pdfHash],
    ['PDF signature', checks.signature],
    ['PDF names the record', checks.namesRecord],
    ['signer', checks.signer],
  ]);
  problems.push(...(await receiptProblems(ctx, report.receipt, { kind: 'report', id: report.id, hash: report.hash, pdf: report.pdf, blobs: report.blobs })));
  problems.push(...(await blobProblems(ctx, report.blobs)));
  return problems;
}

async function verifyReports(ctx: OfficeContext, failed: StoredItemProblem[], progress: (done: number, total: number) => void): Promise<number> {
  let offset = 0;
  for (;;) {
    const page = await ctx.store.listReports({ limit: PAGE, offset });
    for (const report of page.reports) {
      const problems = await reportProblems(ctx, report);
      if (problems.length) failed.push({ kind: 'report', id: report.id, label: report.reportNumber, problems });
    }
    offset += page.reports.length;
    progress(offset, page.total);
    if (page.reports.length < PAGE) return offset;
  }
}

async function verifyServiceRecords(ctx: OfficeContext, failed: StoredItemProblem[]): Promise<{ records: number; versions: number }> {
  let offset = 0;
  let versions = 0;
  for (;;) {
    const page = await ctx.store.listServiceRecords({ limit: PAGE, offset });
    for (const record of page.records) {
      const verdict = await serviceRecordProblems(ctx, record);
      versions += verdict.versions;
      if (verdict.problems.length) failed.push({ kind: 'service record', id: record.id, label: record.title, problems: verdict.problems });
    }
    offset += page.records.length;
    if (page.records.length < PAGE) return { records: offset, versions };
  }
}

export async function verifyStore(ctx: OfficeContext, progress: (done: number, total: number) => void = () => undefined): Promise<StoreVerdict> {
  const failed: StoredItemProblem[] = [];
  const reports = await verifyReports(ctx, failed, progress);
  const service = await verifyServiceRecords(ctx, failed);
  const entries = await ctx.store.listDeliverables({});
  for (const entry of entries) {
    const problems = await deliverableProblems(ctx, entry);
    if (problems.length) failed.push({ kind: 'deliverable', id: entry.id, label: `${entry.deliverableId} ${entry.windowStart}..${entry.windowEnd}`, problems });
  }
  return { reports, serviceRecords: service.records, serviceRecordVersions: service.versions, deliverables: entries.length, failed };
}
