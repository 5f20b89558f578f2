/**
 * The recorded time of each step, with the times it replaced. Changing a time is a new event that
 * names the one it corrects and says why; the old value stays and is shown struck through.
 */
import { useState } from 'react';
import type { ServiceState } from '../../../src-shared/service/fold';
import { SERVICE_LIMITS, type Step } from '../../../src-shared/service/record';
import type { ServiceRecordRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { fromLocalInput, isFuture, toLocalInput } from './promises';
import { STEP_ORDER, writer } from './steps';
import { Problems, useAppend } from './use-append';

export function StepTimes({ row, state }: { row: ServiceRecordRow; state: ServiceState }) {
  const { t, locale } = useT();
  const [editing, setEditing] = useState<Step | null>(null);
  const when = (iso: string): string => new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  const steps = STEP_ORDER.filter((s) => state.steps[s] !== undefined);
  return (
    <section className="panel" data-testid="step-times">
      <h2>{t('svc.record.steps')}</h2>
      <table className="step-times">
        <tbody>
          {steps.map((step) => {
            const s = state.steps[step]!;
            return (
              <tr key={step} data-testid={`step-time-${step}`}>
                <th>{t(`svc.phase.${step}`)}</th>
                <td>
                  <strong data-testid="step-at">{when(s.at)}</strong>
                  {s.history.map((h) => (
                    <div key={h.eventId} className="was" data-testid="step-was">
                      <s>{when(h.at)}</s>
                    </div>
                  ))}
                </td>
                <td>
                  {editing === step ? (
                    <EditTime row={row} step={step} eventId={s.eventId} at={s.at} onClose={() => setEditing(null)} />
                  ) : (
                    step !== 'followed_up' && (
                      <button type="button" className="link" onClick={() => setEditing(step)} data-testid={`edit-${step}`}>
                        {t('svc.edit.open')}
                      </button>
                    )
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function EditTime({ row, step, eventId, at, onClose }: { row: ServiceRecordRow; step: Step; eventId: string; at: string; onClose: () => void }) {
  const { t } = useT();
  const { append, busy, problems } = useAppend(row.id);
  const [value, setValue] = useState(toLocalInput(at));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function save(): Promise<void> {
    const iso = fromLocalInput(value);
    if (!iso) return setError(t('svc.form.badTime'));
    if (isFuture(iso)) return setError(t('svc.form.future'));
    if (reason.trim() === '') return setError(t('svc.edit.reasonRequired'));
    setError(null);
    if (await append({ type: 'step', step, at: iso, corrects: eventId, reason: reason.trim(), by: writer(row.record.createdBy) })) onClose();
  }
  return (
    <div className="edit-time" data-testid="edit-time">
      <label>
        {t('svc.edit.newTime')}
        <input type="datetime-local" value={value} max={toLocalInput(new Date())} onChange={(e) => setValue(e.target.value)} data-testid="edit-at" />
      </label>
      <label>
        {t('svc.edit.reason')}
        <input value={reason} maxLength={SERVICE_LIMITS.reason} onChange={(e) => setReason(e.target.value)} data-testid="edit-reason" />
      </label>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void save()} data-testid="edit-save">
          {t('svc.edit.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('svc.cancel')}
        </button>
      </div>
      {error && <p className="field-error" role="alert" data-testid="edit-error">{error}</p>}
      <Problems problems={problems} />
    </div>
  );
}
