/**
 * What an answer holds and what it means: pass, fail, not applicable, out of range. Pure rules,
 * shared by the inspection screen, the report and (later) the office, so all agree on a failure.
 */
import type { FailRequirement, Item, Severity } from '../catalog/schema';
import type { Contract, FaultLevel } from '../catalog/reference';
import { isInRange } from './reading';

export type AnswerValue =
  | { kind: 'check'; result: 'pass' | 'fail' }
  | { kind: 'number'; value: number }
  | { kind: 'text'; text: string }
  | { kind: 'choice'; optionId: string }
  | { kind: 'photo'; count: number }
  | { kind: 'na' };

export type Outcome = 'pass' | 'fail' | 'out_of_range' | 'na';

export function outcomeOf(item: Item, value: AnswerValue): Outcome {
  if (value.kind === 'na') return 'na';
  switch (item.kind) {
    case 'check':
      return value.kind === 'check' && value.result === 'fail' ? 'fail' : 'pass';
    case 'number':
      return value.kind === 'number' && !isInRange(value.value, item.normal) ? 'out_of_range' : 'pass';
    case 'choice':
      return value.kind === 'choice' && item.options.find((o) => o.id === value.optionId)?.fail ? 'fail' : 'pass';
    case 'text':
    case 'photo':
      return 'pass';
  }
}

export function isFinding(outcome: Outcome): boolean {
  return outcome === 'fail' || outcome === 'out_of_range';
}

/** What still has to be given before a finding may be left: a note, a photo, or either. */
export function missingEvidence(
  requirement: FailRequirement,
  outcome: Outcome,
  note: string,
  photoCount: number,
): 'note' | 'photo' | 'note_or_photo' | null {
  if (!isFinding(outcome)) return null;
  const hasNote = note.trim().length > 0;
  switch (requirement) {
    case 'none':
      return null;
    case 'note':
      return hasNote ? null : 'note';
    case 'photo':
      return photoCount > 0 ? null : 'photo';
    case 'note_or_photo':
      return hasNote || photoCount > 0 ? null : 'note_or_photo';
  }
}

/** What a step's progress needs of its answer. */
export interface AnswerEvidence {
  outcome: Outcome;
  note: string;
  photoCount: number;
}

/**
 * A step is done when it is answered and owes nothing (a finding's note or photo). The progress
 * bar, the outline, "还有 N 项" and the hospital's list all count with this, so they agree.
 */
export function isDone(requirement: FailRequirement, answer: AnswerEvidence | undefined): boolean {
  return answer !== undefined && missingEvidence(requirement, answer.outcome, answer.note, answer.photoCount) === null;
}

const SEVERITY_ORDER: Severity[] = ['critical', 'major', 'minor', 'request'];

/**
 * The contract's own fault level for a finding of this severity: the level declared for it, else
 * the nearest more serious one (a contract without a "request" level still gets one), else the
 * nearest less serious one (a contract whose worst level is "major" files a critical finding there).
 * Only fault levels count: a finding is a fault, not one of the service requests (咨询, 需求变更…)
 * a contract lists beside them (004).
 */
export function suggestFaultLevel(contract: Pick<Contract, 'faultLevels'>, severity: Severity): FaultLevel | undefined {
  const start = SEVERITY_ORDER.indexOf(severity);
  const byDistance = [...SEVERITY_ORDER.slice(0, start + 1).reverse(), ...SEVERITY_ORDER.slice(start + 1)];
  for (const wanted of byDistance) {
    const level = contract.faultLevels.find((l) => l.severity === wanted && l.kinds.includes('fault'));
    if (level) return level;
  }
  return undefined;
}

/**
 * The level a finding of this item suggests: the contract's level for the item's severity, or
 * none for an item about the vendor's service (issue 12), which is judged, not filed as a fault.
 */
export function suggestedLevelFor(contract: Pick<Contract, 'faultLevels'>, item: Pick<Item, 'onFail' | 'serviceQuality'>): FaultLevel | undefined {
  return item.serviceQuality ? undefined : suggestFaultLevel(contract, item.onFail.severity);
}
