/**
 * The verdicts signers give on an inspection sheet, on the scale their contract sets
 * (`contract.evaluation.signOff`, issue 12): none (000, 001, 003), 优/良/差 (002) or 合格/不合格 from
 * each evaluator (004). One check, used by the device before signing and by the office before
 * accepting, so a record whose verdicts do not fit its contract is refused in both places alike.
 */
import { z } from 'zod';
import { PASS_FAIL, SATISFACTION, type InspectionMode, type SignOffVerdict } from '../catalog/period-schema';
import { SignRole } from '../catalog/reference';
import type { SignOffVerdictValue } from '../period/types';

export type VerdictScale = SignOffVerdictValue['scale'];
export type VerdictValue = SignOffVerdictValue['value'];

/** The values of a scale, best first: what the screen offers and the paper sheet prints as tick boxes. */
export function scaleValues(scale: VerdictScale): readonly VerdictValue[] {
  return scale === 'satisfaction' ? SATISFACTION : PASS_FAIL;
}

export const VerdictSchema = z
  .object({
    role: SignRole,
    scale: z.enum(['satisfaction', 'pass_fail']),
    value: z.enum([...SATISFACTION, ...PASS_FAIL]),
  })
  .strict()
  .refine((v) => scaleValues(v.scale).includes(v.value), { message: 'the value is not one of its scale', path: ['value'] });

/** What a record says about the service: the verdicts (issue 12) or, on records signed before, one rating. */
export interface RecordEvaluation {
  rating?: unknown;
  verdicts?: unknown;
  verdictComment?: unknown;
}

/**
 * Why a record's evaluation does not fit its contract's scheme, in English for the office's
 * refusal and the device's log; undefined when it fits. A record signed before issue 12 carries
 * `rating` and no verdicts: it stays valid whatever its contract asks now (its signatures are on it).
 */
export function verdictProblem(record: RecordEvaluation, scheme: SignOffVerdict): string | undefined {
  if (record.rating !== undefined) {
    if (record.verdicts !== undefined || record.verdictComment !== undefined) return 'a record carries either the old rating or verdicts, not both';
    return undefined;
  }
  if (scheme.scale === 'none') {
    if (record.verdicts !== undefined) return 'this contract asks for no verdict, but the record carries verdicts';
    if (record.verdictComment !== undefined) return 'this contract asks for no verdict, but the record carries a verdict comment';
    return undefined;
  }
  const parsed = z.array(VerdictSchema).safeParse(record.verdicts);
  if (!parsed.success) return record.verdicts === undefined ? `this contract asks for ${scaleName(scheme.scale)} verdicts from ${scheme.by.join(', ')}, and the record has none` : `verdicts: ${parsed.error.issues[0]?.message ?? 'not a list of verdicts'}`;
  if (record.verdictComment !== undefined && typeof record.verdictComment !== 'string') return 'verdictComment must be text';
  const given = parsed.data;
  for (const v of given) {
    if (v.scale !== scheme.scale) return `the ${v.role} gave a ${scaleName(v.scale)} verdict; this contract's scale is ${scaleName(scheme.scale)}`;
    if (!scheme.by.includes(v.role)) return `the ${v.role} gives no verdict under this contract (only ${scheme.by.join(', ')})`;
  }
  for (const role of scheme.by) {
    const count = given.filter((v) => v.role === role).length;
    if (count === 0) return `the ${role}'s verdict is missing`;
    if (count > 1) return `the ${role} gave ${count} verdicts`;
  }
  return undefined;
}

const scaleName = (scale: SignOffVerdict['scale']): string => (scale === 'pass_fail' ? 'pass/fail' : scale === 'satisfaction' ? 'satisfaction (excellent/good/poor)' : 'no');

/**
 * The verdicts in the order the contract lists its evaluators, from what the screen holds per
 * role; undefined while one is missing. The order is fixed so the record's bytes (and hash) are too.
 */
export function verdictsFor(scheme: SignOffVerdict, chosen: Partial<Record<SignRole, string>>): SignOffVerdictValue[] | undefined {
  if (scheme.scale === 'none') return [];
  const scale = scheme.scale;
  const out: SignOffVerdictValue[] = [];
  for (const role of scheme.by) {
    const value = scaleValues(scale).find((v) => v === chosen[role]);
    if (!value) return undefined;
    out.push({ role, scale, value });
  }
  return out;
}

/** Why an inspection's mode is not one its contract allows; a record without a mode was on site. */
export function modeProblem(mode: unknown, allowed: readonly InspectionMode[] | undefined): string | undefined {
  if (mode === undefined) return undefined;
  if (mode !== 'on_site' && mode !== 'remote') return `mode must be on_site or remote, not ${JSON.stringify(mode)}`;
  // A contract without a cadence says nothing about modes: on site is always possible.
  const modes = allowed ?? ['on_site'];
  return modes.includes(mode) ? undefined : `this contract's inspections are ${modes.join(' or ')}, not ${mode}`;
}
