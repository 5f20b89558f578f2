/**
 * Every contract's promises held against the tender's own words (issue 11, item 3): each quote is
 * in the seed (whitespace aside), each promised number is in the quotes with its unit, and the
 * terms that were once wrong are pinned one by one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src-main/catalog/load-catalog';
import type { Contract, Duration, FaultLevel, PromiseStep } from '../../src-shared/catalog/reference';
import { suggestFaultLevel } from '../../src-shared/domain/answer';

const catalog = await loadCatalog(path.resolve('assets/catalog'));
const contracts = catalog.hospitals.flatMap((h) => h.contracts);
const squash = (text: string): string => text.replace(/\s+/g, '');
const seedText = (c: Contract): string => squash(readFileSync(path.join('/work/shared/seeds', c.seed), 'utf8'));
const bySeed = (prefix: string): Contract => {
  const found = contracts.find((c) => c.seed.startsWith(prefix));
  if (!found) throw new Error(`no contract from seed ${prefix}`);
  return found;
};
const level = (c: Contract, id: string): FaultLevel => {
  const found = c.faultLevels.find((l) => l.id === id);
  if (!found) throw new Error(`${c.id} has no level ${id}`);
  return found;
};

const CHINESE_DIGITS: Record<string, string> = { 1: '[1一]', 2: '[2二两]', 3: '[3三]', 4: '[4四]', 7: '[7七]' };
const UNIT_WORDS: Record<Duration['unit'], string> = { minute: '分钟', hour: '个?小时', day: '天', working_hour: '个?工作小时', working_day: '个?工作日' };

/** The promise as the seed writes it: "2小时", "1个工作日", "三个工作日", "0.5小时", "立即". */
function wording(d: Duration): RegExp {
  if (d.amount === 0) return /立即/;
  const digits = CHINESE_DIGITS[String(d.amount)] ?? String(d.amount).replace('.', '\\.');
  return new RegExp(`(?<![\\d.])${digits}${UNIT_WORDS[d.unit]}`);
}

const STEPS: PromiseStep[] = ['respond', 'setOut', 'onSite', 'propose', 'resolve'];
const promisesOf = (l: FaultLevel): [string, Duration][] => [
  ...STEPS.flatMap((s): [string, Duration][] => (l[s] ? [[s, l[s]]] : [])),
  ...STEPS.flatMap((s): [string, Duration][] => (l.outsideHours?.[s] ? [[`outsideHours.${s}`, l.outsideHours[s]]] : [])),
];

describe('contract terms against the seeds', () => {
  it('covers the five seeds', () => {
    expect(contracts.map((c) => c.seed.slice(0, 3)).sort()).toEqual(['000', '001', '002', '003', '004']);
  });

  for (const c of contracts) {
    describe(`${c.seed.slice(0, 3)} ${c.id}`, () => {
      const seed = seedText(c);
      for (const l of c.faultLevels) {
        it(`${l.id}: quotes are the seed's words and carry every promise`, () => {
          expect(l.quotes.length, `${l.id} has no quotes`).toBeGreaterThan(0);
          for (const q of [...l.quotes, ...l.alsoStated.map((a) => a.quote)]) expect(seed.includes(squash(q)), q).toBe(true);
          const quoted = squash(l.quotes.join(' '));
          for (const [step, d] of promisesOf(l)) expect(quoted, `${l.id} ${step} ${d.amount} ${d.unit}`).toMatch(wording(d));
          for (const a of l.alsoStated) expect(squash(a.quote), `${l.id} alsoStated ${a.step}`).toMatch(wording(a.target));
        });
      }
    });
  }
});

