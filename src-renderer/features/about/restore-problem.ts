/** Why a restore did not happen, in the user's words (the About screen and the interrupted-restore banner). */
import type { RestoreOutcome } from '../../backup/restore-backup';
import type { Translator } from '../../i18n/i18n';

export function restoreProblemText(t: Translator['t'], outcome: Extract<RestoreOutcome, { ok: false }>): string {
  if (outcome.problem === 'import_failed') return t('backup.restoreFailedAfter', { detail: outcome.detail ?? '' });
  return t('backup.restoreFailed', { why: t(`backup.problem.${outcome.problem}`, { detail: outcome.detail ?? '' }) });
}
