/**
 * The 附件1 events on a service record (issue 12): `spot_check` (an evaluator's 合格/不合格 on the
 * handled record) and `assess` (恶性事件, 未提前通知, with a reason). The schema, the fold (latest
 * per evaluator, latest assessment), the rules (a spot check only once resolved or closed; an
 * assessment needs a reason) and the merge (both devices' events kept).
 */
import { describe, expect, it } from 'vitest';
import type { Contract } from '../../src-shared/catalog/reference';
import { foldRecord } from '../../src-shared/service/fold';
import { mergeRecords } from '../../src-shared/service/merge';
import { ServiceEvent, ServiceRecord } from '../../src-shared/service/record';
import { checkEvent } from '../../src-shared/service/rules';
import { en } from '../../src-shared/i18n/en';
import { zhCN } from '../../src-shared/i18n/zh-CN';

const contract: Pick<Contract, 'faultLevels'> = { faultLevels: [{ id: 'fatal', kinds: ['fault'] }] as unknown as Contract['faultLevels'] };
const NOW = new Date('2026-04-02T04:00:00.000Z');
let n = 0;
const base = (writer: string, minute: number) => ({ id: `${writer}-${++n}`, recordedAt: new Date(Date.parse('2026-04-01T01:00:00Z') + minute * 60_000).toISOString(), by: '张工' });

const opened: ServiceEvent[] = [
  { ...base('a', 0), type: 'classify', kind: 'fault', levelId: 'fatal' },
  { ...base('a', 0), type: 'step', step: 'reported', at: '2026-04-01T01:00:00.000Z' },
];
const resolved: ServiceEvent = { ...base('a', 30), type: 'step', step: 'resolved', at: '2026-04-01T01:30:00.000Z' };
const spot = (writer: string, minute: number, evaluator: 'department' | 'it_office', result: 'pass' | 'fail'): ServiceEvent => ({ ...base(writer, minute), type: 'spot_check', evaluator, result, note: '' });
const assess = (writer: string, minute: number, adverseEvent: boolean, noticeFailure: boolean, reason = '科室反映'): ServiceEvent => ({ ...base(writer, minute), type: 'assess', adverseEvent, noticeFailure, reason });

function record(events: ServiceEvent[]): ServiceRecord {
  return ServiceRecord.parse({
    id: 'r1',
    hospitalId: 'wuhan-central',
    contractId: 'whch-drg-2026',
    subject: { kind: 'contract' },
    channel: 'written',
    reporter: { name: '王护士' },
    createdAt: '2026-04-01T01:00:00.000Z',
    createdBy: 'a',
    events,
  });
}

describe('schema', () => {
  it('takes a spot check by either evaluator, with the note defaulting to empty', () => {
    const parsed = ServiceEvent.parse({ id: 'a-1', recordedAt: '2026-04-01T01:00:00.000Z', by: '张工', type: 'spot_check', evaluator: 'it_office', result: 'fail' });
    expect(parsed).toMatchObject({ evaluator: 'it_office', result: 'fail', note: '' });
  });

  it('refuses an unknown evaluator or result, an assessment without a reason, and a blank reason', () => {
    const b = { id: 'a-1', recordedAt: '2026-04-01T01:00:00.000Z', by: '张工' };
    expect(ServiceEvent.safeParse({ ...b, type: 'spot_check', evaluator: 'engineer', result: 'pass' }).success).toBe(false);
    expect(ServiceEvent.safeParse({ ...b, type: 'spot_check', evaluator: 'department', result: 'good' }).success).toBe(false);
    expect(ServiceEvent.safeParse({ ...b, type: 'assess', adverseEvent: true, noticeFailure: false }).success).toBe(false);
    expect(ServiceEvent.safeParse({ ...b, type: 'assess', adverseEvent: true, noticeFailure: false, reason: '   ' }).success).toBe(false);
    expect(ServiceEvent.safeParse({ ...b, type: 'assess', adverseEvent: 'yes', noticeFailure: false, reason: 'x' }).success).toBe(false);
  });
});

describe('fold', () => {
  it('no spot check and no assessment: empty, absent', () => {
    const s = foldRecord(record([...opened, resolved]));
    expect(s.spotChecks).toEqual({});
    expect(s.assessment).toBeUndefined();
  });

  it('the latest spot check per evaluator, the latest assessment', () => {
    const s = foldRecord(record([...opened, resolved, spot('a', 40, 'department', 'fail'), spot('a', 50, 'department', 'pass'), spot('a', 45, 'it_office', 'fail'), assess('a', 60, true, true), assess('a', 70, false, true, '复核后不属于恶性事件')]));
    expect(s.spotChecks.department?.result).toBe('pass');
    expect(s.spotChecks.it_office?.result).toBe('fail');
    expect(s.assessment).toMatchObject({ adverseEvent: false, noticeFailure: true, reason: '复核后不属于恶性事件' });
  });
});

describe('rules', () => {
  const codes = (events: ServiceEvent[], e: ServiceEvent) => checkEvent({ events }, e, contract, NOW).map((p) => p.code);

  it('a spot check on an open record is refused; once resolved, or closed, it is taken', () => {
    expect(codes(opened, spot('a', 40, 'department', 'pass'))).toEqual(['spot_check_before_resolution']);
    expect(codes([...opened, resolved], spot('a', 40, 'department', 'pass'))).toEqual([]);
    const closed: ServiceEvent = { ...base('a', 35), type: 'step', step: 'closed', at: '2026-04-01T01:35:00.000Z' };
    expect(codes([...opened, closed], spot('a', 40, 'it_office', 'fail'))).toEqual([]);
  });

  it('an assessment may come at any time, but a blank reason is refused even past the schema', () => {
    expect(codes(opened, assess('a', 10, true, false))).toEqual([]);
    expect(codes(opened, assess('a', 10, true, false, ' '))).toEqual(['reason_required']);
  });

  it('every new rule code has a sentence in both languages', () => {
    for (const key of ['rule.spot_check_before_resolution', 'sync.office.spot_check_before_resolution'] as const) {
      expect(zhCN[key].length).toBeGreaterThan(5);
      expect(en[key].length).toBeGreaterThan(5);
    }
  });
});

describe('merge', () => {
  it('two devices’ spot checks and assessments are all kept; the fold orders them by seq then time', () => {
    const common = [...opened, resolved];
    const mine = record([...common, { ...spot('a', 40, 'department', 'pass'), seq: 4 }, { ...assess('a', 41, false, false), seq: 5 }]);
    const theirs = record([...common, { ...spot('b', 42, 'it_office', 'fail'), seq: 4 }, { ...assess('b', 43, true, false, '患者投诉'), seq: 5 }]);
    const { record: merged, clashes } = mergeRecords(mine, theirs);
    expect(clashes).toEqual([]);
    expect(merged.events.filter((e) => e.type === 'spot_check' || e.type === 'assess')).toHaveLength(4);
    const s = foldRecord(merged);
    expect(s.spotChecks.department?.result).toBe('pass');
    expect(s.spotChecks.it_office?.result).toBe('fail');
    // Same seq: the one written later (by device time) is applied last and stands.
    expect(s.assessment).toMatchObject({ adverseEvent: true, reason: '患者投诉' });
  });
});
