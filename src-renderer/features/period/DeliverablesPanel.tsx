/**
 * The deliverables register of the chosen window (issue 12 point 2): each thing the contract wants
 * handed in, made by the app, attached as a file, satisfied by the window's signed inspection
 * reports, or marked not applicable with a reason; what is still missing is counted. A refused
 * file (not what it claims, too large) is named in the user's language and nothing changes.
 */
import { useState } from 'react';
import { DeliverableMime, DELIVERABLE_LIMITS } from '../../../src-shared/period/deliverable';
import type { PeriodWindow } from '../../../src-shared/period/types';
import { repositories } from '../../db';
import { StoreError } from '../../db/store-error';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { LimitedTextArea } from '../../ui/LimitedText';
import { downloadBlob, downloadPdf } from '../signoff/pdf-actions';
import { chinaDate } from '../../../src-shared/period/windows';
import { registerRows, type RegisterRow } from './deliverable-rows';
import { RevisionHistory, StateWords } from './DeliverableState';
import { makeAndFileReport, readReportPdf } from './report-actions';
import { useEngineer, useJournaledText } from './use-journaled-text';
import type { PeriodData } from './use-period';
import { windowLabel } from './window-label';

const ACCEPT = DeliverableMime.options.join(',');

/**
 * The store refuses an over-long file name with its generic `too_long` (the same code as a long
 * text); said that way the engineer looks for text to shorten. Here it can only be the file's
 * name (the engineer's name is held to its limit by its field), so say so and how to fix it.
 */
function attachProblem(tr: ReturnType<typeof useT>, error: unknown, name: string): string {
  const length = name.trim().length;
  if (error instanceof StoreError && error.code === 'too_long' && length > DELIVERABLE_LIMITS.fileName) {
    return tr.t('period.deliv.nameTooLong', { length, max: DELIVERABLE_LIMITS.fileName });
  }
  return describeError(tr.locale, error);
}

/** 撤回 asks first, in the page: a mark taken back by a slip would count the deliverable as missing. */
function WithdrawButton({ name, disabled, onWithdraw, testId }: { name: string; disabled: boolean; onWithdraw: () => void; testId: string }) {
  const { t } = useT();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" disabled={disabled} onClick={() => setAsking(true)} data-testid={`withdraw-${testId}`}>
        {t('period.deliv.withdraw')}
      </button>
    );
  }
  return (
    <div className="withdraw-confirm" role="alertdialog" aria-labelledby={`withdraw-q-${testId}`} data-testid={`withdraw-confirm-${testId}`}>
      <p id={`withdraw-q-${testId}`}>{t('period.deliv.withdrawConfirm', { name })}</p>
      <button
        type="button"
        className="withdraw-yes"
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onWithdraw();
        }}
        data-testid={`withdraw-yes-${testId}`}
      >
        {t('period.deliv.withdrawYes')}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)} autoFocus data-testid={`withdraw-no-${testId}`}>
        {t('period.deliv.withdrawNo')}
      </button>
    </div>
  );
}

function NotApplicable({ row, data, onDone }: { row: RegisterRow; data: PeriodData; onDone: (problem: string | null) => void }) {
  const { t, locale } = useT();
  const by = useEngineer((s) => s.name);
  const reason = useJournaledText(`period.na|${data.contract.id}|${row.deliverable.id}|${row.window.start}`);
  const [open, setOpen] = useState(reason.value !== '');
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} data-testid={`na-${row.deliverable.id}`}>
        {t('period.deliv.markNa')}
      </button>
    );
  }
  const save = async (): Promise<void> => {
    try {
      await repositories().deliverables.markNotApplicable({ contract: data.contract, deliverableId: row.deliverable.id, window: row.window, reason: reason.value, by });
      reason.done();
      setOpen(false);
      onDone(null);
    } catch (e) {
      onDone(describeError(locale, e));
    }
  };
  return (
    <div className="na-form">
      <label>
        {t('period.deliv.reason')}
        <LimitedTextArea
          value={reason.value}
          max={DELIVERABLE_LIMITS.reason}
          onChange={(e) => reason.set(e.target.value)}
          data-testid={`na-reason-${row.deliverable.id}`}
          counterId={`na-counter-${row.deliverable.id}`}
        />
      </label>
      <button type="button" className="primary" disabled={reason.value.trim() === '' || by.trim() === ''} onClick={() => void save()} data-testid={`na-save-${row.deliverable.id}`}>
        {t('period.deliv.saveNa')}
      </button>
    </div>
  );
}