describe('each seed’s terms', () => {
  it('000: four levels, 二级 to 四级 met on site or remotely', () => {
    const c = bySeed('000');
    expect(c.faultLevels.map((l) => l.id)).toEqual(['level-1', 'level-2', 'level-3', 'level-4']);
    expect(level(c, 'level-1')).toMatchObject({ respond: { amount: 30, unit: 'minute' }, onSite: { amount: 6, unit: 'hour' }, resolve: { amount: 6, unit: 'hour' }, onSiteBy: 'arrival' });
    expect(level(c, 'level-2')).toMatchObject({ respond: { amount: 1, unit: 'hour' }, onSite: { amount: 12, unit: 'hour' }, onSiteBy: 'arrival_or_remote' });
    expect(level(c, 'level-3')).toMatchObject({ respond: { amount: 2, unit: 'hour' }, onSite: { amount: 1, unit: 'working_day' }, onSiteBy: 'arrival_or_remote' });
    expect(level(c, 'level-4')).toMatchObject({ onSite: { amount: 2, unit: 'working_day' }, onSiteBy: 'arrival_or_remote' });
    expect(c.clockStart).toBe('reported');
  });

  it('001: different promises outside working hours; errors and data repaired in 1 working day; changes within 30 days', () => {
    const c = bySeed('001');
    const fault = level(c, 'fault');
    expect(fault).toMatchObject({ respond: { amount: 0.5, unit: 'hour' }, onSite: { amount: 1, unit: 'hour' }, resolve: { amount: 2, unit: 'working_day' } });
    expect(fault.outsideHours).toEqual({ respond: { amount: 1, unit: 'hour' }, onSite: { amount: 2, unit: 'hour' }, resolve: { amount: 2, unit: 'working_day' } });
    expect(c.serviceHours).toMatchObject({ days: 'workdays', start: '08:00', end: '18:00' });
    expect(level(c, 'error-data-repair')).toMatchObject({ kinds: ['fault', 'data_repair'], resolve: { amount: 1, unit: 'working_day' } });
    expect(level(c, 'change')).toMatchObject({ kinds: ['change'], resolve: { amount: 30, unit: 'day' } });
  });

  it('002: 3 and 7 working days are for proposing a solution, not resolving; follow-up calls', () => {
    const c = bySeed('002');
    expect(c.followUpCalls).toBe(true);
    expect(level(c, 'catastrophic')).toMatchObject({ respond: { amount: 1, unit: 'hour' } });
    for (const [id, days] of [['general', 3], ['change-request', 7]] as const) {
      const l = level(c, id);
      expect(l.respond).toEqual({ amount: 2, unit: 'hour' });
      expect(l.propose).toEqual({ amount: days, unit: 'working_day' });
      // "在响应后 N 个工作日内提出解决方案": counted from the response, not the report.
      expect(l.proposeFrom).toBe('response');
      expect(l.quotes.join('')).toContain(`在响应后 ${days} 个工作日内提出解决方案`);
      expect(l.resolve).toBeUndefined();
    }
    expect(level(c, 'change-request').kinds).toEqual(['change']);
  });

  it('003: 出发 is setting out, not arrival; the disaster is answered immediately and reached in 2 hours', () => {
    const c = bySeed('003');
    expect(level(c, 'disaster')).toMatchObject({ respond: { amount: 0 }, onSite: { amount: 2, unit: 'hour' } });
    expect(level(c, 'severe')).toMatchObject({ respond: { amount: 1, unit: 'hour' } });
    for (const [id, days] of [['general-error', 1], ['general-request', 3]] as const) {
      const l = level(c, id);
      expect(l.setOut).toEqual({ amount: days, unit: 'working_day' });
      expect(l.onSite).toBeUndefined();
    }
  });

  it('004: clock from the written report; Fatal resolved in 2 h, with the 4 h wording kept and explained', () => {
    const c = bySeed('004');
    expect(c.clockStart).toBe('written_report');
    const fatal = level(c, 'fatal');
    expect(fatal).toMatchObject({ respond: { amount: 1, unit: 'hour' }, onSite: { amount: 2, unit: 'hour' }, resolve: { amount: 2, unit: 'hour' } });
    expect(fatal.alsoStated).toEqual([expect.objectContaining({ step: 'resolve', target: { amount: 4, unit: 'hour' } })]);
    expect(fatal.alsoStated[0]!.quote).toContain('4小时内解决问题');
    expect(fatal.alsoStated[0]!.why.zh).toContain('2 小时');
    expect(level(c, 'serious').respond).toEqual({ amount: 2, unit: 'hour' });
    expect(level(c, 'minor').respond).toEqual({ amount: 4, unit: 'hour' });
  });

  it('004: the service table’s rows are levels with their kinds; training is booked, with no clock', () => {
    const c = bySeed('004');
    const row = (id: string) => {
      const l = level(c, id);
      return { kinds: l.kinds, respond: l.respond, resolve: l.resolve };
    };
    expect(row('consultation')).toEqual({ kinds: ['consultation'], respond: { amount: 12, unit: 'hour' }, resolve: undefined });
    expect(row('maintenance')).toEqual({ kinds: ['maintenance', 'routine'], respond: { amount: 12, unit: 'hour' }, resolve: undefined });
    expect(row('emergency')).toEqual({ kinds: ['fault', 'maintenance'], respond: { amount: 2, unit: 'hour' }, resolve: undefined });
    expect(row('change')).toEqual({ kinds: ['change'], respond: { amount: 12, unit: 'hour' }, resolve: { amount: 3, unit: 'working_day' } });
    expect(row('data-recovery')).toEqual({ kinds: ['data_repair'], respond: { amount: 2, unit: 'hour' }, resolve: undefined });
    expect(row('data-adjustment')).toEqual({ kinds: ['data_repair'], respond: { amount: 12, unit: 'hour' }, resolve: undefined });
    expect(row('special')).toEqual({ kinds: ['fault'], respond: { amount: 0, unit: 'minute' }, resolve: undefined });
    const training = level(c, 'training');
    expect(training.kinds).toEqual(['training']);
    expect(promisesOf(training)).toEqual([]);
    expect(training.quotes.join('')).toContain('法定工作日预约');
  });

  it('suggests a fault level, never a service request, for a failed inspection item', () => {
    const c = bySeed('004');
    const suggested = (['critical', 'major', 'minor', 'request'] as const).map((s) => suggestFaultLevel(c, s)?.id);
    // "request" has no fault level in 004: the nearest more serious one, not 咨询服务.
    expect(suggested).toEqual(['fatal', 'serious', 'minor', 'minor']);
    expect(suggestFaultLevel(bySeed('003'), 'request')?.id).toBe('general-request');
  });
});

