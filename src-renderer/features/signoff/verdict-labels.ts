/**
 * The words for a contract's verdicts, as the contract says them (issue 12): 使用科室评价 / 合格,
 * 信息中心评价 (004 names the IT office so), 用户满意度（信息科）/ 优. Shared by the sign-off screen,
 * the report panel, the signed report and the blank sheet, so all four say the same.
 */
import type { SignOffVerdict } from '../../../src-shared/catalog/period-schema';
import type { Contract, SignRole } from '../../../src-shared/catalog/reference';
import type { SignOffVerdictValue } from '../../../src-shared/period/types';
import type { LocalizedText } from '../../../src-shared/catalog/schema';
import type { ReportVerdict, RoleNames } from '../../../src-shared/report/model';
import { scaleValues, type VerdictScale, type VerdictValue } from '../../../src-shared/report/verdicts';
import type { Translator } from '../../i18n/i18n';

/** The evaluator as the contract names it, else the app's name for the role. */
export function evaluatorName(tr: Pick<Translator, 't' | 'l'>, scheme: SignOffVerdict, role: SignRole): string {
  const named = scheme.names?.[role];
  return named ? tr.l(named) : tr.t(`sign.role.${role}`);
}

export function verdictLabel(tr: Pick<Translator, 't' | 'l'>, scheme: SignOffVerdict, role: SignRole, scale: VerdictScale): string {
  const name = evaluatorName(tr, scheme, role);
  return scale === 'pass_fail' ? tr.t('sign.verdict.passFailLabel', { role: name }) : tr.t('sign.verdict.satisfactionLabel', { role: name });
}

export const verdictWord = (tr: Pick<Translator, 't'>, value: VerdictValue): string => tr.t(`sign.verdict.${value}`);

/** 不合格 and 差 stand out on paper and on screen. */
export const isBadVerdict = (value: VerdictValue): boolean => value === 'fail' || value === 'poor';

export function reportVerdicts(tr: Pick<Translator, 't' | 'l'>, contract: Pick<Contract, 'evaluation'>, verdicts: readonly SignOffVerdictValue[]): ReportVerdict[] {
  const scheme = contract.evaluation.signOff;
  return verdicts.map((v) => ({ label: verdictLabel(tr, scheme, v.role, v.scale), value: verdictWord(tr, v.value), bad: isBadVerdict(v.value) }));
}

/** The blank sheet's tick lines: one per evaluator the contract names, none where it asks none. */
export function paperVerdicts(tr: Pick<Translator, 't' | 'l'>, contract: Pick<Contract, 'evaluation'>): { label: string; values: string[] }[] {
  const scheme = contract.evaluation.signOff;
  if (scheme.scale === 'none') return [];
  const scale = scheme.scale;
  return scheme.by.map((role) => ({ label: verdictLabel(tr, scheme, role, scale), values: scaleValues(scale).map((v) => verdictWord(tr, v)) }));
}

/** Signer roles the contract names its own way (004: 信息中心), for the signature boxes on paper. */
export function contractRoleNames(tr: Pick<Translator, 'l'>, contract: Pick<Contract, 'evaluation'>): RoleNames {
  const names: RoleNames = {};
  for (const [role, name] of Object.entries(contract.evaluation.signOff.names ?? {}) as [SignRole, LocalizedText | undefined][]) {
    if (name) names[role] = tr.l(name);
  }
  return names;
}
