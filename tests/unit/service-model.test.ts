/**
 * The shared service-record model (src-shared/service): the fold (what a record says now), the
 * rules (every RuleCode, each met by the event that should meet it and not by its neighbour), and
 * the merge two devices' edits meet in (both histories stay).
 */
import { describe, expect, it } from 'vitest';
import type { Contract } from '../../src-shared/catalog/reference';
import { foldRecord, MAX_CLOCK_SKEW_MS, orderEvents } from '../../src-shared/service/fold';
import { mergeRecords } from '../../src-shared/service/merge';
import { CATALOG_LIMITS } from '../../src-shared/domain/limits';
import { ServiceDocumentInput } from '../../src-shared/report/service-document';
import { SERVICE_LIMITS, ServiceRecord, type ServiceEvent } from '../../src-shared/service/record';
import { checkEvent, FUTURE_TOLERANCE_MS, type RuleCode } from '../../src-shared/service/rules';
import { en } from '../../src-shared/i18n/en';
import { zhCN } from '../../src-shared/i18n/zh-CN';

const contract: Pick<Contract, 'faultLevels'> = {
  faultLevels: [
    { id: 'fatal', kinds: ['fault'] },
    { id: 'request', kinds: ['change', 'consultation'] },
  ] as unknown as Contract['faultLevels'],
};
const NOW = new Date('2026-11-02T04:00:00.000Z');
let seq = 0;
const base = (writer = 'a') => ({ id: `${writer}-${++seq}`, recordedAt: '2026-11-02T03:00:00.000Z', by: '张工' });

const classify = (levelId = 'fatal', kind: 'fault' | 'change' = 'fault'): ServiceEvent => ({ ...base(), type: 'classify', kind, levelId });
type StepEvent = Extract<ServiceEvent, { type: 'step' }>;
const step = (s: StepEvent['step'], at: string, extra: Partial<StepEvent> = {}): ServiceEvent => ({ ...base(), type: 'step', step: s, at, ...extra });

function record(events: ServiceEvent[]): ServiceRecord {
  return ServiceRecord.parse({
    id: 'r1',
    hospitalId: 'queue-demo',
    contractId: 'queue-demo-2026',
    subject: { kind: 'contract' },
    channel: 'phone',
    reporter: { name: '王护士' },
    createdAt: '2026-11-02T03:00:00.000Z',
    createdBy: 'a',
    events,
  });
}

const codes = (r: Pick<ServiceRecord, 'events'>, e: ServiceEvent): RuleCode[] => checkEvent(r, e, contract, NOW).map((p) => p.code);

describe('service limits', () => {
  it('a record made from a failed item can take the longest label a template may have as its title, and its documents print it', () => {
    expect(SERVICE_LIMITS.title).toBeGreaterThanOrEqual(CATALOG_LIMITS.label);
    const label = '检'.repeat(CATALOG_LIMITS.label);
    expect(ServiceDocumentInput.shape.title.safeParse(label).success).toBe(true);
  });
});

