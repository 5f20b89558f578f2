/**
 * The evaluators' confirmation of 附件1: each evaluator (使用科室, 信息中心) types their name and
 * signs by hand on the device; then the signed 评价报告 is made from the records as they are, filed,
 * and marked produced in the register. The names are kept in the typing journal until the report
 * is filed, so a reload loses nothing typed (the ink must be drawn again, as in the sign-off).
 */
import { useState } from 'react';
import type { PeriodWindow } from '../../../src-shared/period/types';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { SignaturePadField, type InkValue } from '../signoff/SignaturePadField';
import { MadeReportView } from './MadeReportView';
import { makeAndFileReport, type EvaluatorSignatures, type MadeReport } from './report-actions';
import { useEngineer, useJournaledText } from './use-journaled-text';
import type { PeriodData } from './use-period';

type Evaluator = 'department' | 'it_office';

type Journaled = ReturnType<typeof useJournaledText>;

function EvaluatorBox({ who, name, onInk }: { who: Evaluator; name: Journaled; onInk: (ink: InkValue | null) => void }) {
  const { t } = useT();
  return (
    <div className="panel" data-testid={`evaluator-${who}`}>
      <h3>{t(`period.eval.evaluator.${who}`)}</h3>
      <label>
        {t('period.eval.signerName')}
        <input value={name.value} maxLength={40} onChange={(e) => name.set(e.target.value)} data-testid={`evaluator-name-${who}`} />
      </label>
      <SignaturePadField id={`eval-sign-${who}`} label={t('period.eval.signHere', { who: t(`period.eval.evaluator.${who}`) })} onChange={onInk} />
    </div>
  );
}

export function EvaluationSign({ data, window, asOf, evaluators }: { data: PeriodData; window: PeriodWindow; asOf: string; evaluators: readonly Evaluator[] }) {
  const tr = useT();
  const { t, l, locale } = tr;
  const journalKey = `period.eval|${data.contract.id}|${window.start}`;
  const [inks, setInks] = useState<Partial<Record<Evaluator, InkValue>>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [made, setMade] = useState<MadeReport | null>(null);
  const deliverable = data.contract.deliverables.find((d) => d.source.kind === 'report' && d.source.report === 'evaluation_004');
  const department = useJournaledText(`${journalKey}|department`);
  const itOffice = useJournaledText(`${journalKey}|it_office`);
  const names: Record<Evaluator, Journaled> = { department, it_office: itOffice };
  const engineer = useEngineer((s) => s.name).trim();
  const ready = engineer !== '' && evaluators.every((who) => inks[who] !== undefined && names[who].value.trim() !== '');
  const sign = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      const signatures: EvaluatorSignatures = evaluators.map((who) => {
        const ink = inks[who]!;
        return { role: who, name: names[who].value.trim(), signedAt: ink.at, pngBase64: ink.png.slice(ink.png.indexOf(',') + 1) };
      });
      const result = await makeAndFileReport(tr, {
        data,
        kind: 'evaluation_004',
        window,
        asOf,
        engineer,
        signatures,
        ...(deliverable ? { deliverableId: deliverable.id } : {}),
      });
      // Filed: the typed names have done their work.
      for (const who of evaluators) names[who].done();
      setMade(result);
    } catch (e) {
      setProblem(describeError(locale, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="evaluation-sign">
      <h3>{t('period.eval.confirm')}</h3>
      <p className="muted">{t('period.eval.confirmNote')}</p>
      <div className="evaluators">
        {evaluators.map((who) => (
          <EvaluatorBox key={who} who={who} name={names[who]} onInk={(ink) => setInks((all) => ({ ...all, [who]: ink ?? undefined }))} />
        ))}
      </div>
      <p>
        <button type="button" className="primary" disabled={!ready || busy} onClick={() => void sign()} data-testid="eval-sign-make">
          {busy ? t('period.reports.making') : t('period.eval.signAndMake')}
        </button>
      </p>
      {problem && <p className="banner error" role="alert" data-testid="eval-problem">{problem}</p>}
      {made && <MadeReportView created={made.created} input={() => made.input} name={`${l(data.hospital.name)}_${t('period.reports.kind.evaluation_004')}_${window.start}`} testId="made-evaluation_004" />}
    </div>
  );
}
