/**
 * One tap records a step at "now" (已响应, 已出发, 已到场 …). A wrong time is corrected afterwards on
 * the record's page, with a reason, and both values stay in the history.
 */
import type { Contract, FaultLevel } from '../../../src-shared/catalog/reference';
import type { ServiceState } from '../../../src-shared/service/fold';
import type { ServiceRecordRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { offeredSteps, writer } from './steps';
import { Problems, useAppend } from './use-append';

export function StepButtons({ row, state, contract, level, limit }: { row: ServiceRecordRow; state: ServiceState; contract: Contract | undefined; level: FaultLevel | undefined; limit?: number }) {
  const { t } = useT();
  const { append, busy, problems } = useAppend(row.id);
  const steps = offeredSteps(state, contract, level, row.record.channel);
  const shown = limit === undefined ? steps : steps.slice(0, limit);
  if (shown.length === 0) return null;
  return (
    <div className="step-buttons">
      {shown.map((step) => (
        <button
          key={step}
          type="button"
          className="step"
          disabled={busy}
          onClick={() => void append({ type: 'step', step, at: new Date().toISOString(), by: writer(row.record.createdBy) })}
          data-testid={`step-${step}`}
        >
          {t(`svc.do.${step}`)}
        </button>
      ))}
      <Problems problems={problems} testId="step-problems" />
    </div>
  );
}
