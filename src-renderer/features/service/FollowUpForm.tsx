/** 电话回访: after a repair, who was called, on which number, when, 优/良/差 and what they said. */
import { useForm } from 'react-hook-form';
import type { Contract } from '../../../src-shared/catalog/reference';
import type { ServiceState } from '../../../src-shared/service/fold';
import { FollowUpRating, SERVICE_LIMITS } from '../../../src-shared/service/record';
import type { ServiceRecordRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { CharCounter } from '../../ui/LimitedText';
import { fromLocalInput, isFuture, toLocalInput } from './promises';
import { writer } from './steps';
import { Problems, useAppend } from './use-append';

interface Values {
  contact: string;
  phone: string;
  at: string;
  rating: string;
  comment: string;
}

export function FollowUpForm({ row, state, contract }: { row: ServiceRecordRow; state: ServiceState; contract: Contract }) {
  const { t, locale } = useT();
  const { append, busy, problems } = useAppend(row.id);
  const form = useForm<Values>({
    defaultValues: { contact: row.record.reporter.name, phone: row.record.reporter.phone ?? '', at: toLocalInput(new Date()), rating: '', comment: '' },
  });
  const { register, handleSubmit, formState, watch, reset } = form;
  const comment = watch('comment');
  if (state.status === 'open' && state.followUps.length === 0) return null;

  const onSubmit = handleSubmit(async (v) => {
    const at = fromLocalInput(v.at);
    if (!at) return;
    const ok = await append({
      type: 'follow_up',
      at,
      contact: v.contact.trim(),
      ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
      rating: FollowUpRating.parse(v.rating),
      comment: v.comment,
      by: writer(row.record.createdBy),
    });
    if (ok) reset({ ...v, rating: '', comment: '', at: toLocalInput(new Date()) });
  });
  const required = (v: string): true | string => v.trim() !== '' || t('svc.form.required');

  return (
    <section className="panel follow-up" data-testid="follow-up">
      <h2>{t('svc.followUp.title')}</h2>
      {contract.followUpCalls && state.followUps.length === 0 && <p className="banner warn">{t('svc.followUp.due')}</p>}
      {state.followUps.length > 0 && (
        <ul className="follow-ups" data-testid="follow-up-list">
          {state.followUps.map((f) => (
            <li key={f.id}>
              <strong>{t(`svc.rating.${f.rating}`)}</strong> · {f.contact}
              {f.phone ? ` (${f.phone})` : ''} · {new Date(f.at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })} · {f.by}
              {f.comment && <div className="note-read">{f.comment}</div>}
            </li>
          ))}
        </ul>
      )}
      {state.status !== 'open' && (
        <form className="form" onSubmit={onSubmit} noValidate>
          <div className="form-grid">
            <label>
              {t('svc.followUp.contact')}
              <input {...register('contact', { validate: required })} maxLength={SERVICE_LIMITS.personName} data-testid="fu-contact" />
            </label>
            <label>
              {t('svc.followUp.phone')}
              <input {...register('phone')} maxLength={SERVICE_LIMITS.phone} inputMode="tel" data-testid="fu-phone" />
            </label>
            <label>
              {t('svc.followUp.at')}
              <input
                type="datetime-local"
                max={toLocalInput(new Date())}
                {...register('at', { validate: (v) => { const iso = fromLocalInput(v); return !iso ? t('svc.form.badTime') : isFuture(iso) ? t('svc.form.future') : true; } })}
                data-testid="fu-at"
              />
            </label>
          </div>
          <fieldset className="ratings">
            <legend>{t('svc.followUp.rating')}</legend>
            {FollowUpRating.options.map((r) => (
              <label key={r} className="check">
                <input type="radio" value={r} {...register('rating', { validate: (v) => v !== '' || t('svc.followUp.ratingRequired') })} data-testid={`fu-rating-${r}`} />
                {t(`svc.rating.${r}`)}
              </label>
            ))}
          </fieldset>
          <label className="wide">
            {t('svc.followUp.comment')}
            <textarea rows={3} {...register('comment')} maxLength={SERVICE_LIMITS.followUpComment} data-testid="fu-comment" />
            <CharCounter length={comment.length} max={SERVICE_LIMITS.followUpComment} id="fu-comment-counter" />
          </label>
          {Object.values(formState.errors).map((e) => e?.message && <p key={e.message} className="field-error">{e.message}</p>)}
          <Problems problems={problems} />
          <button type="submit" className="primary" disabled={busy} data-testid="fu-submit">
            {t('svc.followUp.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