describe('service rules', () => {
  const reported = step('reported', '2026-11-02T02:00:00.000Z');
  const open = record([classify(), reported]);

  it('level_unknown and level_wrong_kind', () => {
    expect(codes(open, classify('nope'))).toEqual(['level_unknown']);
    expect(codes(open, classify('request', 'fault'))).toEqual(['level_wrong_kind']);
    expect(codes(open, classify('request', 'change'))).toEqual([]);
    expect(codes(open, classify('fatal'))).toEqual([]);
  });

  it('time_in_future, with the tolerance for a clock a little ahead', () => {
    const ahead = new Date(NOW.getTime() + FUTURE_TOLERANCE_MS).toISOString();
    const beyond = new Date(NOW.getTime() + FUTURE_TOLERANCE_MS + 1000).toISOString();
    expect(codes(open, step('responded', ahead))).toEqual([]);
    expect(codes(open, step('responded', beyond))).toEqual(['time_in_future']);
    expect(codes(open, { ...base(), type: 'pause', at: beyond, reason: '等' })).toEqual(['time_in_future']);
  });

  it('step_before_report, both ways', () => {
    expect(codes(open, step('responded', '2026-11-02T01:59:00.000Z'))).toEqual(['step_before_report']);
    const responded = record([classify(), reported, step('responded', '2026-11-02T02:10:00.000Z')]);
    expect(codes(responded, step('reported', '2026-11-02T02:20:00.000Z', { corrects: reported.id, reason: '记错' }))).toEqual(['step_before_report']);
    expect(codes(responded, step('reported', '2026-11-02T02:05:00.000Z', { corrects: reported.id, reason: '记错' }))).toEqual([]);
  });

  it('reason_required and correction_unknown', () => {
    expect(codes(open, step('reported', '2026-11-02T01:00:00.000Z', { corrects: reported.id }))).toEqual(['reason_required']);
    expect(codes(open, step('responded', '2026-11-02T03:00:00.000Z', { corrects: reported.id, reason: '记错' }))).toEqual(['correction_unknown']);
    expect(codes(open, step('reported', '2026-11-02T01:00:00.000Z', { corrects: 'x-99', reason: '记错' }))).toEqual(['correction_unknown']);
  });

  it('follow_up_before_resolution', () => {
    const call: ServiceEvent = { ...base(), type: 'follow_up', at: '2026-11-02T03:30:00.000Z', contact: '王护士', rating: 'good', comment: '' };
    expect(codes(open, call)).toEqual(['follow_up_before_resolution']);
    expect(codes(record([classify(), reported, step('resolved', '2026-11-02T03:00:00.000Z')]), call)).toEqual([]);
    expect(codes(record([classify(), reported, step('solution_proposed', '2026-11-02T03:00:00.000Z')]), call)).toEqual([]);
    // A call dated before the repair it follows up, or before the report, is refused too.
    const resolvedLate = record([classify(), reported, step('resolved', '2026-11-02T03:45:00.000Z')]);
    expect(codes(resolvedLate, call)).toEqual(['follow_up_before_resolution']);
    expect(codes(resolvedLate, { ...call, at: '2026-11-02T01:00:00.000Z' })).toEqual(['follow_up_before_resolution', 'step_before_report']);
  });

  it('compares times to the minute and as instants: a call typed for 11:45 follows a repair tapped at 11:45:27, and "+08:00" equals "Z"', () => {
    const tapped = record([classify(), reported, step('resolved', '2026-11-02T03:45:27.512Z')]);
    const call: ServiceEvent = { ...base(), type: 'follow_up', at: '2026-11-02T11:45:00.000+08:00', contact: '王护士', rating: 'good', comment: '' };
    expect(codes(tapped, call)).toEqual([]);
    expect(codes(tapped, { ...call, at: '2026-11-02T11:44:00.000+08:00' })).toEqual(['follow_up_before_resolution']);
    // 09:59 in China is 01:59Z: before the report at 02:00Z, whatever the text says.
    expect(codes(open, step('responded', '2026-11-02T09:59:00.000+08:00'))).toEqual(['step_before_report']);
  });

  it('a repair corrected to after a follow-up call already recorded is refused', () => {
    const resolved = step('resolved', '2026-11-02T03:20:00.000Z');
    const called = record([classify(), reported, resolved, { ...base(), type: 'follow_up', at: '2026-11-02T03:21:00.000Z', contact: '王护士', rating: 'good', comment: '' }]);
    expect(codes(called, step('resolved', '2026-11-02T03:24:00.000Z', { corrects: resolved.id, reason: '记错' }))).toEqual(['follow_up_before_resolution']);
    expect(codes(called, step('resolved', '2026-11-02T03:18:00.000Z', { corrects: resolved.id, reason: '记错' }))).toEqual([]);
  });

  it('a pause or a resumption before the report is refused as step_before_report', () => {
    expect(codes(open, { ...base(), type: 'pause', at: '2026-11-02T01:00:00.000Z', reason: '锁门' })).toEqual(['step_before_report']);
  });

  it('already_paused, resume_without_pause and record_closed', () => {
    const pause: ServiceEvent = { ...base(), type: 'pause', at: '2026-11-02T02:30:00.000Z', reason: '锁门' };
    const resume: ServiceEvent = { ...base(), type: 'resume', at: '2026-11-02T02:40:00.000Z' };
    expect(codes(open, resume)).toEqual(['resume_without_pause']);
    expect(codes(open, pause)).toEqual([]);
    const paused = record([classify(), reported, pause]);
    expect(codes(paused, { ...pause, id: 'a-900' })).toEqual(['already_paused']);
    expect(codes(paused, resume)).toEqual([]);
    const closed = record([classify(), reported, step('resolved', '2026-11-02T03:00:00.000Z'), step('closed', '2026-11-02T03:10:00.000Z')]);
    expect(codes(closed, pause)).toEqual(['record_closed']);
  });

  it('has a sentence for every rule code in both languages', () => {
    const all: RuleCode[] = ['level_unknown', 'level_wrong_kind', 'time_in_future', 'step_before_report', 'reason_required', 'correction_unknown', 'follow_up_before_resolution', 'resume_without_pause', 'already_paused', 'record_closed', 'spot_check_before_resolution'];
    for (const code of all) {
      expect(zhCN[`rule.${code}`]).toMatch(/\S/);
      expect(en[`rule.${code}`]).toMatch(/\S/);
    }
    expect(Object.keys(zhCN).filter((k) => k.startsWith('rule.')).sort()).toEqual(all.map((c) => `rule.${c}`).sort());
  });
});

