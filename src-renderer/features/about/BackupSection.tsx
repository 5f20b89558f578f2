/**
 * The About screen's backups (issue 13): the folder, 立即备份, the list of backups with what each
 * holds, and 恢复 behind a confirmation that names what will be replaced. The confirmation comes
 * after the full check of the file (backup.check), so what it names is what the file holds, and a
 * file without a sidecar shows its details from the export itself. A damaged backup is listed as
 * such and offers no restore.
 */
import { useCallback, useEffect, useState } from 'react';
import type { BackupEntry, BackupHeader, BackupList } from '../../../src-shared/rpc/backup-channels';
import { SCHEMA_VERSION } from '../../db/database';
import { backupNow, currentCounts, restoreFromBackup, appBackupRpc } from '../../backup/backup-service';
import { useBackupState } from '../../backup/backup-state';
import { describeError } from '../../i18n/errors';
import { useT, type Translator } from '../../i18n/i18n';
import { BackupTable, formatSize, summary } from './BackupTable';
import { restoreProblemText } from './restore-problem';

/** Put into words at render time, so a notice shown before a language switch is read in the new language. */
type Notice = { kind: 'info' | 'error'; text: (tr: Translator) => string } | null;
const errorNotice = (error: unknown): Notice => ({ kind: 'error', text: ({ locale }) => describeError(locale, error) });

export function BackupSection() {
  const translator = useT();
  const { t, locale } = translator;
  const { running, preUpgradeFailure, written } = useBackupState();
  const [list, setList] = useState<BackupList | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [confirming, setConfirming] = useState<{ entry: BackupEntry; header: BackupHeader; now: Record<string, number> } | null>(null);
  const [checking, setChecking] = useState(false);

  const reload = useCallback(() => {
    appBackupRpc('backup.list', {}).then(setList, (error: unknown) => setNotice(errorNotice(error)));
  }, []);
  useEffect(reload, [reload, written]);

  const backUp = async () => {
    setNotice(null);
    const result = await backupNow('manual');
    if (result.ok) setNotice({ kind: 'info', text: (tr) => tr.t('backup.written', { file: result.backup.file, size: formatSize(result.backup.size, tr.locale) }) });
    else setNotice({ kind: 'error', text: (tr) => tr.t('backup.failed', { why: tr.t(`backup.fail.${result.reason}`, { detail: result.detail }) }) });
  };

  const askRestore = async (entry: BackupEntry) => {
    setNotice(null);
    setConfirming(null);
    setChecking(true);
    try {
      // The whole file, before the question: the list only read the sidecar.
      const checked = await appBackupRpc('backup.check', { file: entry.file });
      if (!checked.ok || checked.header.schemaVersion > SCHEMA_VERSION) {
        const problem = checked.ok ? 'newer_schema' : checked.problem;
        setNotice({ kind: 'error', text: (tr) => restoreProblemText(tr.t, { ok: false, problem }) });
        reload();
        return;
      }
      setConfirming({ entry, header: checked.header, now: await currentCounts() });
    } catch (error) {
      setNotice(errorNotice(error));
    } finally {
      setChecking(false);
    }
  };

  const restore = async (entry: BackupEntry) => {
    setConfirming(null);
    const outcome = await restoreFromBackup(entry.file);
    if (outcome.ok) {
      setNotice({ kind: 'info', text: (tr) => tr.t('backup.restored') });
      window.location.reload();
    } else {
      setNotice({ kind: 'error', text: (tr) => restoreProblemText(tr.t, outcome) });
      reload();
    }
  };

  const openFolder = () => void appBackupRpc('backup.openFolder', {});
  const busy = running !== null || checking;

  return (
    <section className="panel about-backups" data-testid="backup-section">
      <h2>{t('backup.title')}</h2>
      <p className="muted">{t('backup.intro')}</p>
      {preUpgradeFailure && (
        <div className="banner error" role="alert" data-testid="backup-preupgrade-failed">
          {t('backup.preUpgradeFailed', { detail: preUpgradeFailure })}
        </div>
      )}
      {list && (
        <p>
          {t('backup.folder')}
          <code data-testid="backup-dir">{list.dir}</code>
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void backUp()} data-testid="backup-now">
          {t('backup.now')}
        </button>
        {list?.canOpenFolder && (
          <button type="button" onClick={openFolder} data-testid="backup-open-folder">
            {t('backup.openFolder')}
          </button>
        )}
      </div>
      {busy && (
        <p className="muted" role="status" data-testid="backup-running">
          {t(checking ? 'backup.checking' : running === 'before-restore' ? 'backup.restoring' : 'backup.running')}
        </p>
      )}
      {notice && (
        <div className={`banner ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="backup-notice">
          {notice.text(translator)}
        </div>
      )}
      {confirming && (
        <div className="banner warn" role="alertdialog" data-testid="restore-confirm">
          <strong>{t('backup.confirm.title', { time: new Date(confirming.header.createdAt).toLocaleString(locale) })}</strong>
          <p>{t('backup.confirm.replaces', summary(confirming.now))}</p>
          <p>{t('backup.confirm.brings', summary(confirming.header.counts))}</p>
          <p>{t('backup.confirm.safety')}</p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void restore(confirming.entry)} data-testid="restore-go">
              {t('backup.confirm.go')}
            </button>
            <button type="button" onClick={() => setConfirming(null)} data-testid="restore-cancel">
              {t('backup.confirm.cancel')}
            </button>
          </div>
        </div>
      )}
      {list && list.backups.length === 0 && <p className="muted">{t('backup.none')}</p>}
      {list && list.backups.length > 0 && (
        <BackupTable backups={list.backups} codeVersion={SCHEMA_VERSION} busy={busy} onRestore={(e) => void askRestore(e)} />
      )}
    </section>
  );
}
