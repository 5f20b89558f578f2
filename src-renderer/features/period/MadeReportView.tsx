/** A filed periodic report: its number and file, shown in a frame, saved as a copy, its tables as .xlsx. */
import { useEffect, useState } from 'react';
import type { ReportCreated } from '../../../src-shared/report/model';
import type { PeriodReportInput } from '../../../src-shared/report/period-report';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { downloadPdf, viewPdf } from '../signoff/pdf-actions';
import { exportReportWorkbook, readReportPdf } from './report-actions';

export function MadeReportView({ created, input, name, testId }: { created: ReportCreated; input: () => PeriodReportInput; name: string; testId: string }) {
  const tr = useT();
  const { t, locale } = tr;
  const [viewUrl, setViewUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Under Electron the PDF opens in its own window (pdf-actions.ts): this says so.
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => () => {
    if (viewUrl) URL.revokeObjectURL(viewUrl);
  }, [viewUrl]);
  const guard = async (action: () => Promise<void>): Promise<void> => {
    setProblem(null);
    setNotice(null);
    try {
      await action();
    } catch (e) {
      setProblem(describeError(locale, e));
    }
  };
  const base = `${name}_${created.reportNumber}`.replace(/[\\/:*?"<>|]/g, '_');
  return (
    <div className="made-report" data-testid={testId} data-report-number={created.reportNumber}>
      <p>
        {t('period.reports.made', { number: created.reportNumber, size: Math.max(1, Math.round(created.size / 1024)) })} <code data-testid={`${testId}-path`}>{created.path}</code>
      </p>
      <div className="actions">
        <button type="button" onClick={() =>
            void guard(async () => {
              const shown = await viewPdf(tr, { kind: 'report', locator: { hospitalId: created.hospitalId, month: created.month, reportNumber: created.reportNumber } });
              if (shown.kind === 'frame') setViewUrl(shown.url);
              else setNotice(shown.message);
            })
          } data-testid={`${testId}-open`}>
          {t('period.reports.open')}
        </button>
        <button type="button" onClick={() => void guard(async () => downloadPdf(`${base}.pdf`, await readReportPdf(created)))} data-testid={`${testId}-save`}>
          {t('period.reports.save')}
        </button>
        <button type="button" onClick={() => void guard(() => exportReportWorkbook(input(), `${base}.xlsx`))} data-testid={`${testId}-xlsx`}>
          {t('period.reports.xlsx')}
        </button>
      </div>
      {problem && <p className="banner error" role="alert">{problem}</p>}
      {notice && (
        <p className="banner info" role="status">
          {notice}
        </p>
      )}
      {viewUrl && <iframe className="report-frame" title={t('period.reports.frame', { number: created.reportNumber })} src={viewUrl} />}
    </div>
  );
}
