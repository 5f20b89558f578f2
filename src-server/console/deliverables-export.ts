/** The console's "导出 Excel" of the deliverables register: one row per deliverable and window, as the page lists them. */
import ExcelJS from 'exceljs';
import type { OfficeContext } from '../context';
import { deliverableRegister } from '../service/deliverables';
import { chinaDateTime } from './china-time';
import { translator, type Lang } from './i18n';
import { localized } from './layout';
import { loadNames } from './names';
import { detailOf, registerQuery, type DeliverableQuery } from './pages/deliverables';
import { exportFilename } from './export-name';

export async function deliverablesWorkbook(ctx: OfficeContext, q: DeliverableQuery, lang: Lang): Promise<{ bytes: Uint8Array; filename: string; count: number }> {
  const t = translator(lang);
  const names = await loadNames(ctx, lang, q.scope);
  const all = await deliverableRegister(ctx, registerQuery(q, ctx.now()));
  const lines = q.missingOnly ? all.filter((l) => l.status === 'missing') : all;
  const book = new ExcelJS.Workbook();
  book.created = ctx.now();
  const sheet = book.addWorksheet(t('dlv.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: t('dlv.col.hospital'), key: 'hospital', width: 20 },
    { header: t('dlv.col.contract'), key: 'contract', width: 28 },
    { header: t('dlv.col.windowStart'), key: 'start', width: 12 },
    { header: t('dlv.col.windowEnd'), key: 'end', width: 12 },
    { header: t('dlv.col.deliverable'), key: 'deliverable', width: 24 },
    { header: t('dlv.col.status'), key: 'status', width: 10 },
    { header: t('dlv.col.late'), key: 'late', width: 8 },
    { header: t('dlv.col.detail'), key: 'detail', width: 40 },
    { header: t('dlv.col.sha256'), key: 'sha256', width: 20 },
    { header: t('dlv.col.by'), key: 'by', width: 12 },
    { header: t('dlv.col.at'), key: 'at', width: 17 },
    { header: t('dlv.col.revision'), key: 'revision', width: 8 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const l of lines) {
    const current = l.entry?.entry.current;
    const value = current?.value;
    sheet.addRow({
      hospital: names.hospital(l.hospitalId),
      contract: localized(l.contract.name, lang, l.contract.id),
      start: l.window.start,
      end: l.window.end,
      deliverable: localized(l.deliverable.name, lang, l.deliverable.id),
      status: t(`dlv.status.${l.status}`),
      late: l.status === 'missing' && l.ended ? t('dlv.yes') : t('dlv.no'),
      detail: detailOf(l, t),
      sha256: value?.state === 'attached' || value?.state === 'produced' ? value.sha256 : '',
      by: current?.by ?? '',
      at: current ? chinaDateTime(current.at) : '',
      revision: current?.revision ?? '',
    });
  }
  sheet.autoFilter = { from: 'A1', to: 'L1' };
  const bytes = new Uint8Array(await book.xlsx.writeBuffer());
  const filename = exportFilename(['deliverables', q.hospital, q.contract]);
  return { bytes, filename, count: lines.length };
}
