/** Stops the clocks while the record waits on the hospital (with the reason), and starts them again. */
import { useState } from 'react';
import type { ServiceState } from '../../../src-shared/service/fold';
import { SERVICE_LIMITS } from '../../../src-shared/service/record';
import type { ServiceRecordRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { writer } from './steps';
import { Problems, useAppend } from './use-append';

export function PauseControl({ row, state }: { row: ServiceRecordRow; state: ServiceState }) {
  const { t, locale } = useT();
  const { append, busy, problems } = useAppend(row.id);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const open = state.pauses.at(-1);
  const paused = open !== undefined && open.to === undefined;
  // The clocks wait on an open record only; a pause still open once it is repaired can be ended.
  if (state.status === 'closed' || (state.status === 'resolved' && !paused)) return null;
  const by = writer(row.record.createdBy);
  return (
    <div className="pause-control" data-testid="pause-control">
      {paused ? (
        <>
          <p className="badge" data-testid="paused-since">
            {t('svc.pause.since', { time: new Date(open.from).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }), reason: open.reason })}
          </p>
          <button type="button" disabled={busy} onClick={() => void append({ type: 'resume', at: new Date().toISOString(), by })} data-testid="resume">
            {t('svc.pause.resume')}
          </button>
        </>
      ) : (
        <>
          <input
            value={reason}
            maxLength={SERVICE_LIMITS.reason}
            placeholder={t('svc.pause.reasonHint')}
            aria-label={t('svc.pause.reason')}
            onChange={(e) => setReason(e.target.value)}
            data-testid="pause-reason"
          />
          <button
            type="button"
            disabled={busy}
            onClick={async () => {
              if (reason.trim() === '') return setMissing(true);
              setMissing(false);
              if (await append({ type: 'pause', at: new Date().toISOString(), reason: reason.trim(), by })) setReason('');
            }}
            data-testid="pause"
          >
            {t('svc.pause.pause')}
          </button>
          {missing && <p className="field-error">{t('svc.pause.reasonRequired')}</p>}
        </>
      )}
      <Problems problems={problems} />
    </div>
  );
}
