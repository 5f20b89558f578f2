import { hrefOf } from '../../app/routes';
import type { InspectionRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';

/**
 * A completed or signed inspection opened again: it takes no answers, and says so at the top with
 * where to go instead (the sign-off, or the report and the paper-sheet scans), so that keys doing
 * nothing are never a surprise.
 */
export function LockedBanner({ inspection }: { inspection: InspectionRow }) {
  const { t, locale } = useT();
  const time = (iso: string | undefined): string => (iso ? new Date(iso).toLocaleString(locale) : '');
  const signoff = hrefOf({ name: 'signoff', inspectionId: inspection.id });
  if (inspection.status === 'signed' && inspection.signoff) {
    return (
      <div className="banner info locked-banner" role="status" data-testid="signed-banner">
        <p>
          <strong>{t('insp.signedReadOnly', { time: time(inspection.signoff.signedAt), number: inspection.signoff.reportNumber })}</strong>
        </p>
        <p>{t('insp.signedNext')}</p>
        <p className="actions">
          <a className="button primary" href={signoff} data-testid="open-report">
            {t('insp.openReport')}
          </a>
          <a className="button" href={signoff} data-testid="open-paper">
            {t('insp.openPaper')}
          </a>
        </p>
      </div>
    );
  }
  return (
    <div className="banner info locked-banner" role="status" data-testid="completed-banner">
      <p>{t('insp.completedReadOnly', { time: time(inspection.completedAt) })}</p>
      <p className="actions">
        <a className="button primary" href={signoff} data-testid="open-signoff">
          {t('insp.goSign')}
        </a>
      </p>
    </div>
  );
}
