/** How the console words a service record's clocks: time left or overdue, in the page's language. */
import type { ClockReading } from '../../src-shared/sla/types';
import { html, type SafeHtml } from './html';
import type { Translate } from './i18n';

/** 1 小时 20 分 / 2 天 3 小时: minutes under a day, hours beyond. */
export function spanText(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const h = Math.floor(minutes / 60);
  if (h >= 24) return t('svc.span.d', { d: Math.floor(h / 24), h: h % 24 });
  return h > 0 ? t('svc.span.hm', { h, m: minutes % 60 }) : t('svc.span.m', { m: minutes });
}

export function clockText(c: ClockReading, t: Translate): string {
  if (c.status === 'met') return t('svc.status.met');
  if (c.status === 'met_late') return t('svc.status.met_late', { span: spanText(c.remainingMs, t) });
  return t(`svc.status.${c.status}`, { span: spanText(c.remainingMs, t) });
}

/** The class a clock is drawn with: breached red, under an hour left amber, done grey. */
export function clockClass(c: ClockReading): string {
  if (c.status === 'breached' || c.status === 'met_late') return 'clock breached';
  if (c.status === 'met') return 'clock met';
  return c.remainingMs < 3_600_000 ? 'clock due-soon' : 'clock running';
}

export function clockBadges(clocks: readonly ClockReading[], t: Translate): SafeHtml {
  return html`${clocks.map(
    (c) => html`<span class="${clockClass(c)}" data-clock="${c.step}" data-status="${c.status}">${t(`svc.clock.${c.step}`)} · ${clockText(c, t)}</span> `,
  )}`;
}
