/**
 * Shown on every screen: when the backup before a schema upgrade failed (the upgrade went on), and
 * when a restore did not finish (the window was reloaded, closed or crashed after the database was
 * deleted): then the store may be empty, and the banner offers the before-restore backup or the
 * chosen backup again until the engineer picks one or says to keep the store as it is.
 */
import { useState } from 'react';
import { hrefOf } from '../../app/routes';
import { dismissInterruptedRestore, restoreFromBackup } from '../../backup/backup-service';
import { useBackupState } from '../../backup/backup-state';
import type { RestoreMarker } from '../../backup/restore-marker';
import { useT } from '../../i18n/i18n';
import { restoreProblemText } from './restore-problem';

function InterruptedRestore({ marker }: { marker: RestoreMarker }) {
  const { t, locale } = useT();
  const running = useBackupState((s) => s.running);
  const [error, setError] = useState<string | null>(null);
  const restore = async (file: string) => {
    setError(null);
    const outcome = await restoreFromBackup(file);
    if (outcome.ok) window.location.reload();
    else setError(restoreProblemText(t, outcome));
  };
  const when = marker.startedAt ? new Date(marker.startedAt).toLocaleString(locale) : '';
  return (
    <div className="banner error" role="alert" data-testid="restore-interrupted">
      <strong>{t('backup.interrupted.title', { file: marker.file, time: when })}</strong>
      <p>{t(marker.safety ? 'backup.interrupted.safety' : 'backup.interrupted.noSafety')}</p>
      <div className="actions">
        {marker.safety && (
          <button type="button" className="primary" disabled={running !== null} onClick={() => void restore(marker.safety!)} data-testid="restore-interrupted-safety">
            {t('backup.interrupted.restoreSafety')}
          </button>
        )}
        {marker.file && (
          <button type="button" className={marker.safety ? '' : 'primary'} disabled={running !== null} onClick={() => void restore(marker.file)} data-testid="restore-interrupted-again">
            {t('backup.interrupted.again', { file: marker.file })}
          </button>
        )}
        <button type="button" disabled={running !== null} onClick={dismissInterruptedRestore} data-testid="restore-interrupted-keep">
          {t('backup.interrupted.keep')}
        </button>
      </div>
      {running === 'before-restore' && <p role="status">{t('backup.restoring')}</p>}
      {error && <p data-testid="restore-interrupted-error">{error}</p>}
    </div>
  );
}

export function BackupBanner() {
  const { t } = useT();
  const failure = useBackupState((s) => s.preUpgradeFailure);
  const interrupted = useBackupState((s) => s.interruptedRestore);
  return (
    <>
      {interrupted && <InterruptedRestore marker={interrupted} />}
      {failure && (
        <div className="banner error" role="alert" data-testid="backup-banner">
          <a href={hrefOf({ name: 'about' })}>{t('backup.preUpgradeFailed', { detail: failure })}</a>
        </div>
      )}
    </>
  );
}
