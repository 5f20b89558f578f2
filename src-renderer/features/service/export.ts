/**
 * A hospital's records for a period as an .xlsx file (src-shared/service/workbook.ts builds it),
 * offered as a download: the browser asks where to keep it, Electron shows its save dialog.
 */
import type { ReportLocale } from '../../../src-shared/report/model';
import type { ServiceRecordRow } from '../../db/rows';
import { downloadBlob } from '../signoff/pdf-actions';
import { loadContext } from './context';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function exportWorkbook(
  rows: readonly ServiceRecordRow[],
  fileName: string,
  options: { locale: ReportLocale; period: { from?: string; to?: string } },
): Promise<void> {
  // exceljs is large: loaded the first time a spreadsheet is made, not with the app.
  const [{ buildServiceWorkbook }, ctx] = await Promise.all([import('../../../src-shared/service/workbook'), loadContext(rows)]);
  const name = (text: { zh: string; en: string }): string => (options.locale === 'en' ? text.en : text.zh);
  const bookRows = rows.flatMap((row) => {
    const contract = ctx.contracts.get(row.contractId);
    const hospital = ctx.hospitals.get(row.hospitalId);
    // A record whose contract or hospital the device no longer holds cannot be described: it is left out, not guessed.
    if (!contract || !hospital) return [];
    const calendar = ctx.calendars.get(contract.calendar);
    const subject = row.record.subject;
    const system = subject.kind === 'system' ? contract.systems.find((s) => s.id === subject.systemId) : undefined;
    const asset = subject.kind === 'asset' ? ctx.assets.get(subject.assetId) : undefined;
    return [
      {
        record: row.record,
        contract,
        hospital,
        ...(calendar ? { calendar } : {}),
        ...(system ? { systemName: name(system.name) } : {}),
        ...(asset ? { assetName: `${name(asset.name)} ${asset.assetTag}` } : {}),
      },
    ];
  });
  const period = { ...(options.period.from ? { from: options.period.from } : {}), ...(options.period.to ? { to: options.period.to } : {}) };
  const bytes = await buildServiceWorkbook(bookRows, { locale: options.locale, now: new Date(), period });
  downloadBlob(fileName, new Blob([new Uint8Array(bytes)], { type: XLSX }));
}

/**
 * `<hospital>_维护记录_<from>_<to>.xlsx` (or `_全部` without a period, `_<from>起` / `_至<to>` with
 * one end), with characters no file system takes replaced.
 */
export function workbookFileName(hospital: string, label: string, from: string, to: string, words: { all: string; since: (d: string) => string; until: (d: string) => string }): string {
  const safe = (s: string): string => s.replace(/[\\/:*?"<>|]/g, '_');
  const period = from && to ? `${from}_${to}` : from ? words.since(from) : to ? words.until(to) : words.all;
  return `${safe(hospital)}_${safe(label)}_${safe(period)}.xlsx`;
}
