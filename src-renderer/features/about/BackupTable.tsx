/**
 * The backups table of the About screen: one row per file, newest first, damaged ones marked. A
 * file without a sidecar shows its file time and name; what it holds is read from it when restored.
 */
import type { BackupEntry } from '../../../src-shared/rpc/backup-channels';
import type { Locale } from '../../../src-shared/i18n/translate';
import { useT } from '../../i18n/i18n';

export function formatSize(bytes: number, locale: Locale): string {
  const mb = bytes / (1024 * 1024);
  const format = (n: number, digits: number) => n.toLocaleString(locale, { maximumFractionDigits: digits });
  return mb >= 1 ? `${format(mb, 1)} MB` : `${format(Math.max(1, Math.round(bytes / 1024)), 0)} KB`;
}

/** The four counts the list and the confirmation name. */
export function summary(counts: Record<string, number>): Record<'inspections' | 'answers' | 'photos' | 'service', number> {
  const n = (table: string) => counts[table] ?? 0;
  return { inspections: n('inspections'), answers: n('answers'), photos: n('attachments') + n('serviceAttachments'), service: n('serviceRecords') };
}

export function BackupTable({ backups, codeVersion, busy, onRestore }: { backups: BackupEntry[]; codeVersion: number; busy: boolean; onRestore: (entry: BackupEntry) => void }) {
  const { t, locale } = useT();
  return (
    <table data-testid="backup-list">
      <thead>
        <tr>
          <th>{t('backup.col.time')}</th>
          <th>{t('backup.col.reason')}</th>
          <th>{t('backup.col.schema')}</th>
          <th>{t('backup.col.inspections')}</th>
          <th>{t('backup.col.answers')}</th>
          <th>{t('backup.col.photos')}</th>
          <th>{t('backup.col.service')}</th>
          <th>{t('backup.col.size')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {backups.map((entry) => {
          const h = entry.header;
          const s = h ? summary(h.counts) : null;
          const lone = !h && !entry.problem;
          return (
            <tr key={entry.file} data-testid="backup-row" data-file={entry.file} data-state={entry.problem ? 'damaged' : lone ? 'lone' : 'ok'}>
              <td title={entry.file}>
                {new Date(h ? h.createdAt : entry.modifiedAt).toLocaleString(locale)}
                {(lone || entry.problem) && <div className="muted">{entry.file}</div>}
              </td>
              {lone ? (
                <td colSpan={6} className="muted" data-testid="backup-lone">
                  {t('backup.lone')}
                </td>
              ) : (
                <>
                  <td>{h ? t(`backup.reason.${h.reason}`) : ''}</td>
                  <td>{h ? `v${h.schemaVersion}` : ''}</td>
                  <td>{s?.inspections ?? ''}</td>
                  <td>{s?.answers ?? ''}</td>
                  <td>{s?.photos ?? ''}</td>
                  <td>{s?.service ?? ''}</td>
                </>
              )}
              <td>{formatSize(entry.size, locale)}</td>
              <td>
                {entry.problem ? (
                  <span className="field-error" title={entry.problem ? t(`backup.problem.${entry.problem}`, { detail: '' }) : ''} data-testid="backup-damaged">
                    {entry.problem === 'empty' ? t('backup.problem.empty') : t('backup.damaged')}
                  </span>
                ) : h && h.schemaVersion > codeVersion ? (
                  <span className="muted">{t('backup.newer')}</span>
                ) : (
                  <button type="button" disabled={busy} onClick={() => onRestore(entry)} data-testid="backup-restore">
                    {t('backup.restore')}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