function Row({ row, data, asOf }: { row: RegisterRow; data: PeriodData; asOf: string }) {
  const tr = useT();
  const { t, l, locale } = tr;
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const engineer = useEngineer((s) => s.name).trim();
  const by = (): string => engineer;
  const run = async (action: () => Promise<unknown>, describe: (e: unknown) => string = (e) => describeError(locale, e)): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      await action();
    } catch (e) {
      setProblem(describe(e));
    } finally {
      setBusy(false);
    }
  };
  const { deliverable, entry } = row;
  const source = deliverable.source;
  const attach = (file: File | undefined): void => {
    if (!file) return;
    void run(
      () => repositories().deliverables.attach({ contract: data.contract, deliverableId: deliverable.id, window: row.window, file, name: file.name, by: by() }),
      (e) => attachProblem(tr, e, file.name),
    );
  };
  const current = entry?.current.value;
  return (
    <tr data-testid={`deliverable-${deliverable.id}`} data-done={row.done ? 'yes' : 'no'}>
      <th scope="row">
        {l(deliverable.name)}
        <div className="muted">
          {windowLabel(tr, row.window)}
          {deliverable.ifAny && ` · ${t('period.deliv.ifAny')}`}
        </div>
      </th>
      <td>
        <StateWords row={row} />
        {entry && <RevisionHistory entry={entry} />}
      </td>
      <td>
        <div className="actions">
          {source.kind === 'report' && source.report === 'evaluation_004' && (
            <button type="button" disabled={busy} onClick={() => document.getElementById('evaluation')?.scrollIntoView()} data-testid={`make-${deliverable.id}`}>
              {t('period.deliv.toEvaluation')}
            </button>
          )}
          {source.kind === 'report' && source.report !== 'evaluation_004' && (
            <button
              type="button"
              disabled={busy || engineer === ''}
              data-testid={`make-${deliverable.id}`}
              onClick={() => void run(() => makeAndFileReport(tr, { data, kind: source.report, window: row.window, asOf, deliverableId: deliverable.id, engineer }))}
            >
              {busy ? t('period.deliv.making') : current?.state === 'produced' ? t('period.deliv.remake') : t('period.deliv.make')}
            </button>
          )}
          {source.kind === 'file' && (
            <label className="button">
              {t('period.deliv.attach')}
              <input type="file" accept={ACCEPT} hidden disabled={busy || engineer === ''} onChange={(e) => { attach(e.target.files?.[0]); e.target.value = ''; }} data-testid={`attach-${deliverable.id}`} />
            </label>
          )}
          {current?.state === 'produced' && (
            <button
              type="button"
              onClick={() => void run(async () => downloadPdf(`${l(deliverable.name)}_${current.report.reportNumber}.pdf`, await readReportPdf(current.report)))}
              data-testid={`open-report-${deliverable.id}`}
            >
              {t('period.deliv.openReport')}
            </button>
          )}
          {current?.state === 'attached' && entry && (
            <button type="button" onClick={() => void run(async () => downloadBlob(current.name, await repositories().deliverables.readFile(entry.id)))}>
              {t('period.deliv.open')}
            </button>
          )}
          {(current === undefined || current.state === 'withdrawn') && !row.done && <NotApplicable row={row} data={data} onDone={setProblem} />}
          {current !== undefined && current.state !== 'withdrawn' && entry && (
            <WithdrawButton
              name={l(deliverable.name)}
              disabled={busy || engineer === ''}
              onWithdraw={() => void run(() => repositories().deliverables.withdraw({ entryId: entry.id, by: by() }))}
              testId={deliverable.id}
            />
          )}
        </div>
        {problem && <p className="field-error" role="alert" data-testid={`deliv-problem-${deliverable.id}`}>{problem}</p>}
      </td>
    </tr>
  );
}

export function DeliverablesPanel({ data, window, asOf }: { data: PeriodData; window: PeriodWindow; asOf: string }) {
  const { t } = useT();
  const rows = registerRows(data.contract, data.deliverables, data.inspections, window);
  if (rows.length === 0) {
    return (
      <section className="panel" data-testid="deliverables">
        <h2>{t('period.deliv.title')}</h2>
        <p className="muted">{t('period.deliv.none')}</p>
      </section>
    );
  }
  const missing = rows.filter((r) => !r.done);
  // Each deliverable has its own window (the month's report, the quarter's visit, the year's summary): the soonest due is named.
  const soonest = missing.map((r) => r.window.end).sort()[0] ?? window.end;
  const today = chinaDate(asOf);
  return (
    <section className="panel" data-testid="deliverables">
      <h2>{t('period.deliv.title')}</h2>
      <p data-testid="deliverables-missing" data-count={missing.length} role="status">
        {missing.length === 0 ? t('period.deliv.allIn') : t(today > soonest ? 'period.deliv.missingOver' : 'period.deliv.missing', { count: missing.length, end: soonest })}
      </p>
      <table className="register">
        <thead>
          <tr>
            <th scope="col">{t('period.deliv.what')}</th>
            <th scope="col">{t('period.deliv.state')}</th>
            <th scope="col">{t('period.deliv.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row key={row.deliverable.id} row={row} data={data} asOf={asOf} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
