/** The reports list's "导出 Excel": the filtered reports with the page's columns, a reader's hospitals only. */
import type { OfficeContext } from '../context';
import { chinaDateTime } from './china-time';
import { exportFilename } from './export-name';
import type { Lang } from './i18n';
import { loadNames } from './names';
import { oneSheetWorkbook, type SheetColumn } from './one-sheet';
import { reportsFilter, reportSubjects, type ReportsQuery } from './pages/reports';

/** An office receives a few hundred reports a year per hospital; this bounds one download's memory. */
export const REPORTS_EXPORT_MAX = 5000;

/** `scope`: the hospitals the user may read (undefined: all). */
export async function reportsWorkbook(ctx: OfficeContext, q: ReportsQuery, lang: Lang, scope?: string[]): Promise<{ bytes: Uint8Array; filename: string; count: number }> {
  const names = await loadNames(ctx, lang, scope);
  const { reports } = await ctx.store.listReports({ ...reportsFilter(q, names, scope), limit: REPORTS_EXPORT_MAX, offset: 0 });
  const columns: SheetColumn[] = [
    { header: 'reports.number', key: 'number', width: 22 },
    { header: 'reports.hospital', key: 'hospital', width: 22 },
    { header: 'reports.contract', key: 'contract', width: 28 },
    { header: 'reports.col.subjects', key: 'subjects', width: 30 },
    { header: 'reports.engineer', key: 'engineer', width: 12 },
    { header: 'reports.completed', key: 'completed', width: 17 },
    { header: 'reports.signed', key: 'signed', width: 17 },
    { header: 'reports.received', key: 'received', width: 17 },
  ];
  const rows = reports.map((r) => ({
      number: r.reportNumber,
      hospital: names.hospital(r.hospitalId),
      contract: names.contract(r.contractId),
      subjects: reportSubjects(r, names),
      engineer: names.engineer(r.engineerId),
      completed: chinaDateTime(r.completedAt),
      signed: chinaDateTime(r.signedAt),
      received: chinaDateTime(r.receivedAt),
  }));
  const system = q.system?.replace(/^system:/, '');
  return { bytes: await oneSheetWorkbook(ctx, lang, 'reports.sheet', columns, rows, { freezeFirstColumn: true }), filename: exportFilename(['reports', q.hospital, system, q.from, q.to]), count: reports.length };
}
