/**
 * The clock on every seed contract's own terms: clock hours across nights and holidays, service
 * hours, working days over weekends, the Spring Festival and National Day and their 调休 make-up
 * Saturdays, seed 001's outside-hours promises and seed 004's written-report start.
 */
import { describe, expect, it } from 'vitest';
import { scheduleClocks } from '../../../src-shared/sla/clock';
import { CALENDAR, contractOf, dues, state } from './fixtures';

const schedule = (seed: string, levelId: string, steps: Parameters<typeof state>[1]) => scheduleClocks(state(levelId, steps), contractOf(seed), CALENDAR);

describe('000 郁南县人民医院: clock hours 7×24, working days on the calendar', () => {
  it('一级 at night on a Spring Festival holiday: 30 minutes, 6 hours, counted through the night', () => {
    expect(dues(schedule('000', 'level-1', { reported: '2026-02-16 23:00' }))).toEqual({
      respond: '2026-02-16 23:30',
      onSite: '2026-02-17 05:00',
      resolve: '2026-02-17 05:00',
    });
  });

  it('三级 on the Friday before the Spring Festival: 1 working day lands on the 调休 Saturday', () => {
    expect(dues(schedule('000', 'level-3', { reported: '2026-02-13 16:00' }))).toEqual({ respond: '2026-02-13 18:00', onSite: '2026-02-14 16:00' });
  });

  it('三级 late on the 调休 Saturday: the nine holidays are skipped', () => {
    expect(dues(schedule('000', 'level-3', { reported: '2026-02-14 17:00' })).onSite).toBe('2026-02-24 17:00');
  });

  it('四级: 2 working days, the same hour two working days later', () => {
    expect(dues(schedule('000', 'level-4', { reported: '2026-02-12 10:00' })).onSite).toBe('2026-02-14 10:00');
    expect(dues(schedule('000', 'level-4', { reported: '2026-03-10 10:00' })).onSite).toBe('2026-03-12 10:00');
  });

  it('二级 on site or remote: a remote session meets the 12 hours', () => {
    const s = schedule('000', 'level-2', { reported: '2026-03-10 10:00', responded: '2026-03-10 10:20', remote_started: '2026-03-10 15:00' });
    expect(s.clocks.find((c) => c.step === 'onSite')).toMatchObject({ doneAt: expect.stringContaining('2026-03-10T07:00') });
  });
});

describe('001 广东省人民医院: workdays 8:00-18:00, other promises outside working time', () => {
  it('in working time: 0.5 h, 1 h, and 2 working days across National Day', () => {
    expect(dues(schedule('001', 'fault', { reported: '2025-09-30 17:30' }))).toEqual({
      respond: '2025-09-30 18:00',
      onSite: '2025-09-30 18:30',
      resolve: '2025-10-10 17:30',
    });
  });

  it('on a National Day holiday: 1 h and 2 h, then 2 working days from the first working morning', () => {
    expect(dues(schedule('001', 'fault', { reported: '2025-10-01 10:00' }))).toEqual({
      respond: '2025-10-01 11:00 (outside)',
      onSite: '2025-10-01 12:00 (outside)',
      resolve: '2025-10-10 18:00 (outside)',
    });
  });

  it('at night on a working day, and on a weekend, the outside promises apply', () => {
    expect(dues(schedule('001', 'fault', { reported: '2025-03-04 19:00' })).respond).toBe('2025-03-04 20:00 (outside)');
    expect(dues(schedule('001', 'fault', { reported: '2025-03-08 09:00' })).onSite).toBe('2025-03-08 11:00 (outside)');
  });

  it('on a 调休 Saturday it is working time', () => {
    expect(dues(schedule('001', 'fault', { reported: '2025-09-28 09:00' })).respond).toBe('2025-09-28 09:30');
  });

  it('错误/数据修复: 1 working day, into the make-up Saturday after National Day', () => {
    expect(dues(schedule('001', 'error-data-repair', { reported: '2025-10-10 15:00' }))).toEqual({ resolve: '2025-10-11 15:00' });
  });

  it('修改调整: 30 calendar days', () => {
    expect(dues(schedule('001', 'change', { reported: '2025-01-20 10:00' }))).toEqual({ resolve: '2025-02-19 10:00' });
  });
});

