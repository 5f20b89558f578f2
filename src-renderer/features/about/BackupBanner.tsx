/** Shown on every screen when the backup before a schema upgrade failed (the upgrade went on). */
import { hrefOf } from '../../app/routes';
import { useBackupState } from '../../backup/backup-state';
import { useT } from '../../i18n/i18n';

export function BackupBanner() {
  const { t } = useT();
  const failure = useBackupState((s) => s.preUpgradeFailure);
  if (!failure) return null;
  return (
    <div className="banner error" role="alert" data-testid="backup-banner">
      <a href={hrefOf({ name: 'about' })}>{t('backup.preUpgradeFailed', { detail: failure })}</a>
    </div>
  );
}
