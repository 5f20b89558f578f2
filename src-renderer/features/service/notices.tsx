/** Warnings a record's clocks may carry: a year without calendar data, a device clock that was off. */
import { useT } from '../../i18n/i18n';

export function CalendarFallback({ years }: { years: readonly number[] }) {
  const { t } = useT();
  if (years.length === 0) return null;
  return (
    <p className="banner warn" role="status" data-testid="calendar-fallback">
      {t('svc.calendarFallback', { years: years.join('、') })}
    </p>
  );
}

export function SkewBadge({ count }: { count: number }) {
  const { t } = useT();
  return (
    <span className="badge warn" title={t('svc.skew.detail', { count })} data-testid="skew-badge">
      ⚠ {t('svc.skew.badge')}
    </span>
  );
}
