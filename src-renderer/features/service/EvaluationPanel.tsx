/**
 * Seed 004's 附件1 on a service record: the user department's and the IT centre's spot checks
 * (服务效果抽查, 合格/不合格 on the handled record) and the assessment (恶性事件; failure caused by
 * the vendor not giving notice) with its reason. Shown where the contract's evaluation has 附件1,
 * or where the record already carries such events. Each save is a new event through the record's
 * repository; the latest per evaluator and the latest assessment are what the quarter counts.
 */
import { useForm } from 'react-hook-form';
import type { Contract } from '../../../src-shared/catalog/reference';
import type { ServiceState } from '../../../src-shared/service/fold';
import { Evaluator, SERVICE_LIMITS } from '../../../src-shared/service/record';
import { repositories } from '../../db';
import type { ServiceRecordRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { writer } from './steps';
import { Problems, useWrite } from './use-append';


interface SpotValues {
  evaluator: string;
  result: string;
  note: string;
}

function SpotChecks({ row, state }: { row: ServiceRecordRow; state: ServiceState }) {
  const { t, locale } = useT();
  const { run, busy, problems } = useWrite();
  const form = useForm<SpotValues>({ defaultValues: { evaluator: '', result: '', note: '' } });
  const { register, handleSubmit, formState, reset } = form;
  const when = (iso: string): string => new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  const onSubmit = handleSubmit(async (v) => {
    const evaluator = Evaluator.parse(v.evaluator);
    const result = v.result === 'fail' ? 'fail' : 'pass';
    const ok = await run(() => repositories().serviceRecords.spotCheck(row.id, { evaluator, result, note: v.note.trim() }, writer(row.record.createdBy)));
    if (ok) reset({ evaluator: '', result: '', note: '' });
  });
  const chosen = (message: string) => (v: string): true | string => v !== '' || message;

  return (
    <div data-testid="spot-checks">
      <h3>{t('svc.eval.spotCheck')}</h3>
      <ul className="follow-ups">
        {Evaluator.options.map((ev) => {
          const check = state.spotChecks[ev];
          return (
            <li key={ev} data-testid={`spot-latest-${ev}`} data-result={check?.result ?? ''}>
              <strong>{t(`svc.eval.evaluator.${ev}`)}</strong>
              {t('svc.eval.colon')}
              {check ? t('svc.eval.latest', { result: t(`svc.eval.result.${check.result}`), by: check.by, time: when(check.recordedAt) }) : <span className="muted">{t('svc.eval.none')}</span>}
              {check?.note && <div className="note-read">{check.note}</div>}
            </li>
          );
        })}
      </ul>
      {state.status === 'open' ? (
        <p className="muted" data-testid="spot-not-resolved">
          {t('svc.eval.notResolved')}
        </p>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <fieldset className="ratings">
            <legend>{t('svc.eval.evaluator')}</legend>
            {Evaluator.options.map((ev) => (
              <label key={ev} className="check">
                <input type="radio" value={ev} {...register('evaluator', { validate: chosen(t('svc.eval.evaluator')) })} data-testid={`spot-evaluator-${ev}`} />
                {t(`svc.eval.evaluator.${ev}`)}
              </label>
            ))}
          </fieldset>
          <fieldset className="ratings">
            <legend>{t('svc.eval.result')}</legend>
            {(['pass', 'fail'] as const).map((r) => (
              <label key={r} className="check">
                <input type="radio" value={r} {...register('result', { validate: chosen(t('svc.eval.result')) })} data-testid={`spot-result-${r}`} />
                {t(`svc.eval.result.${r}`)}
              </label>
            ))}
          </fieldset>
          <label className="wide">
            {t('svc.eval.note')}
            <input {...register('note')} maxLength={SERVICE_LIMITS.reason} data-testid="spot-note" />
          </label>
          {formState.errors.evaluator && <p className="field-error">{t('svc.form.required')}: {t('svc.eval.evaluator')}</p>}
          {formState.errors.result && <p className="field-error">{t('svc.form.required')}: {t('svc.eval.result')}</p>}
          <Problems problems={problems} testId="spot-problems" />
          <button type="submit" className="primary" disabled={busy} data-testid="spot-submit">
            {t('svc.eval.saveSpotCheck')}
          </button>
        </form>
      )}
    </div>
  );
}

interface AssessValues {
  adverseEvent: boolean;
  noticeFailure: boolean;
  reason: string;
}

function Assessment({ row, state }: { row: ServiceRecordRow; state: ServiceState }) {
  const { t, locale } = useT();
  const { run, busy, problems } = useWrite();
  const current = state.assessment;
  const form = useForm<AssessValues>({ defaultValues: { adverseEvent: current?.adverseEvent ?? false, noticeFailure: current?.noticeFailure ?? false, reason: '' } });
  const { register, handleSubmit, formState, reset } = form;
  const onSubmit = handleSubmit(async (v) => {
    const ok = await run(() => repositories().serviceRecords.assess(row.id, { adverseEvent: v.adverseEvent, noticeFailure: v.noticeFailure, reason: v.reason }, writer(row.record.createdBy)));
    if (ok) reset({ ...v, reason: '' });
  });

  return (
    <div data-testid="assessment">
      <h3>{t('svc.eval.assess')}</h3>
      {current && (
        <div className="assess-current" data-testid="assess-current" data-adverse={String(current.adverseEvent)} data-notice={String(current.noticeFailure)}>
          {t('svc.eval.assessed', {
            adverse: t(current.adverseEvent ? 'svc.eval.adverse.yes' : 'svc.eval.adverse.no'),
            notice: t(current.noticeFailure ? 'svc.eval.notice.yes' : 'svc.eval.notice.no'),
            by: current.by,
            time: new Date(current.recordedAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }),
          })}
          <div className="note-read">{current.reason}</div>
        </div>
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <label className="check">
          <input type="checkbox" {...register('adverseEvent')} data-testid="assess-adverse" />
          {t('svc.eval.adverse')}
        </label>
        <label className="check">
          <input type="checkbox" {...register('noticeFailure')} data-testid="assess-notice" />
          {t('svc.eval.notice')}
        </label>
        <label className="wide">
          {t('svc.eval.reason')}
          <textarea rows={2} {...register('reason', { validate: (v) => v.trim() !== '' || t('svc.eval.reasonRequired') })} maxLength={SERVICE_LIMITS.reason} data-testid="assess-reason" />
        </label>
        {formState.errors.reason?.message && <p className="field-error">{formState.errors.reason.message}</p>}
        <Problems problems={problems} testId="assess-problems" />
        <button type="submit" className="primary" disabled={busy} data-testid="assess-submit">
          {t('svc.eval.saveAssess')}
        </button>
      </form>
    </div>
  );
}

export function EvaluationPanel({ row, state, contract }: { row: ServiceRecordRow; state: ServiceState; contract: Contract }) {
  const { t } = useT();
  const marked = state.assessment !== undefined || Object.keys(state.spotChecks).length > 0;
  if (!contract.evaluation.annex004 && !marked) return null;
  return (
    <section className="panel evaluation" data-testid="evaluation-panel">
      <h2>{t('svc.eval.title')}</h2>
      <p className="muted small">{t('svc.eval.hint')}</p>
      <SpotChecks row={row} state={state} />
      <Assessment row={row} state={state} />
    </section>
  );
}
