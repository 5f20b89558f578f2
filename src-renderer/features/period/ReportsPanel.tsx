/**
 * The periodic reports of the chosen window (issue 12 points 4 and 6): the ones the contract's
 * deliverables name for windows of this size, and a period summary for any window. Each is made
 * from the records as they are, signed and filed by the main process, then opened, saved or
 * exported to .xlsx. The 004 evaluation report is made in the evaluation panel, after its signatures.
 */
import { useState } from 'react';
import type { PeriodReportKind } from '../../../src-shared/catalog/period-schema';
import type { PeriodWindow } from '../../../src-shared/period/types';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { MadeReportView } from './MadeReportView';
import { makeAndFileReport, type MadeReport } from './report-actions';
import { useEngineer } from './use-journaled-text';
import type { PeriodData } from './use-period';

interface Offer {
  kind: PeriodReportKind;
  deliverableId?: string;
}

export function reportOffers(data: PeriodData, window: PeriodWindow): Offer[] {
  const fromContract = data.contract.deliverables.flatMap((d): Offer[] =>
    d.source.kind === 'report' && d.source.report !== 'evaluation_004' && d.every === window.unit ? [{ kind: d.source.report, deliverableId: d.id }] : [],
  );
  return [...fromContract, { kind: 'period_summary' }];
}

function OfferRow({ offer, data, window, asOf }: { offer: Offer; data: PeriodData; window: PeriodWindow; asOf: string }) {
  const tr = useT();
  const { t, l, locale } = tr;
  const [made, setMade] = useState<MadeReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const engineer = useEngineer((s) => s.name).trim();
  const request = { data, kind: offer.kind, window, asOf, engineer, ...(offer.deliverableId ? { deliverableId: offer.deliverableId } : {}) };
  const make = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      setMade(await makeAndFileReport(tr, request));
    } catch (e) {
      setProblem(describeError(locale, e));
    } finally {
      setBusy(false);
    }
  };
  const name = `${l(data.hospital.name)}_${t(`period.reports.kind.${offer.kind}`)}_${window.start}_${window.end}`;
  return (
    <li className="panel" data-testid={`report-${offer.kind}`}>
      <h3>{t(`period.reports.kind.${offer.kind}`)}</h3>
      <p className="muted">{t(`period.reports.about.${offer.kind}`)}</p>
      <button type="button" className="primary" disabled={busy || engineer === ''} onClick={() => void make()} data-testid={`make-report-${offer.kind}`}>
        {busy ? t('period.reports.making') : made ? t('period.reports.remake') : t('period.reports.make')}
      </button>
      {problem && <p className="banner error" role="alert" data-testid={`report-problem-${offer.kind}`}>{problem}</p>}
      {made && <MadeReportView created={made.created} input={() => made.input} name={name} testId={`made-${offer.kind}`} />}
    </li>
  );
}

export function ReportsPanel({ data, window, asOf }: { data: PeriodData; window: PeriodWindow; asOf: string }) {
  const { t } = useT();
  return (
    <section data-testid="reports">
      <h2>{t('period.reports.title')}</h2>
      <ul className="cards">
        {reportOffers(data, window).map((offer) => (
          <OfferRow key={offer.kind} offer={offer} data={data} window={window} asOf={asOf} />
        ))}
      </ul>
    </section>
  );
}