describe('002 湛江中心人民医院: working time only, solutions proposed in working days', () => {
  it('一般性故障 late on a Friday: 2 hours of working time, then a solution 3 working days after the response (due Monday 09:00 while none is recorded)', () => {
    expect(dues(schedule('002', 'general', { reported: '2026-01-30 16:30' }))).toEqual({ respond: '2026-02-02 09:00', propose: '2026-02-05 09:00' });
  });

  it('over the Spring Festival: the 调休 Saturday counts, the holidays do not', () => {
    expect(dues(schedule('002', 'general', { reported: '2026-02-13 17:00' }))).toEqual({ respond: '2026-02-14 09:30', propose: '2026-02-26 09:30' });
  });

  it('需求变更: 7 working days to propose a solution', () => {
    expect(dues(schedule('002', 'change-request', { reported: '2026-03-02 09:00' })).propose).toBe('2026-03-11 11:00');
  });

  it('"在响应后": the solution clock starts at the response once it is recorded', () => {
    expect(dues(schedule('002', 'change-request', { reported: '2026-03-02 09:00', responded: '2026-03-02 09:20' })).propose).toBe('2026-03-11 09:20');
    const late = schedule('002', 'general', { reported: '2026-03-02 09:00', responded: '2026-03-02 14:00' });
    expect(dues(late).propose).toBe('2026-03-05 14:00');
    expect(late.clocks.find((c) => c.step === 'propose')?.start).toBe(late.clocks.find((c) => c.step === 'respond')?.doneAt);
  });

  it('灾难性故障 at night: answered the next working morning', () => {
    expect(dues(schedule('002', 'catastrophic', { reported: '2026-03-03 22:00' }))).toEqual({ respond: '2026-03-04 09:00' });
  });

  it('a resolution also meets the promise to propose one', () => {
    const s = schedule('002', 'general', { reported: '2026-03-02 09:00', responded: '2026-03-02 09:30', resolved: '2026-03-03 11:00' });
    expect(s.clocks.map((c) => c.doneAt !== undefined)).toEqual([true, true]);
  });
});

describe('003 排队叫号: immediate response, setting out in working days', () => {
  it('系统灾难故障 on a Sunday night: immediately (15 minutes) and on site within 2 hours', () => {
    expect(dues(schedule('003', 'disaster', { reported: '2026-03-08 03:00' }))).toEqual({ respond: '2026-03-08 03:15', onSite: '2026-03-08 05:00' });
  });

  it('一般错误: sets out within 1 working day, across National Day', () => {
    expect(dues(schedule('003', 'general-error', { reported: '2026-09-30 14:00' }))).toEqual({ setOut: '2026-10-08 14:00' });
  });

  it('一般需求: 3 working days, counting the 调休 Saturday after National Day', () => {
    expect(dues(schedule('003', 'general-request', { reported: '2026-10-09 10:00' }))).toEqual({ setOut: '2026-10-13 10:00' });
  });

  it('arriving meets the promise to set out', () => {
    const s = schedule('003', 'general-error', { reported: '2026-03-02 09:00', arrived: '2026-03-02 15:00' });
    expect(s.clocks[0]).toMatchObject({ step: 'setOut', doneAt: expect.stringContaining('2026-03-02T07:00') });
  });
});

describe('004 武汉市中心医院: 7×24, from the written report', () => {
  it('starts at the written report when there is one, else at the report', () => {
    expect(dues(schedule('004', 'fatal', { reported: '2026-03-02 10:00', written_report: '2026-03-02 11:00' }))).toEqual({
      respond: '2026-03-02 12:00',
      onSite: '2026-03-02 13:00',
      resolve: '2026-03-02 13:00',
    });
    expect(dues(schedule('004', 'fatal', { reported: '2026-03-02 10:00' })).resolve).toBe('2026-03-02 12:00');
  });

  it('特殊服务: immediately; 咨询: 12 hours through the night', () => {
    expect(dues(schedule('004', 'special', { reported: '2026-02-17 02:00' }))).toEqual({ respond: '2026-02-17 02:15' });
    expect(dues(schedule('004', 'consultation', { reported: '2026-02-17 20:00' }))).toEqual({ respond: '2026-02-18 08:00' });
  });

  it('需求变更: 3 working days of whole days, over 清明', () => {
    expect(dues(schedule('004', 'change', { reported: '2026-04-03 10:00' }))).toEqual({ respond: '2026-04-03 22:00', resolve: '2026-04-09 10:00' });
  });

  it('维护培训 has no clock', () => {
    expect(schedule('004', 'training', { reported: '2026-04-03 10:00' }).clocks).toEqual([]);
  });
});
