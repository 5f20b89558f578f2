import type { Duration } from '../../src-shared/catalog/reference';
import type { Translator } from '../i18n/i18n';

export function formatDuration({ t }: Translator, d: Duration | undefined): string {
  if (!d) return '—';
  if (d.amount === 0) return t('duration.immediate');
  return t(`duration.${d.unit}`, { n: d.amount });
}
