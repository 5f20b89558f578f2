/**
 * What a service record says now, folded from its events (service/record.ts). Pure: the board,
 * the record's page, the documents, the spreadsheet and the office all read records through this.
 */
import type { ServiceKind } from '../catalog/reference';
import type { AssessEvent, DocumentEvent, Evaluator, FollowUpEvent, ServiceEvent, ServiceRecord, SpotCheckEvent, Step, StepEvent, TextField } from './record';

export interface StepState {
  at: string;
  /** The event that set this time, and every earlier value it replaced (oldest first). */
  eventId: string;
  history: { at: string; eventId: string; reason?: string; recordedAt: string; by: string }[];
}

export interface Pause {
  from: string;
  /** Absent while the record is still paused. */
  to?: string;
  reason: string;
}

export type ServiceStatus = 'open' | 'resolved' | 'closed';

export interface ServiceState {
  kind: ServiceKind;
  levelId: string;
  /** The level the first classification set, and whether a later one changed it. */
  firstLevelId: string;
  texts: Record<TextField, string>;
  steps: Partial<Record<Step, StepState>>;
  pauses: Pause[];
  followUps: FollowUpEvent[];
  documents: DocumentEvent[];
  status: ServiceStatus;
  /** Seed 004's 服务效果抽查: the latest judgement of each evaluator (earlier ones stay in the events). */
  spotChecks: Partial<Record<Evaluator, SpotCheckEvent>>;
  /** Seed 004's adverse-event / notice-failure assessment: the latest one, absent until assessed. */
  assessment?: AssessEvent;
  /** Events whose device time was more than the allowed skew off the office's estimate. */
  skewed: ServiceEvent[];
}

/** A device clock further than this from the office's estimate is flagged (issue 11: "a few minutes"). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Application order: by `seq` (the record's Lamport clock: a device numbers each event after every
 * one it holds), then by the device time each was written, then by id, so every reader agrees and
 * a device clock that was ahead when the record was made cannot hide the edits made after it.
 */
export function orderEvents(events: readonly ServiceEvent[]): ServiceEvent[] {
  // Each time parsed once, not once per comparison: a period report folds a year of records.
  const keyed = events.map((e) => ({ e, seq: e.seq ?? 0, time: Date.parse(e.recordedAt) }));
  keyed.sort((a, b) => {
    const bySeq = a.seq - b.seq;
    if (bySeq !== 0) return bySeq;
    // Instants may carry any offset ("…Z", "…+08:00"): compared as times, not as text.
    const byTime = a.time - b.time;
    if (byTime !== 0) return byTime;
    return a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0;
  });
  return keyed.map((k) => k.e);
}

/** The `seq` the next event a device writes takes: one more than any it holds. */
export function nextSeq(events: readonly ServiceEvent[]): number {
  let max = 0;
  for (const e of events) if (e.seq !== undefined && e.seq > max) max = e.seq;
  return max + 1;
}

function foldSteps(events: readonly StepEvent[]): Partial<Record<Step, StepState>> {
  const byId = new Map(events.map((e) => [e.id, e]));
  const superseded = new Set(events.flatMap((e) => (e.corrects ? [e.corrects] : [])));
  const steps: Partial<Record<Step, StepState>> = {};
  for (const e of events) {
    if (superseded.has(e.id) || e.withdrawn) continue;
    // Walk back through what this event corrected: the history of this value.
    const history: StepState['history'] = [];
    let back = e.corrects ? byId.get(e.corrects) : undefined;
    while (back) {
      history.unshift({ at: back.at, eventId: back.id, reason: back.reason, recordedAt: back.recordedAt, by: back.by });
      back = back.corrects ? byId.get(back.corrects) : undefined;
    }
    const have = steps[e.step];
    // Two devices recording the same step: the earlier time counts; the other stays in the events.
    if (!have || Date.parse(e.at) < Date.parse(have.at)) steps[e.step] = { at: e.at, eventId: e.id, history };
  }
  return steps;
}

function foldPauses(events: readonly ServiceEvent[]): Pause[] {
  const marks = events
    .filter((e): e is Extract<ServiceEvent, { type: 'pause' | 'resume' }> => e.type === 'pause' || e.type === 'resume')
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const pauses: Pause[] = [];
  for (const m of marks) {
    const open = pauses.at(-1);
    if (m.type === 'pause') {
      if (!open || open.to !== undefined) pauses.push({ from: m.at, reason: m.reason });
    } else if (open && open.to === undefined) {
      open.to = m.at;
    }
  }
  return pauses;
}

export function foldRecord(record: Pick<ServiceRecord, 'events'>): ServiceState {
  const events = orderEvents(record.events);
  const texts: Record<TextField, string> = { title: '', description: '', cause: '', workaround: '', resolution: '' };
  let kind: ServiceKind | undefined;
  let levelId: string | undefined;
  let firstLevelId: string | undefined;
  const followUps: FollowUpEvent[] = [];
  const documents: DocumentEvent[] = [];
  const skewed: ServiceEvent[] = [];
  const spotChecks: ServiceState['spotChecks'] = {};
  let assessment: AssessEvent | undefined;
  for (const e of events) {
    if (e.clock && Math.abs(e.clock.skewMs) > MAX_CLOCK_SKEW_MS) skewed.push(e);
    if (e.type === 'text') texts[e.field] = e.value;
    else if (e.type === 'classify') {
      kind = e.kind;
      levelId = e.levelId;
      firstLevelId ??= e.levelId;
    } else if (e.type === 'follow_up') followUps.push(e);
    else if (e.type === 'document') documents.push(e);
    // Applied in event order, so a later judgement replaces an earlier one, whichever device wrote it.
    else if (e.type === 'spot_check') spotChecks[e.evaluator] = e;
    else if (e.type === 'assess') assessment = e;
  }
  if (kind === undefined || levelId === undefined || firstLevelId === undefined) throw new Error('a service record needs a classify event');
  const steps = foldSteps(events.filter((e): e is StepEvent => e.type === 'step'));
  const status: ServiceStatus = steps.closed ? 'closed' : steps.resolved || steps.solution_proposed ? 'resolved' : 'open';
  const state: ServiceState = { kind, levelId, firstLevelId, texts, steps, pauses: foldPauses(events), followUps, documents, status, spotChecks, skewed };
  if (assessment) state.assessment = assessment;
  return state;
}
