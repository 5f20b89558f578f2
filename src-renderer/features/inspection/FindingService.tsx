/**
 * On a finding: the level the item suggests is only a suggestion. The engineer confirms or
 * changes it within the contract's fault levels, and turns the finding into a fault record in one
 * step (the store copies the note and photos and links both ways); once made, the link is shown.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { Contract, FaultLevel } from '../../../src-shared/catalog/reference';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import type { AnswerRow } from '../../db/rows';
import { ServiceRuleError } from '../../db/repositories/service-records';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { promiseText } from '../service/promises';
import { writer } from '../service/steps';

export function FindingService({ answer, contract, suggested, engineer, readOnly, onChanged }: {
  answer: AnswerRow;
  contract: Contract;
  suggested: FaultLevel | undefined;
  engineer: string;
  readOnly: boolean;
  onChanged: () => void;
}) {
  const { t, l, locale } = useT();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // The record may have been made on another screen (or before a reload): ask the store, not only the row.
  const record = useLiveQuery(() => repositories().serviceRecords.forAnswer(answer.id), [answer.id, answer.serviceRecordId]);
  const levels = contract.faultLevels.filter((lv) => lv.kinds.includes('fault'));
  const levelId = answer.faultLevelId ?? suggested?.id ?? levels[0]?.id ?? '';
  const level = levels.find((lv) => lv.id === levelId);
  const recordId = record?.id ?? answer.serviceRecordId;

  /** A level the contract does not have (or not for faults) is refused with the rule's own sentence. */
  async function setLevel(next: string): Promise<void> {
    const result = await repositories().serviceRecords.setFindingLevel(answer.id, next);
    if (!result.ok) throw new ServiceRuleError(result.problems);
  }

  async function run(task: () => Promise<void>): Promise<void> {
    setBusy(true);
    setFailure(null);
    try {
      await task();
      onChanged();
    } catch (error) {
      setFailure(describeError(locale, error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="finding-service" data-testid="finding-service">
      <label className="level-pick">
        <span>
          {answer.levelConfirmed ? t('svc.finding.levelConfirmed') : t('svc.finding.levelSuggested')}
          {suggested && answer.levelConfirmed && suggested.id !== levelId && (
            <span className="muted small"> {t('svc.finding.wasSuggested', { level: l(suggested.name) })}</span>
          )}
        </span>
        <select
          value={levelId}
          disabled={readOnly || busy || recordId !== undefined}
          onChange={(e) => {
            const next = e.target.value;
            void run(() => setLevel(next));
          }}
          data-testid="finding-level"
        >
          {levels.map((lv) => (
            <option key={lv.id} value={lv.id}>
              {l(lv.name)}
            </option>
          ))}
        </select>
        {!answer.levelConfirmed && !readOnly && recordId === undefined && (
          <button type="button" disabled={busy || !levelId} onClick={() => void run(() => setLevel(levelId))} data-testid="finding-level-confirm">
            {t('svc.finding.confirm')}
          </button>
        )}
      </label>
      {level && <p className="muted small">{promiseText(t, level)}</p>}
      {recordId ? (
        <a className="button" href={hrefOf({ name: 'service-record', recordId })} data-testid="finding-record">
          {t('svc.finding.open')}
        </a>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={busy || !levelId}
          onClick={() =>
            void run(async () => {
              await repositories().serviceRecords.createFromFinding(answer.id, { kind: 'fault', levelId, by: writer(engineer) });
            })
          }
          data-testid="finding-make-record"
        >
          {t('svc.finding.make')}
        </button>
      )}
      {failure && <p className="field-error" role="alert">{failure}</p>}
    </div>
  );
}
