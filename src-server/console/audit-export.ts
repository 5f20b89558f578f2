/** The audit log's "导出": the filtered entries as the page shows them, with the code and full JSON beside the words. */
import type { OfficeContext } from '../context';
import { actionLabel, actorLabel, auditFilter, detailPairs, deviceNames, outcomeLabel, type AuditQuery } from './audit-view';
import { chinaDateTime } from './china-time';
import { exportFilename } from './export-name';
import { translator, type Lang } from './i18n';
import { oneSheetWorkbook, type SheetColumn } from './one-sheet';

/** A year of a busy office's log is tens of thousands of lines; this bounds one download's memory. */
export const AUDIT_EXPORT_MAX = 20_000;

export async function auditWorkbook(ctx: OfficeContext, q: AuditQuery, lang: Lang): Promise<{ bytes: Uint8Array; filename: string; count: number }> {
  const t = translator(lang);
  const entries = await ctx.store.listAudit({ ...auditFilter(q), limit: AUDIT_EXPORT_MAX });
  const devices = await deviceNames(ctx);
  const columns: SheetColumn[] = [
    { header: 'audit.at', key: 'at', width: 17 },
    { header: 'audit.actor', key: 'actor', width: 22 },
    { header: 'audit.action', key: 'action', width: 20 },
    { header: 'audit.col.code', key: 'code', width: 24 },
    { header: 'audit.outcome', key: 'outcome', width: 8 },
    { header: 'audit.target', key: 'target', width: 30 },
    { header: 'audit.details', key: 'details', width: 50 },
    { header: 'audit.col.json', key: 'json', width: 50 },
    { header: 'audit.ip', key: 'ip', width: 16 },
  ];
  const rows = entries.map((r) => ({
      at: chinaDateTime(r.at),
      actor: actorLabel(t, r.actor, devices),
      action: actionLabel(t, r.action),
      code: r.action,
      outcome: outcomeLabel(t, r.outcome),
      target: r.target,
      details: detailPairs(r.details).join('\n'),
      json: JSON.stringify(r.details),
      ip: r.ip ?? '',
  }));
  return { bytes: await oneSheetWorkbook(ctx, lang, 'audit.sheet', columns, rows), filename: exportFilename(['audit', q.from, q.to]), count: entries.length };
}
