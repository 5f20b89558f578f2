/** Reports the office refused (or whose receipt did not verify), each with the reason and a retry. */
import { useLiveQuery } from 'dexie-react-hooks';
import { localized } from '../../../src-shared/i18n/translate';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';
import { describeOutboxError } from './describe';
import { retryAttention } from './sync-service';

export function AttentionList() {
  const { t, locale } = useT();
  const items = useLiveQuery(() => repositories().outbox.attention());
  if (!items || items.length === 0) return null;
  return (
    <section className="panel" data-testid="attention">
      <h2>{t('sync.attention.title')}</h2>
      <p className="muted">{t('sync.attention.hint')}</p>
      <ul className="attention-list">
        {items.map(({ row, report, serviceTitle, deliverable }) => (
          <li key={row.id} data-testid="attention-item" data-record={row.recordId} data-code={row.lastError?.officeCode ?? row.lastError?.code ?? ''}>
            <strong>
              {row.kind === 'service'
                ? t('svcstore.outbox.label', { title: serviceTitle ?? row.recordId })
                : row.kind === 'deliverable'
                  ? t('sync.attention.deliverable', { name: deliverable ? localized(locale, deliverable.name) : row.recordId, start: deliverable?.windowStart ?? '', end: deliverable?.windowEnd ?? '' })
                  : t('sync.attention.report', { number: report?.reportNumber ?? row.recordId })}
            </strong>{' '}
            <span className="muted">{t('sync.attention.attempts', { count: row.attempts })}</span>
            {row.lastError && <p className="banner error" data-testid="attention-reason">{describeOutboxError(locale, row.lastError)}</p>}
            <button type="button" onClick={() => void retryAttention([row.id])} data-testid="attention-retry">
              {t('sync.attention.retry')}
            </button>
          </li>
        ))}
      </ul>
      {items.length > 1 && (
        <button type="button" onClick={() => void retryAttention()} data-testid="attention-retry-all">
          {t('sync.attention.retryAll')}
        </button>
      )}
    </section>
  );
}
