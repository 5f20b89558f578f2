/** A register row's state in words (never colour alone), and the marks that came before it. */
import type { DeliverableEntry, DeliverableState as State } from '../../../src-shared/period/deliverable';
import { useT } from '../../i18n/i18n';
import type { RegisterRow } from './deliverable-rows';
import { chinaDateTime } from './window-label';

function stateText(t: ReturnType<typeof useT>['t'], value: State): string {
  switch (value.state) {
    case 'produced':
      return t('period.deliv.state.produced', { number: value.report.reportNumber });
    case 'attached':
      return t('period.deliv.state.attached', { name: value.name, size: Math.max(1, Math.round(value.size / 1024)) });
    case 'not_applicable':
      return t('period.deliv.state.na', { reason: value.reason });
    case 'withdrawn':
      return t('period.deliv.state.withdrawn');
  }
}

export function StateWords({ row }: { row: RegisterRow }) {
  const { t } = useT();
  const value = row.entry?.current.value;
  if (value && value.state !== 'withdrawn') {
    return <span className="state done" data-testid={`deliv-state-${row.deliverable.id}`} data-state={value.state}>{stateText(t, value)}</span>;
  }
  if (row.reports.length > 0) {
    return <span className="state done" data-testid={`deliv-state-${row.deliverable.id}`} data-state="reports">{t('period.deliv.state.reports', { list: row.reports.join('、') })}</span>;
  }
  return <span className="state missing" data-testid={`deliv-state-${row.deliverable.id}`} data-state="missing">{t('period.deliv.state.missing')}</span>;
}

export function RevisionHistory({ entry }: { entry: DeliverableEntry }) {
  const { t } = useT();
  const all = [...entry.history, entry.current].reverse();
  if (all.length < 2) return <div className="muted">{t('period.deliv.by', { by: entry.current.by, at: chinaDateTime(entry.current.at) })}</div>;
  return (
    <details>
      <summary>{t('period.deliv.history', { count: all.length })}</summary>
      <ol reversed>
        {all.map((r) => (
          <li key={r.revision}>
            {stateText(t, r.value)} — {t('period.deliv.by', { by: r.by, at: chinaDateTime(r.at) })}
          </li>
        ))}
      </ol>
    </details>
  );
}
