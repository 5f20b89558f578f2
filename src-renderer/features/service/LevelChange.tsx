/** Confirms or changes the record's level, within the contract's levels for its kind; a change needs a reason. */
import { useState } from 'react';
import type { Contract } from '../../../src-shared/catalog/reference';
import type { ServiceState } from '../../../src-shared/service/fold';
import { SERVICE_LIMITS } from '../../../src-shared/service/record';
import type { ServiceRecordRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { promiseText } from './promises';
import { writer } from './steps';
import { Problems, useAppend } from './use-append';

export function LevelChange({ row, state, contract }: { row: ServiceRecordRow; state: ServiceState; contract: Contract }) {
  const { t, l } = useT();
  const { append, busy, problems } = useAppend(row.id);
  const [levelId, setLevelId] = useState(state.levelId);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  if (state.status === 'closed') return null;
  const levels = contract.faultLevels.filter((lv) => lv.kinds.includes(state.kind));
  async function save(): Promise<void> {
    if (reason.trim() === '') return setMissing(true);
    setMissing(false);
    if (await append({ type: 'classify', kind: state.kind, levelId, reason: reason.trim(), by: writer(row.record.createdBy) })) setReason('');
  }
  return (
    <section className="panel level-change" data-testid="level-change">
      <h2>{t('svc.level.title')}</h2>
      <div className="inline-form">
        <select value={levelId} onChange={(e) => setLevelId(e.target.value)} data-testid="level-select">
          {levels.map((lv) => (
            <option key={lv.id} value={lv.id}>
              {l(lv.name)} — {promiseText(t, lv)}
            </option>
          ))}
        </select>
        <input value={reason} maxLength={SERVICE_LIMITS.reason} placeholder={t('svc.level.reasonHint')} onChange={(e) => setReason(e.target.value)} data-testid="level-reason" />
        <button type="button" disabled={busy || levelId === state.levelId} onClick={() => void save()} data-testid="level-save">
          {t('svc.level.save')}
        </button>
      </div>
      {missing && <p className="field-error">{t('svc.edit.reasonRequired')}</p>}
      <Problems problems={problems} />
    </section>
  );
}
