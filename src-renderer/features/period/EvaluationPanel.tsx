/**
 * Seed 004's 附件1 for the quarter holding the chosen window (issue 12 point 3): computed from the
 * records (both evaluators' spot-check pass rate and grade, adverse events, responses and handling
 * over an hour with the deduction, notice failures by level), what the records lack named plainly,
 * then the two evaluators confirm it by signing by hand, and the signed 评价报告 is made and filed.
 */
import { useMemo, useState } from 'react';
import { evaluateAnnex004 } from '../../../src-shared/period/annex-004';
import type { Annex004Result, EvaluationGap, PeriodWindow } from '../../../src-shared/period/types';
import { contractWindows, windowOf } from '../../../src-shared/period/windows';
import { useT } from '../../i18n/i18n';
import { EvaluationSign } from './EvaluationSign';
import type { PeriodData } from './use-period';
import { windowLongLabel } from './window-label';

const pct = (n: number | null): string => (n === null ? '—' : `${Math.round(n * 10) / 10}%`);

function GapText({ gap, systemName }: { gap: EvaluationGap; systemName: (id: string) => string }) {
  const { t } = useT();
  switch (gap.code) {
    case 'no_spot_checks':
      return <>{t('period.eval.gap.no_spot_checks', { who: t(`period.eval.evaluator.${gap.evaluator}`) })}</>;
    case 'no_written_report':
      return <>{t('period.eval.gap.no_written_report', { ref: gap.reference })}</>;
    case 'unclassified':
      return <>{t('period.eval.gap.unclassified', { ref: gap.reference })}</>;
    case 'no_fee':
      return <>{t('period.eval.gap.no_fee', { system: gap.systemId === undefined ? t('period.eval.contractSum') : systemName(gap.systemId) })}</>;
  }
}

export function EvaluationFigures({ result, data }: { result: Annex004Result; data: PeriodData }) {
  const { t, l } = useT();
  const levelName = (id: string): string => {
    const level = data.contract.faultLevels.find((f) => f.id === id);
    return level ? l(level.name) : id;
  };
  const systemName = (id: string): string => {
    const system = data.contract.systems.find((s) => s.id === id);
    return system ? l(system.name) : id;
  };
  // Records without a written-report time are not counted in the hour figures: said beside the count, not only in the gaps.
  const unwritten = result.gaps.filter((g) => g.code === 'no_written_report').length;
  return (
    <>
      <p data-testid="eval-grade" data-grade={result.grade ?? 'none'} role="status">
        <strong>{t('report.pdf.labelValue', { label: t('period.eval.grade'), value: '' })}</strong>
        {result.grade ? t(`period.eval.grade.${result.grade}`) : t('period.eval.grade.none')}
      </p>
      <div className="figures">
        {result.sections.map((s) => (
          <div className="figure" key={s.evaluator} data-testid={`eval-section-${s.evaluator}`} data-percent={s.percent ?? 'none'}>
            <span className="muted">{t(`period.eval.evaluator.${s.evaluator}`)}</span>
            <strong>{pct(s.percent)}</strong>
            {t('period.eval.rate', { passed: s.passed, checked: s.checked })}
            <div>{t('period.eval.rateGrade', { grade: s.rateGrade ? t(`period.eval.grade.${s.rateGrade}`) : '—' })}</div>
            <div>{t('period.eval.adverseGrade', { grade: t(`period.eval.grade.${s.adverseGrade}`) })}</div>
          </div>
        ))}
        <div className="figure" data-testid="eval-adverse" data-count={result.adverseEvents}>
          <span className="muted">{t('period.eval.adverse')}</span>
          <strong>{result.adverseEvents}</strong>
        </div>
        <div className="figure" data-testid="eval-late" data-responses={result.late.responses} data-resolutions={result.late.resolutions}>
          <span className="muted">{t('period.eval.late')}</span>
          <strong>{result.late.responses + result.late.resolutions}</strong>
          {t('period.eval.lateDetail', { responses: result.late.responses, resolutions: result.late.resolutions, percent: result.late.deductionPercent })}
          {result.late.deductionAmount !== undefined && <div>{t('period.eval.amount', { amount: result.late.deductionAmount.toFixed(2) })}</div>}
          {unwritten > 0 && <div data-testid="eval-late-uncounted">{t('period.eval.lateUncounted', { n: unwritten })}</div>}
        </div>
      </div>
      <h3>{t('period.eval.notice')}</h3>
      {result.noticeFailures.length === 0 ? (
        <p className="muted" data-testid="eval-notice-none">{t('period.eval.noticeNone')}</p>
      ) : (
        <table className="register" data-testid="eval-notice">
          <thead>
            <tr>
              <th scope="col">{t('period.eval.level')}</th>
              <th scope="col">{t('period.eval.system')}</th>
              <th scope="col">{t('period.eval.count')}</th>
              <th scope="col">{t('period.eval.deduction')}</th>
            </tr>
          </thead>
          <tbody>
            {result.noticeFailures.map((n) => (
              <tr key={`${n.levelId}|${n.systemId}`}>
                <td>{levelName(n.levelId)}</td>
                <td>{n.systemId === undefined ? t('period.eval.contractWide') : systemName(n.systemId)}</td>
                <td>{n.count}</td>
                <td>
                  {t('period.eval.percentEach', { percent: n.percent })}
                  {n.amount !== undefined && ` · ${t('period.eval.amount', { amount: n.amount.toFixed(2) })}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.gaps.length > 0 && (
        <div className="banner warn" data-testid="eval-gaps" data-count={result.gaps.length}>
          <strong>{t('period.eval.gaps')}</strong>
          <ul>
            {result.gaps.map((g, i) => (
              <li key={i}>
                <GapText gap={g} systemName={systemName} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

export function EvaluationPanel({ data, window, asOf }: { data: PeriodData; window: PeriodWindow; asOf: string }) {
  const tr = useT();
  const { t } = tr;
  const annex = data.contract.evaluation.annex004;
  const quarter = annex ? windowOf(contractWindows(data.contract, annex.every), window.start) : undefined;
  const [now] = useState(asOf);
  const result = useMemo(
    () =>
      quarter
        ? evaluateAnnex004({ contract: data.contract, inspections: data.inspections, services: data.services, calendar: data.calendar, window: quarter, asOf: now })
        : undefined,
    [data, quarter, now],
  );
  if (!annex || !quarter || !result) return null;
  return (
    <section className="panel" id="evaluation" data-testid="evaluation">
      <h2>{t('period.eval.title')}</h2>
      <p className="muted">{windowLongLabel(tr, quarter)}</p>
      <EvaluationFigures result={result} data={data} />
      <EvaluationSign data={data} window={quarter} asOf={now} evaluators={annex.evaluators} />
    </section>
  );
}
