/**
 * The contract's plan (issue 12 point 1): every covered system and hardware group against every
 * window of the cadence, each cell saying done / in progress / due / late / upcoming in words and a
 * mark (never colour alone), with the units done of a group and how each inspection was done where
 * the contract allows both on site and remote; then what the next visit has to inspect.
 */
import type { Contract } from '../../../src-shared/catalog/reference';
import { targetKey } from '../../../src-shared/period/plan';
import { windowOf } from '../../../src-shared/period/windows';
import type { ContractPlan, PeriodWindow, PlanCell, PlanState } from '../../../src-shared/period/types';
import { hrefOf, type InspectionPreset } from '../../app/routes';
import type { AssetRow } from '../../db/rows';
import { useT, type Translator } from '../../i18n/i18n';
import { windowLabel, windowShortLabel } from './window-label';

const STATES: PlanState[] = ['done', 'in_progress', 'due', 'late', 'upcoming'];

export function StateMark({ state }: { state: PlanState }) {
  const { t } = useT();
  return <span className={`state ${state}`} data-state={state}>{t(`period.state.${state}`)}</span>;
}

function Cell({ cell, showModes, current }: { cell: PlanCell | undefined; showModes: boolean; current: boolean }) {
  const { t } = useT();
  if (!cell) return <td>—</td>;
  const modes = showModes ? [...new Set(cell.inspections.flatMap((i) => (i.mode ? [i.mode] : [])))] : [];
  return (
    <td className={current ? 'current' : undefined} data-testid={`plan-cell-${targetKey(cell.target)}-${cell.window.start}`} data-state={cell.state}>
      <StateMark state={cell.state} />
      {cell.unitsTotal !== undefined && <div className="muted">{t('period.plan.units', { done: cell.unitsDone ?? 0, total: cell.unitsTotal })}</div>}
      {modes.length > 0 && <div className="muted">{modes.map((m) => t(`period.mode.${m}`)).join(' · ')}</div>}
    </td>
  );
}

