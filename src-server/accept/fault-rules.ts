/**
 * What the office checks in a service record version beyond its shape (accept/fault.ts): ids,
 * completeness, the contract's rules for each new event (src-shared/service/rules.ts, against the
 * office's own clock), and that the version only appends to the one before it.
 */
import type { Contract } from '../../src-shared/catalog/reference';
import { canonicalJson } from '../../src-shared/crypto/canonical';
import { orderEvents } from '../../src-shared/service/fold';
import type { ServiceEvent, ServiceRecord } from '../../src-shared/service/record';
import { checkEvent, FUTURE_TOLERANCE_MS, type RuleCode } from '../../src-shared/service/rules';

export interface EventProblem {
  eventId: string;
  code: RuleCode | 'event_id_duplicate' | 'record_incomplete';
  message: string;
}

/**
 * Rules about the state a record is in when an event is added (paused, closed, resolved). Two
 * devices that edited one record offline can each append a valid event whose union breaks one
 * (both paused the clock); the fold reads such unions well (service/fold.ts), and refusing them
 * would leave the merged record on the device for ever. So they hold for a record's first
 * version, which one device wrote, and not for later ones.
 */
const STATE_RULES: ReadonlySet<RuleCode> = new Set(['follow_up_before_resolution', 'resume_without_pause', 'already_paused', 'record_closed', 'spot_check_before_resolution']);

/**
 * A time later than the office's clock says the device's clock ran ahead, not that the engineer
 * invented a future: the device refuses times after its own clock. Refusing here would leave the
 * record on the device until real time caught up (months, for a clock set a year ahead), and a
 * correction could never reach the office, since the event it corrects is refused with it. So the
 * office stores it and the console flags it (`futureEvents`), as issue 11 asks: "flagged, not hidden".
 */
const FLAG_ONLY: ReadonlySet<RuleCode> = new Set(['time_in_future']);

/** Events whose time (or writing time) is later than `receivedAt` by more than the rules' tolerance: the device clock ran ahead. */
export function futureEvents(events: readonly ServiceEvent[], receivedAt: string): Set<string> {
  const limit = Date.parse(receivedAt) + FUTURE_TOLERANCE_MS;
  return new Set(events.filter((e) => Date.parse(e.recordedAt) > limit || ('at' in e && Date.parse(e.at) > limit)).map((e) => e.id));
}

/** Problems that make the record unreadable: an event id twice, no kind and level, no report. */
export function structureProblems(record: Pick<ServiceRecord, 'events'>): EventProblem[] {
  const problems: EventProblem[] = [];
  const seen = new Set<string>();
  for (const e of record.events) {
    if (seen.has(e.id)) problems.push({ eventId: e.id, code: 'event_id_duplicate', message: `event id ${e.id} is used twice` });
    seen.add(e.id);
  }
  if (!record.events.some((e) => e.type === 'classify')) problems.push({ eventId: '', code: 'record_incomplete', message: 'the record has no classify event (kind and level)' });
  if (!record.events.some((e) => e.type === 'step' && e.step === 'reported' && !e.withdrawn)) {
    problems.push({ eventId: '', code: 'record_incomplete', message: 'the record has no reported step: its clock cannot start' });
  }
  return problems;
}

/**
 * Every event this version adds (all of them for version 1), checked in the order the fold applies
 * them against the record as it stood before it: the contract's level, no step before the report,
 * corrections with a reason. A time in the future by `now` (the office's clock) is flagged, not refused.
 */
export function eventProblems(record: Pick<ServiceRecord, 'events'>, previous: Pick<ServiceRecord, 'events'> | undefined, contract: Pick<Contract, 'faultLevels'>, now: Date): EventProblem[] {
  const known = new Set(previous?.events.map((e) => e.id) ?? []);
  const ordered = orderEvents(record.events);
  const problems: EventProblem[] = [];
  ordered.forEach((event, i) => {
    if (known.has(event.id)) return;
    for (const p of checkEvent({ events: ordered.slice(0, i) }, event, contract, now)) {
      if (FLAG_ONLY.has(p.code) || (previous && STATE_RULES.has(p.code))) continue;
      problems.push({ eventId: event.id, code: p.code, message: p.message });
    }
  });
  return problems;
}

/** Events of the previous version this one lacks or holds with other content: the append-only rule. */
export function appendOnlyBreaks(previous: Pick<ServiceRecord, 'events'>, next: Pick<ServiceRecord, 'events'>): { removed: string[]; altered: string[] } | undefined {
  const nextById = new Map<string, ServiceEvent>(next.events.map((e) => [e.id, e]));
  const removed: string[] = [];
  const altered: string[] = [];
  for (const e of previous.events) {
    const now = nextById.get(e.id);
    if (!now) removed.push(e.id);
    else if (canonicalJson(now) !== canonicalJson(e)) altered.push(e.id);
  }
  return removed.length || altered.length ? { removed, altered } : undefined;
}
