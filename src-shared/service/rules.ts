/**
 * What a new event may say, checked before it is stored on the device and again at the office:
 * a level the contract has, no step before the report, no time in the future, an edit with a
 * reason. Each problem has a code the screens turn into a sentence in the engineer's language.
 */
import type { Contract } from '../catalog/reference';
import type { ServiceEvent, ServiceRecord } from './record';
import { foldRecord } from './fold';

export type RuleCode =
  | 'level_unknown'
  | 'level_wrong_kind'
  | 'time_in_future'
  | 'step_before_report'
  | 'reason_required'
  | 'correction_unknown'
  | 'follow_up_before_resolution'
  | 'resume_without_pause'
  | 'already_paused'
  | 'record_closed'
  | 'spot_check_before_resolution';

export interface RuleProblem {
  code: RuleCode;
  /** English detail for logs and the office's error body. */
  message: string;
}

/** A device clock may run a little ahead of the office's; more than this is a time in the future. */
export const FUTURE_TOLERANCE_MS = 2 * 60_000;

/**
 * Times are compared to the minute: a time typed into a form has no seconds, and one recorded with
 * a tap has them, so a call typed for 10:03 after a repair tapped at 10:03:27 is not "before" it.
 */
const minute = (iso: string): number => Math.floor(Date.parse(iso) / 60_000);
const before = (a: string, b: string): boolean => minute(a) < minute(b);

function eventTime(e: ServiceEvent): string | undefined {
  return 'at' in e ? e.at : undefined;
}

/** Problems with adding `event` to `record` (which may be the record being created, without it). */
export function checkEvent(record: Pick<ServiceRecord, 'events'>, event: ServiceEvent, contract: Pick<Contract, 'faultLevels'>, now: Date): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const at = eventTime(event);
  if (at !== undefined && Date.parse(at) > now.getTime() + FUTURE_TOLERANCE_MS) {
    problems.push({ code: 'time_in_future', message: `${event.type} at ${at} is in the future` });
  }
  if (event.type === 'classify') {
    const level = contract.faultLevels.find((l) => l.id === event.levelId);
    if (!level) problems.push({ code: 'level_unknown', message: `the contract has no level "${event.levelId}"` });
    else if (!level.kinds.includes(event.kind)) problems.push({ code: 'level_wrong_kind', message: `level "${event.levelId}" is not for ${event.kind}` });
    return problems;
  }
  const hasClassify = record.events.some((e) => e.type === 'classify');
  const state = hasClassify ? foldRecord(record) : undefined;
  if (event.type === 'step') {
    if (event.corrects !== undefined) {
      const corrected = record.events.find((e) => e.id === event.corrects);
      if (!corrected || corrected.type !== 'step' || corrected.step !== event.step) problems.push({ code: 'correction_unknown', message: `no ${event.step} event ${event.corrects} to correct` });
      if (!event.reason) problems.push({ code: 'reason_required', message: 'changing a recorded time needs a reason' });
    }
    const reported = event.step === 'reported' ? undefined : state?.steps.reported?.at;
    if (reported !== undefined && !event.withdrawn && before(event.at, reported)) {
      problems.push({ code: 'step_before_report', message: `${event.step} at ${event.at} is before the report at ${reported}` });
    }
    if (event.step === 'reported' && state && !event.withdrawn) {
      const earliest = Object.entries(state.steps)
        .filter(([step]) => step !== 'reported')
        .map(([, s]) => s.at)
        .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
      if (earliest !== undefined && before(earliest, event.at)) problems.push({ code: 'step_before_report', message: `the report at ${event.at} would come after a step at ${earliest}` });
    }
  }
  // A repair moved (corrected) to after a call already recorded would leave the call before it.
  if (event.type === 'step' && !event.withdrawn && (event.step === 'resolved' || event.step === 'solution_proposed') && state) {
    const call = state.followUps.find((f) => before(f.at, event.at));
    if (call) problems.push({ code: 'follow_up_before_resolution', message: `the follow-up call at ${call.at} would come before the repair at ${event.at}` });
  }
  if (event.type === 'follow_up' && state) {
    const repaired = state.steps.resolved?.at ?? state.steps.solution_proposed?.at;
    if (state.status === 'open' || (repaired !== undefined && before(event.at, repaired))) {
      problems.push({ code: 'follow_up_before_resolution', message: `a follow-up call comes after the repair${repaired ? ` (${repaired})` : ''}` });
    }
  }
  // A pause, a resumption or a call is dated too: none before the fault was reported.
  if ((event.type === 'follow_up' || event.type === 'pause' || event.type === 'resume') && state?.steps.reported && before(event.at, state.steps.reported.at)) {
    problems.push({ code: 'step_before_report', message: `${event.type} at ${event.at} is before the report at ${state.steps.reported.at}` });
  }
  // 服务效果抽查 judges the handling, so there must be handling to judge: resolved or closed.
  if (event.type === 'spot_check' && state?.status === 'open') {
    problems.push({ code: 'spot_check_before_resolution', message: 'a spot check judges a resolved or closed record' });
  }
  // Each flag changes a payment (附件1): the schema asks for a reason, and so do the rules, for callers that skip the schema.
  if (event.type === 'assess' && event.reason.trim() === '') problems.push({ code: 'reason_required', message: 'an assessment needs a reason' });
  if ((event.type === 'pause' || event.type === 'resume') && state) {
    const open = state.pauses.at(-1)?.to === undefined && state.pauses.length > 0;
    if (event.type === 'pause' && open) problems.push({ code: 'already_paused', message: 'the clock is already paused' });
    if (event.type === 'resume' && !open) problems.push({ code: 'resume_without_pause', message: 'the clock is not paused' });
    if (state.status === 'closed') problems.push({ code: 'record_closed', message: 'the record is closed' });
  }
  return problems;
}
