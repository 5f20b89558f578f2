/** On the hospital screen's contract card: the window running now and how many of its targets are done, due, late. */
import { useLiveQuery } from 'dexie-react-hooks';
import type { Contract } from '../../../src-shared/catalog/reference';
import { planContract } from '../../../src-shared/period/plan';
import { useT } from '../../i18n/i18n';
import { StateMark } from './PlanPanel';
import { loadPeriodData } from './use-period';
import { windowLongLabel } from './window-label';

export function CurrentWindow({ contract }: { contract: Contract }) {
  const tr = useT();
  const { t } = tr;
  const plan = useLiveQuery(async () => {
    if (!contract.inspection.cadence) return null;
    const data = await loadPeriodData(contract.hospitalId, contract.id);
    if (data.state !== 'ready') return null;
    return planContract({ contract, assets: data.assets, inspections: data.inspections, asOf: new Date().toISOString(), templateNames: data.templateNames });
  }, [contract]);
  if (!plan) return null;
  const current = plan.current;
  if (!current) return <p className="muted" data-testid={`current-window-${contract.id}`}>{t('period.current.none')}</p>;
  const cells = plan.cells.filter((c) => c.window.start === current.start);
  const count = (state: 'done' | 'due' | 'in_progress'): number => cells.filter((c) => c.state === state).length;
  const late = plan.cells.filter((c) => c.state === 'late').length;
  return (
    <p data-testid={`current-window-${contract.id}`} data-done={count('done')} data-due={count('due') + count('in_progress')} data-late={late}>
      <strong>{windowLongLabel(tr, current)}</strong>：<StateMark state="done" /> {count('done')} · <StateMark state="due" /> {count('due') + count('in_progress')} ·{' '}
      <StateMark state="late" /> {t('period.current.lateEarlier', { count: late })}
    </p>
  );
}
