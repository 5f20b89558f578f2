/**
 * A contract's period (issue 12): the plan, the deliverables register of the chosen window, the
 * 004 evaluation where the contract has one, and the periodic reports. The window is in the URL
 * (`…/period/<unit>/<first day>`), so a reload returns to it; one the contract period does not
 * hold is refused with a message instead of showing invented figures.
 */
import { useEffect, useMemo } from 'react';
import { WindowUnit } from '../../../src-shared/catalog/period-schema';
import { planContract } from '../../../src-shared/period/plan';
import { chinaDate, contractWindows, windowOf } from '../../../src-shared/period/windows';
import type { PeriodWindow } from '../../../src-shared/period/types';
import { hrefOf, type Route } from '../../app/routes';
import { useT } from '../../i18n/i18n';
import { DeliverablesPanel } from './DeliverablesPanel';
import { EvaluationPanel } from './EvaluationPanel';
import { cadenceWords, PlanPanel } from './PlanPanel';
import { ReportsPanel } from './ReportsPanel';
import { useEngineer } from './use-journaled-text';
import { unitsOf, usePeriodData, type PeriodData } from './use-period';
import { windowLabel, windowLongLabel } from './window-label';
import './period.css';

/** Who makes the reports and marks the register; every action there waits for a name. */
function EngineerField() {
  const { t } = useT();
  const { name, set, reload } = useEngineer();
  // The last-used name, as the new-inspection or service screen may have changed it since this screen was last open.
  useEffect(() => reload(), [reload]);
  return (
    <p className="engineer-field">
      <label>
        {t('period.engineer')}{' '}
        <input value={name} maxLength={40} onChange={(e) => set(e.target.value)} data-testid="period-engineer" />
      </label>
      {name.trim() === '' && <span className="field-error" role="status"> {t('period.engineerNeeded')}</span>}
    </p>
  );
}

type PeriodRoute = Extract<Route, { name: 'contract-period' }>;

/** The window the URL asks for: a unit the contract uses and a day inside its period, or why not. */
export function pickWindow(data: Pick<PeriodData, 'contract'>, route: PeriodRoute, today: string): { unit: WindowUnit; windows: PeriodWindow[]; window?: PeriodWindow; problem?: 'unit' | 'outside' } {
  const units = unitsOf(data.contract);
  const fallback = data.contract.inspection.cadence?.every ?? units[0] ?? 'quarter';
  const parsed = WindowUnit.safeParse(route.unit);
  if (route.unit !== undefined && (!parsed.success || !units.includes(parsed.data))) {
    return { unit: fallback, windows: contractWindows(data.contract, fallback), problem: 'unit' };
  }
  const unit = parsed.success ? parsed.data : fallback;
  const windows = contractWindows(data.contract, unit);
  if (route.start !== undefined) {
    const found = /^\d{4}-\d{2}-\d{2}$/.test(route.start) ? windowOf(windows, route.start) : undefined;
    return found ? { unit, windows, window: found } : { unit, windows, problem: 'outside' };
  }
  // No window asked for: the one running today, else the last (a finished contract) or the first (one not begun).
  const running = windowOf(windows, today) ?? (today > data.contract.period.end ? windows.at(-1) : windows[0]);
  return { unit, windows, ...(running ? { window: running } : {}) };
}

export function PeriodScreen({ route }: { route: PeriodRoute }) {
  const tr = useT();
  const { t, l } = tr;
  const load = usePeriodData(route.hospitalId, route.contractId);
  const asOf = useMemo(() => new Date().toISOString(), []);
  const plan = useMemo(
    () => (load.state === 'ready' ? planContract({ contract: load.contract, assets: load.assets, inspections: load.inspections, asOf, templateNames: load.templateNames }) : undefined),
    [load, asOf],
  );
  if (load.state === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (load.state === 'missing' || !plan) return <p className="banner error" role="alert">{t('period.missing')}</p>;
  const { contract, hospital } = load;
  const picked = pickWindow(load, route, chinaDate(asOf));
  const link = (unit: WindowUnit, start?: string): string =>
    hrefOf({ name: 'contract-period', hospitalId: hospital.id, contractId: contract.id, unit, ...(start ? { start } : {}) });
  return (
    <section className="period" data-testid="period-screen">
      <p>
        <a href={hrefOf({ name: 'hospital', hospitalId: hospital.id })}>← {l(hospital.name)}</a> ·{' '}
        <a href={hrefOf({ name: 'dashboard', hospitalId: hospital.id })} data-testid="to-dashboard">{t('period.dash.title')}</a>
      </p>
      <h1>{l(contract.name)}</h1>
      <p className="muted">
        {t('hospital.period', { start: contract.period.start, end: contract.period.end })} · {cadenceWords(tr, contract)}
      </p>
      <nav className="windows" aria-label={t('period.window.unitsLabel')}>
        {unitsOf(contract).map((u) => (
          <a key={u} href={link(u)} aria-current={u === picked.unit ? 'page' : undefined} data-testid={`unit-${u}`}>
            {t(`period.tab.${u}`)}
          </a>
        ))}
      </nav>
      <nav className="windows" aria-label={t('period.window.listLabel')}>
        {picked.windows.map((w) => (
          <a key={w.start} href={link(picked.unit, w.start)} aria-current={w.start === picked.window?.start ? 'page' : undefined} data-testid={`window-${w.start}`}>
            {windowLabel(tr, w)}
          </a>
        ))}
      </nav>
      {picked.problem === 'unit' && <p className="banner error" role="alert" data-testid="window-problem">{t('period.window.badUnit', { unit: route.unit ?? '' })}</p>}
      {picked.problem === 'outside' && (
        <p className="banner error" role="alert" data-testid="window-problem">
          {t('period.window.outside', { day: route.start ?? '', start: contract.period.start, end: contract.period.end })}
        </p>
      )}
      <PlanPanel contract={contract} plan={plan} assets={load.assets} selected={picked.window} />
      {picked.window && (
        <>
          <h2 data-testid="selected-window">{windowLongLabel(tr, picked.window)}</h2>
          <EngineerField />
          <DeliverablesPanel data={load} window={picked.window} asOf={asOf} />
          {contract.evaluation.annex004 && <EvaluationPanel data={load} window={picked.window} asOf={asOf} />}
          <ReportsPanel data={load} window={picked.window} asOf={asOf} />
        </>
      )}
    </section>
  );
}
