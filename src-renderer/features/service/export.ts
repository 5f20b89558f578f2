/**
 * A hospital's records for a period as an .xlsx file (src-shared/service/workbook.ts builds it),
 * offered as a download: the browser asks where to keep it, Electron shows its save dialog.
 */
import type { ServiceRecordRow } from '../../db/rows';
import { loadContext } from './context';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function exportWorkbook(rows: readonly ServiceRecordRow[], fileName: string): Promise<void> {
  // exceljs is large: loaded the first time a spreadsheet is made, not with the app.
  const [{ buildServiceWorkbook }, ctx] = await Promise.all([import('../../../src-shared/service/workbook'), loadContext(rows)]);
  const bytes = await buildServiceWorkbook({
    records: rows.map((r) => r.record),
    contracts: [...ctx.contracts.values()],
    hospitals: [...ctx.hospitals.values()],
    calendars: [...ctx.calendars.values()],
    now: new Date(),
  });
  const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: XLSX }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; give it a moment before the bytes are released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `<hospital>_维护记录_<from>_<to>.xlsx`, with characters no file system takes replaced. */
export function workbookFileName(hospital: string, label: string, from: string, to: string): string {
  const safe = (s: string): string => s.replace(/[\\/:*?"<>|]/g, '_');
  return `${safe(hospital)}_${safe(label)}_${from || 'start'}_${to || 'now'}.xlsx`;
}
