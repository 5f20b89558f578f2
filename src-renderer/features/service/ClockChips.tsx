/** A record's promised clocks as chips: time left, colour as it runs out, breaches said in words. */
import type { ClockReading } from '../../../src-shared/sla/types';
import { useT, type Translator } from '../../i18n/i18n';
import { span, toneOf } from './clock-view';

export function clockText(t: Translator['t'], r: ClockReading): string {
  const { days, hm } = span(r.remainingMs);
  const amount = days > 0 ? t('svc.clock.daysAnd', { days, hm }) : hm;
  switch (r.status) {
    case 'met':
      return t('svc.clock.met');
    case 'met_late':
      return t('svc.clock.metLate', { amount });
    case 'breached':
      return t('svc.clock.breached', { amount });
    case 'paused':
      return t('svc.clock.paused', { amount });
    case 'running':
      return t('svc.clock.left', { amount });
  }
}

export function ClockChips({ readings, showDone = false }: { readings: readonly ClockReading[]; showDone?: boolean }) {
  const { t, locale } = useT();
  const shown = showDone ? readings : readings.filter((r) => r.doneAt === undefined);
  if (shown.length === 0) return <span className="muted">{t('svc.clock.none')}</span>;
  return (
    <ul className="clocks">
      {shown.map((r) => (
        <li
          key={r.step}
          className={`clock ${toneOf(r)}`}
          data-testid={`clock-${r.step}`}
          data-status={r.status}
          title={t('svc.clock.due', { time: new Date(r.due).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }) })}
        >
          <span className="clock-step">{t(`svc.promise.${r.step}`)}</span>
          <span className="clock-left">{clockText(t, r)}</span>
          {r.basis === 'outside_hours' && <span className="clock-basis">{t('svc.clock.outsideHours')}</span>}
        </li>
      ))}
    </ul>
  );
}
