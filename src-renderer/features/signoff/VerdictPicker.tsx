/**
 * One evaluator's verdict on the contract's scale (issue 12), in that signer's box on the sign-off
 * screen: 合格 / 不合格 for 004's department and IT centre, 优 / 良 / 差 for 002's IT office. Required
 * before anyone signs, since the verdicts are part of what is signed.
 */
import type { UseFormRegisterReturn } from 'react-hook-form';
import type { SignOffVerdict } from '../../../src-shared/catalog/period-schema';
import type { SignRole } from '../../../src-shared/catalog/reference';
import { scaleValues, type VerdictScale } from '../../../src-shared/report/verdicts';
import { useT } from '../../i18n/i18n';
import { evaluatorName, verdictLabel, verdictWord } from './verdict-labels';

export function VerdictPicker({ scheme, scale, role, disabled, field }: {
  scheme: SignOffVerdict;
  scale: VerdictScale;
  role: SignRole;
  disabled: boolean;
  field: UseFormRegisterReturn;
}) {
  const tr = useT();
  const label = verdictLabel(tr, scheme, role, scale);
  return (
    <fieldset className="verdict" disabled={disabled} data-testid={`verdict-${role}`}>
      <legend>{label}</legend>
      <div className="ratings" role="radiogroup" aria-label={label}>
        {scaleValues(scale).map((value) => (
          <label key={value} className="rating">
            <input type="radio" value={value} {...field} data-testid={`verdict-${role}-${value}`} />
            {verdictWord(tr, value)}
          </label>
        ))}
      </div>
      <p className="muted small">{tr.t('sign.verdict.byThisSigner', { role: evaluatorName(tr, scheme, role) })}</p>
    </fieldset>
  );
}
