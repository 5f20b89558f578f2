/**
 * A signed inspection's report. The main process makes, signs and files the PDF; this panel asks
 * for it once after signing (and again on request if that failed: the signatures are safe in the
 * store either way), then lets the engineer view, print and save a copy.
 */
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { ReportLocator } from '../../../src-shared/report/model';
import { repositories } from '../../db';
import type { ReportFileRow } from '../../db/rows';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { invoke } from '../../platform/invoke';
import type { Session } from '../inspection/session';
import { isKeyUnreadable, KeyRecoveryLink } from '../about/KeySection';
import { downloadPdf, openWithSystem, pdfSupport, printPdf, viewPdf, type PdfShown } from './pdf-actions';
import { printPhoto } from './print-photo';
import { checkedReport, describeReportError } from './report-check';
import { reportVerdicts } from './verdict-labels';

const locatorOf = (row: ReportFileRow): ReportLocator => ({ hospitalId: row.hospitalId, month: row.month, reportNumber: row.reportNumber });

export function ReportPanel({ session }: { session: Session }) {
  const tr = useT();
  const { t, locale } = tr;
  const { inspection } = session;
  const [report, setReport] = useState<ReportFileRow | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Signing failed because the OS cannot open the key: the message links to the way back.
  const [keyProblem, setKeyProblem] = useState(false);
  const [viewUrl, setViewUrl] = useState<string | null>(null);
  // Under Electron the shell shows the PDF (pdf-actions.ts): this says where it went.
  const [notice, setNotice] = useState<string | null>(null);
  const [systemViewer, setSystemViewer] = useState(false);

  const create = useCallback(async (): Promise<void> => {
    const signoff = inspection.signoff;
    if (!signoff) return;
    setBusy(true);
    setProblem(null);
    try {
      const repos = repositories();
      const signatures = await repos.signoff.signatures(inspection.id);
      const input = await checkedReport(tr, { inspection: { ...inspection, signoff }, session, signatures }, printPhoto);
      const created = await invoke('report.create', input);
      const row: ReportFileRow = {
        inspectionId: inspection.id,
        hospitalId: created.hospitalId,
        month: created.month,
        reportNumber: created.reportNumber,
        path: created.path,
        sha256: created.sha256,
        size: created.size,
        createdAt: new Date().toISOString(),
        replaced: created.replaced,
      };
      await repos.signoff.saveReport(row);
      setReport(row);
    } catch (e) {
      setProblem(describeReportError(tr, e));
      setKeyProblem(isKeyUnreadable(e));
    } finally {
      setBusy(false);
    }
    // tr changes identity every render; the locale is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [inspection, session, locale]);

  useEffect(() => {
    let live = true;
    void repositories()
      .signoff.report(inspection.id)
      .then((row) => {
        if (!live) return;
        setReport(row ?? null);
        if (!row) void create();
      });
    return () => {
      live = false;
    };
  }, [inspection.id, create]);

  useEffect(() => () => {
    if (viewUrl) URL.revokeObjectURL(viewUrl);
  }, [viewUrl]);

  useEffect(() => {
    let live = true;
    void pdfSupport().then((s) => live && setSystemViewer(s.supported));
    return () => {
      live = false;
    };
  }, []);

  async function withPdf(action: (source: { kind: 'report'; locator: ReportLocator }) => Promise<void>): Promise<void> {
    if (!report) return;
    setProblem(null);
    setNotice(null);
    try {
      await action({ kind: 'report', locator: locatorOf(report) });
    } catch (e) {
      setProblem(describeError(locale, e));
    }
  }

  const show = (shown: PdfShown): void => (shown.kind === 'frame' ? setViewUrl(shown.url) : setNotice(shown.message));

  async function saveCopy(): Promise<void> {
    if (!report) return;
    setProblem(null);
    try {
      const result = await invoke('report.saveCopy', { ...locatorOf(report), locale, hospital: tr.l(session.hospital.name), completedAt: inspection.completedAt ?? report.createdAt });
      if (result.kind === 'download') downloadPdf(result.fileName, result.pdfBase64);
    } catch (e) {
      setProblem(describeError(locale, e));
    }
  }

  const signoff = inspection.signoff;
  return (
    <section className="report-panel" data-testid="report-panel">
      <h2>{t('report.panel.title')}</h2>
      {signoff && (
        <dl className="facts">
          <dt>{t('report.panel.number')}</dt>
          <dd data-testid="report-number">{signoff.reportNumber}</dd>
          <dt>{t('sign.hash')}</dt>
          <dd>
            <code data-testid="signed-hash">{signoff.hash}</code>
          </dd>
          <dt>{t('report.panel.signedAt')}</dt>
          <dd>{new Date(signoff.signedAt).toLocaleString(locale)}</dd>
          {inspection.mode && (
            <>
              <dt>{t('report.pdf.mode')}</dt>
              <dd data-testid="report-mode">{t(`insp.mode.${inspection.mode}`)}</dd>
            </>
          )}
          {signoff.rating && (
            <>
              <dt>{t('sign.rating')}</dt>
              <dd>{t(`sign.rating.${signoff.rating.value}`)}</dd>
            </>
          )}
          {reportVerdicts(tr, session.contract, signoff.verdicts ?? []).map((v, i) => (
            <Fragment key={i}>
              <dt>{v.label}</dt>
              <dd className={v.bad ? 'bad' : undefined} data-testid={`report-verdict-${signoff.verdicts![i]!.role}`}>
                {v.value}
              </dd>
            </Fragment>
          ))}
          {signoff.verdictComment && (
            <>
              <dt>{t('report.pdf.verdictComment')}</dt>
              <dd>{signoff.verdictComment}</dd>
            </>
          )}
          {report && (
            <>
              <dt>{t('report.panel.file')}</dt>
              <dd>
                <code data-testid="report-path">{report.path}</code> · {Math.round(report.size / 1024)} KB
              </dd>
            </>
          )}
        </dl>
      )}
      <p className="banner info">{t('report.panel.locked')}</p>
      {report && report.replaced.length > 0 && (
        <p className="banner warn" data-testid="report-replaced">
          {t('report.panel.replaced', { chars: report.replaced.map((r) => `${r.char} (${r.codePoint})`).join('、') })}
        </p>
      )}
      {busy && <p className="muted" data-testid="report-busy">{t('report.panel.creating')}</p>}
      {problem && (
        <p className="banner error" role="alert" data-testid="report-problem">
          {problem} {keyProblem && <KeyRecoveryLink />}
        </p>
      )}
      <div className="actions">
        {report ? (
          <>
            <button type="button" onClick={() => void withPdf(async (source) => show(await viewPdf(tr, source)))} data-testid="report-view">
              {t('report.panel.view')}
            </button>
            <button type="button" onClick={() => void withPdf(async (source) => setNotice(await printPdf(tr, source)))} data-testid="report-print">
              {t('report.panel.print')}
            </button>
            {systemViewer && (
              <button type="button" onClick={() => void withPdf(async (source) => setNotice(await openWithSystem(tr, source)))} data-testid="report-system">
                {t('pdfview.openSystem')}
              </button>
            )}
            <button type="button" className="primary" onClick={() => void saveCopy()} data-testid="report-save">
              {t('report.panel.save')}
            </button>
          </>
        ) : (
          report === null &&
          !busy && (
            <button type="button" className="primary" onClick={() => void create()} data-testid="report-retry">
              {t('report.panel.retry')}
            </button>
          )
        )}
      </div>
      {notice && (
        <p className="banner info" role="status" data-testid="pdf-notice">
          {notice}
        </p>
      )}
      {viewUrl && <iframe className="pdf-view" src={viewUrl} title={t('report.panel.title')} data-testid="report-frame" />}
    </section>
  );
}