export function PlanPanel({ contract, plan, assets, selected }: { contract: Contract; plan: ContractPlan; assets: AssetRow[]; selected: PeriodWindow | undefined }) {
  const tr = useT();
  const { t, l } = tr;
  if (plan.problem?.code === 'no_cadence') {
    return (
      <section className="panel" data-testid="plan">
        <h2>{t('period.plan.title')}</h2>
        <p className="banner info" role="status" data-testid="plan-no-cadence">{t('period.plan.noCadence', { perYear: contract.inspection.perYear })}</p>
      </section>
    );
  }
  const targets = [...new Map(plan.cells.map((c) => [targetKey(c.target), c.target])).values()];
  const cellOf = new Map(plan.cells.map((c) => [`${targetKey(c.target)}|${c.window.start}`, c]));
  const showModes = (contract.inspection.cadence?.modes.length ?? 0) > 1;
  // The plan's window that holds the chosen one (a quarter chosen on a half-yearly plan lights its half-year).
  const lit = selected ? windowOf(plan.windows, selected.start)?.start : undefined;
  const unitNames = new Map(assets.map((a) => [a.id, `${l(a.name)} ${a.assetTag}`]));
  const outside = plan.problem?.code === 'outside_period' ? (plan.problem.asOf > plan.problem.end ? 'ended' : 'not_begun') : undefined;
  return (
    <section className="panel" data-testid="plan">
      <h2>{t('period.plan.title')}</h2>
      {plan.problem?.code === 'outside_period' && (
        <p className="banner info" role="status">{t('period.plan.outside', { asOf: plan.problem.asOf, start: plan.problem.start, end: plan.problem.end })}</p>
      )}
      <ul className="counts" aria-label={t('period.plan.countsLabel')} data-testid="plan-counts">
        {STATES.map((s) => (
          <li key={s} data-testid={`plan-count-${s}`} data-count={plan.counts[s]}>
            <StateMark state={s} /> {plan.counts[s]}
          </li>
        ))}
      </ul>
      <div className="plan-scroll">
        <table className="plan-grid">
          <caption className="muted">{t('period.plan.caption', { cadence: cadenceWords(tr, contract) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('period.plan.target')}</th>
              {plan.windows.map((w) => (
                <th scope="col" key={w.start} className={w.start === lit ? 'current' : undefined}>
                  {windowShortLabel(tr, w)}
                  <div className="muted dates">
                    {w.start.slice(5)}–{w.end.slice(5)}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={targetKey(target)}>
                <th scope="row">
                  {l(target.name)}
                  {target.kind === 'hardware_group' && <div className="muted">{t('period.plan.group', { count: target.assetIds.length })}</div>}
                </th>
                {plan.windows.map((w) => (
                  <Cell key={w.start} cell={cellOf.get(`${targetKey(target)}|${w.start}`)} showModes={showModes} current={w.start === lit} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* Outside the contract period there is no visit to plan: after it, what was missed is history, and nothing may be started under it. */}
      <h3>{t(outside === 'ended' ? 'period.next.titleEnded' : 'period.next.title')}</h3>
      {plan.nextVisit.length === 0 ? (
        outside === undefined && <p className="muted" data-testid="next-visit-empty">{t('period.next.none')}</p>
      ) : (
        <ul data-testid="next-visit">
          {plan.nextVisit.map((v) => (
            <li key={`${targetKey(v.target)}|${v.window.start}`}>
              <StateMark state={v.state} /> {l(v.target.name)} · {windowLabel(tr, v.window)}
              {v.state === 'late' && v.window.start === plan.current?.start && t('period.next.alsoLate')}
              {v.missingAssetIds.length > 0 && (
                <span className="muted"> — {t('period.next.units', { list: v.missingAssetIds.map((id) => unitNames.get(id) ?? id).join('、') })}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {outside === 'ended' && (
        <p className="banner info" role="status" data-testid="next-visit-closed" data-reason="ended">
          {t('period.next.ended', { end: contract.period.end })}
        </p>
      )}
      {outside === 'not_begun' && (
        <p className="banner info" role="status" data-testid="next-visit-closed" data-reason="not_begun">
          {t('period.next.notBegun', { start: contract.period.start })}
        </p>
      )}
      {outside === undefined && plan.nextVisit.length > 0 && (
        <p>
          <a className="button primary" href={hrefOf({ name: 'new-inspection', hospitalId: contract.hospitalId, preset: nextVisitPreset(contract, plan) })} data-testid="start-next-visit">
            {t('period.next.start')}
          </a>
        </p>
      )}
    </section>
  );
}

/** The next visit's targets as the new-inspection screen ticks them: system rows `<contract>/<system>`, the units not yet done. */
export function nextVisitPreset(contract: Contract, plan: ContractPlan): InspectionPreset {
  const systemIds = plan.nextVisit.flatMap((v) => (v.target.kind === 'system' ? [`${contract.id}/${v.target.id}`] : []));
  const assetIds = plan.nextVisit.flatMap((v) => (v.target.kind === 'hardware_group' ? (v.missingAssetIds.length > 0 ? v.missingAssetIds : v.target.assetIds) : []));
  return { contractId: contract.id, systemIds: [...new Set(systemIds)], assetIds: [...new Set(assetIds)] };
}

/** "每季度一次，现场或远程" from the cadence; a contract without one says how many a year it promises. */
export function cadenceWords({ t }: Pick<Translator, 't'>, contract: Contract): string {
  const cadence = contract.inspection.cadence;
  if (!cadence) return t('period.cadence.none', { perYear: contract.inspection.perYear });
  const modes = cadence.modes.map((m) => t(`period.mode.${m}`)).join(t('period.cadence.or'));
  return t('period.cadence.every', { unit: t(`period.unit.${cadence.every}`), modes });
}