describe('service fold', () => {
  it('folds level, texts, steps with their history, pauses, follow-ups, status and skewed events', () => {
    const reported = step('reported', '2026-11-02T02:00:00.000Z');
    const responded = step('responded', '2026-11-02T02:30:00.000Z');
    const events: ServiceEvent[] = [
      classify(),
      { ...base(), type: 'text', field: 'title', value: '叫号屏黑屏' },
      reported,
      responded,
      step('responded', '2026-11-02T02:20:00.000Z', { corrects: responded.id, reason: '记错' }),
      { ...base(), type: 'pause', at: '2026-11-02T02:40:00.000Z', reason: '锁门' },
      { ...base(), type: 'resume', at: '2026-11-02T02:50:00.000Z' },
      { ...base(), type: 'classify', kind: 'fault', levelId: 'request' },
      { ...base(), type: 'text', field: 'title', value: '叫号屏不亮' },
      step('resolved', '2026-11-02T03:00:00.000Z', { clock: { officeEstimate: '2026-11-02T02:50:00.000Z', skewMs: MAX_CLOCK_SKEW_MS + 1, basis: 'monotonic' } }),
      { ...base(), type: 'follow_up', at: '2026-11-02T03:30:00.000Z', contact: '王护士', rating: 'excellent', comment: '' },
    ];
    const state = foldRecord(record(events));
    expect(state).toMatchObject({ kind: 'fault', levelId: 'request', firstLevelId: 'fatal', status: 'resolved' });
    expect(state.texts.title).toBe('叫号屏不亮');
    expect(state.steps.responded).toMatchObject({ at: '2026-11-02T02:20:00.000Z', history: [{ at: '2026-11-02T02:30:00.000Z', eventId: responded.id }] });
    expect(state.pauses).toEqual([{ from: '2026-11-02T02:40:00.000Z', to: '2026-11-02T02:50:00.000Z', reason: '锁门' }]);
    expect(state.followUps).toHaveLength(1);
    expect(state.skewed.map((e) => e.type)).toEqual(['step']);
  });

  it('a withdrawn step is gone from the steps and stays in the events', () => {
    const resolved = step('resolved', '2026-11-02T03:00:00.000Z');
    const r = record([classify(), step('reported', '2026-11-02T02:00:00.000Z'), resolved, step('resolved', '2026-11-02T03:00:00.000Z', { corrects: resolved.id, reason: '点错了', withdrawn: true })]);
    const state = foldRecord(r);
    expect(state.steps.resolved).toBeUndefined();
    expect(state.status).toBe('open');
    expect(r.events).toHaveLength(4);
  });

  it('orders events by device time then id, whatever order they arrive in', () => {
    const a = { ...classify(), recordedAt: '2026-11-02T03:00:00.000Z', id: 'b-1' };
    const b = { ...classify('request', 'change'), recordedAt: '2026-11-02T03:00:00.000Z', id: 'a-1' };
    expect(orderEvents([a, b]).map((e) => e.id)).toEqual(['a-1', 'b-1']);
    expect(foldRecord({ events: [a, b] }).levelId).toBe(foldRecord({ events: [b, a] }).levelId);
  });
});

describe('service merge', () => {
  it('keeps both devices\' histories: the union of the events, photos by hash, clashes reported', () => {
    const shared = [classify(), step('reported', '2026-11-02T02:00:00.000Z')];
    const mine = record([...shared, { ...base('a'), type: 'text', field: 'cause', value: '电源坏' }, step('responded', '2026-11-02T02:10:00.000Z')]);
    const theirs = record([...shared, { ...base('b'), type: 'text', field: 'workaround', value: '换备用屏' }, { ...step('arrived', '2026-11-02T02:40:00.000Z'), id: 'b-77' }]);
    const photo = { sha256: 'c'.repeat(64), size: 10, mime: 'image/jpeg' as const };
    const { record: merged, clashes } = mergeRecords(mine, { ...theirs, photos: [photo] });
    expect(merged.events).toHaveLength(6);
    expect(clashes).toEqual([]);
    expect(merged.photos).toEqual([photo]);
    const state = foldRecord(merged);
    expect(state.texts).toMatchObject({ cause: '电源坏', workaround: '换备用屏' });
    expect(Object.keys(state.steps).sort()).toEqual(['arrived', 'reported', 'responded']);
    // Merging again changes nothing, whichever side merges.
    expect(mergeRecords(merged, theirs).record.events).toHaveLength(6);
    expect(foldRecord(mergeRecords(theirs, mine).record)).toEqual(state);

    const clash = mergeRecords(mine, record([...shared.slice(0, 1), { ...shared[1]!, at: '2026-11-02T01:00:00.000Z' } as ServiceEvent]));
    expect(clash.clashes).toEqual([shared[1]!.id]);
  });
});
