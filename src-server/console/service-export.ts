/** The console's "导出 Excel": the filtered service records as the shared workbook (src-shared/service/workbook.ts). */
import type { Asset, Hospital } from '../../src-shared/catalog/reference';
import { buildServiceWorkbook, type WorkbookRow } from '../../src-shared/service/workbook';
import { FaultPush, recordOf } from '../../src-shared/sync/envelope';
import type { OfficeContext } from '../context';
import { calendarOf, contractById } from '../service/derive';
import type { Lang } from './i18n';
import { localized } from './layout';
import type { ServiceQuery } from './pages/service-records';
import { exportFilename } from './export-name';

/** A hospital's year of records is a few hundred; this bounds one download's memory. */
export const EXPORT_MAX_RECORDS = 5000;

/** `scope`: the hospitals the user may read (undefined: all). */
export async function serviceWorkbook(ctx: OfficeContext, q: ServiceQuery, lang: Lang, scope?: string[]): Promise<{ bytes: Uint8Array; filename: string; count: number }> {
  const now = ctx.now();
  const { records } = await ctx.store.listServiceRecords({
    ...(scope ? { scope } : {}),
    hospitalId: q.hospital,
    status: q.state,
    ...(q.breached ? { breachedAt: now.toISOString() } : {}),
    levelId: q.level,
    engineerId: q.engineer,
    from: q.from,
    to: q.to,
    limit: EXPORT_MAX_RECORDS,
    offset: 0,
  });
  const reference = async <T>(kind: 'hospital' | 'asset', key: string): Promise<T | undefined> => (await ctx.store.getReference(kind, key))?.data as T | undefined;
  const rows: WorkbookRow[] = [];
  // Oldest report first, as a register reads.
  for (const listed of [...records].reverse()) {
    const stored = await ctx.store.getCurrentFault(listed.id);
    const parsed = stored && FaultPush.safeParse(stored.body).data;
    if (!parsed) continue;
    const record = recordOf(parsed);
    const contract = await contractById(ctx, record.contractId);
    const hospital = await reference<Hospital>('hospital', record.hospitalId);
    if (!contract || !hospital) continue;
    const calendar = await calendarOf(ctx, contract);
    const asset = record.subject.kind === 'asset' ? await reference<Asset>('asset', record.subject.assetId) : undefined;
    rows.push({ record, contract, hospital, ...(calendar ? { calendar } : {}), ...(asset ? { assetName: localized(asset.name, lang, asset.id) } : {}) });
  }
  const bytes = await buildServiceWorkbook(rows, { locale: lang, now, period: { from: q.from, to: q.to } });
  const filename = exportFilename(['service-records', q.hospital, q.from, q.to]);
  return { bytes, filename, count: rows.length };
}
