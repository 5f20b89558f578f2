/**
 * A contract's dashboard from its period data: the plan, the period's figures up to now, the
 * register's missing deliverables over every window that has begun, and 附件1 for the quarter now
 * running. Pure, so the dashboard computes exactly what the periodic reports print.
 */
import { evaluateAnnex004 } from '../../../src-shared/period/annex-004';
import { periodFigures } from '../../../src-shared/period/figures';
import { planContract } from '../../../src-shared/period/plan';
import { chinaDate, contractWindows, windowOf } from '../../../src-shared/period/windows';
import type { Translator } from '../../i18n/i18n';
import { registerRows } from '../period/deliverable-rows';
import type { PeriodData } from '../period/use-period';
import type { ChartSpec } from './ChartCard';
import { deliverablesSpec, faultsSpec, findingsSpec, followUpSpec, gradeSpec, lateSpec, planSpec, slaSpec } from './chart-specs';

export function missingDeliverables(tr: Pick<Translator, 'l'>, data: PeriodData, today: string): { name: string; missing: number; due: number }[] {
  const { contract } = data;
  return contract.deliverables.map((d) => {
    const begun = contractWindows(contract, d.every).filter((w) => w.start <= today);
    let missing = 0;
    for (const w of begun) {
      const row = registerRows({ ...contract, deliverables: [d] }, data.deliverables, data.inspections, w).find((r) => r.deliverable.id === d.id);
      if (row && !row.done) missing++;
    }
    return { name: tr.l(d.name), missing, due: begun.length };
  });
}

export function dashboardSpecs(tr: Translator, data: PeriodData, asOf: string): { charts: ChartSpec[]; scope: string; problem?: string } {
  const { contract, assets, inspections, services, calendar, templateNames } = data;
  const today = chinaDate(asOf);
  const plan = planContract({ contract, assets, inspections, asOf, templateNames });
  // The period so far: a finished contract to its end, a running one to today.
  const end = today < contract.period.end ? (today < contract.period.start ? contract.period.start : today) : contract.period.end;
  const figures = periodFigures({ contract, assets, inspections, services, calendar, window: { start: contract.period.start, end }, asOf });
  // Said in the sentences: the office's dashboard counts one window, this one the contract so far.
  const scope = { start: contract.period.start, end };
  const charts = [
    planSpec(tr, plan),
    lateSpec(tr, plan, scope),
    findingsSpec(tr, contract, figures, templateNames),
    faultsSpec(tr, contract, figures),
    slaSpec(tr, figures),
    followUpSpec(tr, figures),
    deliverablesSpec(tr, missingDeliverables(tr, data, today), scope),
  ];
  const annex = contract.evaluation.annex004;
  const quarter = annex ? windowOf(contractWindows(contract, annex.every), today) : undefined;
  if (quarter) charts.push(gradeSpec(tr, evaluateAnnex004({ contract, inspections, services, calendar, window: quarter, asOf })));
  const problem =
    plan.problem?.code === 'no_cadence'
      ? tr.t('period.plan.noCadence', { perYear: contract.inspection.perYear })
      : plan.problem?.code === 'outside_period'
        ? tr.t('period.plan.outside', { asOf: plan.problem.asOf, start: plan.problem.start, end: plan.problem.end })
        : undefined;
  return { charts, scope: tr.t('period.dash.scope', scope), ...(problem ? { problem } : {}) };
}
