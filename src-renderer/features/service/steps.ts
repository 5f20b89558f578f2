/**
 * Which timeline steps an engineer can record next on a record, for its contract and level.
 * Arrival may be met by a remote session only where the level allows it; "solution proposed"
 * is offered where the level promises that (seed 002); the written report where the contract
 * starts its clock there (seed 004).
 */
import type { Contract, FaultLevel } from '../../../src-shared/catalog/reference';
import type { ServiceState } from '../../../src-shared/service/fold';
import { Step as StepSchema, type ReportChannel, type Step } from '../../../src-shared/service/record';

/** The order the steps are offered and shown in (the schema's own order); `reported` is set when the record is made. */
export const STEP_ORDER: readonly Step[] = StepSchema.options;

export function offeredSteps(state: ServiceState, contract: Contract | undefined, level: FaultLevel | undefined, channel?: ReportChannel): Step[] {
  const has = (s: Step): boolean => state.steps[s] !== undefined;
  if (has('closed')) return [];
  const out: Step[] = [];
  // A record reported in writing already starts where the contract counts from: its report is the written one.
  if (contract?.clockStart === 'written_report' && channel !== 'written' && !has('written_report')) out.push('written_report');
  if (!has('responded')) out.push('responded');
  const onSiteDone = has('arrived') || has('remote_started');
  if (level?.setOut && !has('set_out') && !onSiteDone) out.push('set_out');
  if (!onSiteDone) {
    out.push('arrived');
    if (level?.onSiteBy === 'arrival_or_remote') out.push('remote_started');
  }
  if (level?.propose && !has('solution_proposed') && !has('resolved')) out.push('solution_proposed');
  if (!has('resolved')) out.push('resolved');
  if (has('resolved') || has('solution_proposed')) out.push('closed');
  return out;
}

/** The furthest step recorded, for the board's "state" column. */
export function latestStep(state: ServiceState): Step {
  return [...STEP_ORDER].reverse().find((s) => state.steps[s] !== undefined) ?? 'reported';
}

const ENGINEER_KEY = 'xunjian.engineer';

/** Who writes: the engineer name the device last used (new inspection or service form), else the record's author. */
export function writer(fallback: string): string {
  return localStorage.getItem(ENGINEER_KEY)?.trim() || fallback;
}

export function rememberWriter(name: string): void {
  localStorage.setItem(ENGINEER_KEY, name.trim());
}