describe('the contract period against the seeds (issue 12)', () => {
  for (const c of contracts) {
    it(`${c.seed.slice(0, 3)} ${c.id}: cadence, deliverables and evaluation quote the seed`, () => {
      const seed = seedText(c);
      const quotes = [
        c.inspection.cadence?.quote,
        ...c.deliverables.map((d) => d.quote),
        c.evaluation.signOff.quote,
        ...(c.evaluation.annex004?.quotes ?? []),
      ].filter((q): q is string => q !== undefined);
      expect(c.inspection.cadence, `${c.id} has no cadence`).toBeDefined();
      for (const q of quotes) expect(seed.includes(squash(q)), q).toBe(true);
    });
  }

  it('reads each seed’s cadence, deliverables and scale as written', () => {
    expect(contracts.map((c) => [c.seed.slice(0, 3), c.inspection.cadence?.every, c.inspection.cadence?.modes.join('+'), c.evaluation.signOff.scale]).sort()).toEqual([
      ['000', 'quarter', 'on_site', 'none'],
      ['001', 'quarter', 'on_site+remote', 'none'],
      ['002', 'month', 'on_site', 'satisfaction'],
      ['003', 'quarter', 'on_site', 'none'],
      ['004', 'half_year', 'on_site+remote', 'pass_fail'],
    ]);
    const drg = bySeed('004');
    expect(drg.deliverables.map((d) => `${d.id}:${d.every}:${d.ifAny}`)).toEqual([
      'inspection-report:quarter:false',
      'evaluation-report:quarter:false',
      'meeting-minutes:quarter:true',
      'change-list:quarter:true',
      'training-record:quarter:true',
      'tuning-record:quarter:true',
    ]);
    expect(drg.evaluation.annex004?.noticeFailurePenalty.map((p) => `${p.levelId}:${p.percent}`)).toEqual(['fatal:5', 'serious:3', 'minor:1']);
    expect(drg.evaluation.annex004?.grades.map((g) => g.minPercent)).toEqual([100, 90, 80]);
    expect(bySeed('002').deliverables.map((d) => d.source.kind === 'report' ? d.source.report : d.source.kind)).toEqual(['monthly_inspection', 'file', 'file', 'annual_summary']);
  });
});
