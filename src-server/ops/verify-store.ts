/**
 * `npm run server -- verify-store`: everything the office stores, checked again.
 * - Every report as the console checks one (console/verify-stored.ts: record hash, PDF hash,
 *   signature, the PDF naming the record, signer as of receipt), plus its receipt (the office key's
 *   signature, covering exactly what is stored) and every blob it lists (present, of its size and hash).
 * - Every version of every service record and every deliverables-register entry (verify-service.ts).
 * Lists are read a page at a time; an item that cannot be read or checked is named and the run goes on.
 */
import { verifyStoredReport } from '../console/verify-stored';
import type { OfficeContext } from '../context';
import type { StoredReport } from '../storage/port';
import { blobProblems, errorText, failedChecks, receiptProblems } from './verify-parts';
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

/** An item's problems, or why it could not be checked at all: one damaged item never stops the run. */
async function problemsOf(check: () => Promise<string[]>): Promise<string[]> {
  try {
    return await check();
  } catch (error) {
    return [`cannot be checked: ${errorText(error)}`];
  }
}

/**
 * Reads a list a page at a time. A page the store cannot read (a row whose JSON was damaged) is
 * read again one item at a time, so the rest are still checked and the unreadable one is named by
 * its place in the list (the store could not read its id either).
 */
async function eachPaged<T>(
  read: (limit: number, offset: number) => Promise<T[]>,
  visit: (item: T) => Promise<void>,
  unreadable: (position: number, error: unknown) => void,
): Promise<void> {
  for (let offset = 0; ; offset += PAGE) {
    let page: T[] | undefined;
    try {
      page = await read(PAGE, offset);
    } catch {
      page = undefined;
    }
    if (page) {
      for (const item of page) await visit(item);
      if (page.length < PAGE) return;
      continue;
    }
    for (let at = offset; at < offset + PAGE; at++) {
      let one: T | undefined;
      try {
        [one] = await read(1, at);
      } catch (error) {
        unreadable(at + 1, error);
        continue;
      }
      if (!one) return;
      await visit(one);
    }
  }
}

/** Every PAGE items of a kind: the CLI shows how far a long run has come. */
export type VerifyProgress = (kind: StoredItemProblem['kind'], checked: number) => void;

async function verifyReports(ctx: OfficeContext, failed: StoredItemProblem[], progress: VerifyProgress): Promise<number> {
  let checked = 0;
  await eachPaged(
    async (limit, offset) => (await ctx.store.listReports({ limit, offset })).reports,
    async (report) => {
      const problems = await problemsOf(() => reportProblems(ctx, report));
      if (problems.length) failed.push({ kind: 'report', id: report.id, label: report.reportNumber, problems });
      if (++checked % PAGE === 0) progress('report', checked);
    },
    (position, error) => {
      // A place in the list all the same: counted, and counted as failed.
      checked++;
      failed.push({ kind: 'report', id: `#${position}`, label: 'the list, newest first', problems: [`cannot be read: ${errorText(error)}`] });
    },
  );
  return checked;
}

async function verifyServiceRecords(ctx: OfficeContext, failed: StoredItemProblem[], progress: VerifyProgress): Promise<{ records: number; versions: number }> {
  let records = 0;
  let versions = 0;
  await eachPaged(
    async (limit, offset) => (await ctx.store.listServiceRecords({ limit, offset })).records,
    async (record) => {
      const problems = await problemsOf(async () => {
        const verdict = await serviceRecordProblems(ctx, record);
        versions += verdict.versions;
        return verdict.problems;
      });
      if (++records % PAGE === 0) progress('service record', records);
      if (problems.length) failed.push({ kind: 'service record', id: record.id, label: record.title, problems });
    },
    (position, error) => {
      records++;
      failed.push({ kind: 'service record', id: `#${position}`, label: 'the list, newest report first', problems: [`cannot be read: ${errorText(error)}`] });
    },
  );
  return { records, versions };
}

async function verifyDeliverables(ctx: OfficeContext, failed: StoredItemProblem[]): Promise<number> {
  let entries;
  try {
    entries = await ctx.store.listDeliverables({});
  } catch (error) {
    // The register is read whole (it has no pages): one unreadable row hides the others.
    failed.push({ kind: 'deliverable', id: '(register)', label: 'every entry', problems: [`the register cannot be read: ${errorText(error)}`] });
    return 0;
  }
  for (const entry of entries) {
    const problems = await problemsOf(() => deliverableProblems(ctx, entry));
    if (problems.length) failed.push({ kind: 'deliverable', id: entry.id, label: `${entry.deliverableId} ${entry.windowStart}..${entry.windowEnd}`, problems });
  }
  return entries.length;
}

export async function verifyStore(ctx: OfficeContext, progress: VerifyProgress = () => undefined): Promise<StoreVerdict> {
  const failed: StoredItemProblem[] = [];
  const reports = await verifyReports(ctx, failed, progress);
  const service = await verifyServiceRecords(ctx, failed, progress);
  const deliverables = await verifyDeliverables(ctx, failed);
  return { reports, serviceRecords: service.records, serviceRecordVersions: service.versions, deliverables, failed };
}
