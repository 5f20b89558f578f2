/** Pauses, the clock's readings against now, and the Monday–Friday fallback for a year without data. */
import { describe, expect, it } from 'vitest';
import { clockStatus, IMMEDIATE_MS, scheduleClocks } from '../../../src-shared/sla/clock';
import { CALENDAR, cn, contractOf, dues, local, state } from './fixtures';

const at = (s: string): Date => new Date(cn(s));

describe('pauses', () => {
  it('a closed pause moves a clock-time promise by its length', () => {
    const s = scheduleClocks(state('fault', { reported: '2025-03-04 10:00' }, [{ from: '2025-03-04 10:10', to: '2025-03-04 10:40', reason: '机房钥匙在保卫科' }]), contractOf('001'), CALENDAR);
    expect(dues(s)).toMatchObject({ respond: '2025-03-04 11:00', onSite: '2025-03-04 11:30' });
    expect(s.clocks[0]!.pausedMs).toBe(30 * 60_000);
  });

  it('a pause over a night and a weekend moves a working-time promise by the working time in it only', () => {
    // 002, reported Friday 16:00: 2 working hours would end Monday 08:30; paused Friday 17:00 → Monday 09:00.
    const s = scheduleClocks(state('general', { reported: '2026-01-30 16:00' }, [{ from: '2026-01-30 17:00', to: '2026-02-02 09:00', reason: '科室周末无人' }]), contractOf('002'), CALENDAR);
    expect(dues(s).respond).toBe('2026-02-02 10:00');
    expect(s.clocks[0]!.pausedMs).toBe(1.5 * 3_600_000);
  });

  it('a pause after the due time, or after the step was done, changes nothing', () => {
    const plain = scheduleClocks(state('level-1', { reported: '2026-03-02 10:00', responded: '2026-03-02 10:20' }), contractOf('000'), CALENDAR);
    const late = scheduleClocks(
      state('level-1', { reported: '2026-03-02 10:00', responded: '2026-03-02 10:20' }, [{ from: '2026-03-02 10:25', to: '2026-03-02 12:00', reason: '等待院方' }]),
      contractOf('000'),
      CALENDAR,
    );
    expect(late.clocks[0]).toEqual(plain.clocks[0]);
    expect(dues(late)).toMatchObject({ onSite: '2026-03-02 17:35' });
  });

  it('a pause still running when the fault was resolved ends there: resuming later does not push the met clocks back', () => {
    // 000 level 1, reported 10:00 (respond 30 min): paused 10:05, resolved 10:50, resumed at 11:15.
    const steps = { reported: '2026-03-02 10:00', resolved: '2026-03-02 10:50' };
    const endsAtRepair = scheduleClocks(state('level-1', steps, [{ from: '2026-03-02 10:05', to: '2026-03-02 10:50', reason: '等待院方' }]), contractOf('000'), CALENDAR);
    const resumedLater = scheduleClocks(state('level-1', steps, [{ from: '2026-03-02 10:05', to: '2026-03-02 11:15', reason: '等待院方' }]), contractOf('000'), CALENDAR);
    const stillOpen = scheduleClocks(state('level-1', steps, [{ from: '2026-03-02 10:05', reason: '等待院方' }]), contractOf('000'), CALENDAR);
    expect(dues(resumedLater)).toEqual(dues(endsAtRepair));
    expect(dues(stillOpen)).toEqual(dues(endsAtRepair));
    expect(dues(endsAtRepair).respond).toBe('2026-03-02 11:15');
  });

  it('an open pause freezes what is left: the reading does not run down while it lasts', () => {
    const s = scheduleClocks(state('level-1', { reported: '2026-03-02 10:00' }, [{ from: '2026-03-02 10:20', reason: '等待院方确认' }]), contractOf('000'), CALENDAR);
    expect(s.pausedSince).toBe(cn('2026-03-02 10:20'));
    const soon = clockStatus(s, at('2026-03-02 11:00'));
    const later = clockStatus(s, at('2026-03-03 11:00'));
    expect(soon.map((r) => r.status)).toEqual(['paused', 'paused', 'paused']);
    expect(later.map((r) => r.remainingMs)).toEqual(soon.map((r) => r.remainingMs));
    expect(soon[0]!.remainingMs).toBe(10 * 60_000);
  });

  it('a pause begun after a promise was already breached does not hide the breach', () => {
    const s = scheduleClocks(state('level-1', { reported: '2026-03-02 10:00' }, [{ from: '2026-03-02 11:00', reason: '等待院方' }]), contractOf('000'), CALENDAR);
    expect(clockStatus(s, at('2026-03-02 12:00')).map((r) => r.status)).toEqual(['breached', 'paused', 'paused']);
  });
});

describe('readings', () => {
  const s = scheduleClocks(state('level-1', { reported: '2026-03-02 10:00', responded: '2026-03-02 10:45' }), contractOf('000'), CALENDAR);

  it('met late, running with the time left, breached with the time over', () => {
    const r = clockStatus(s, at('2026-03-02 12:00'));
    expect(r.map((c) => [c.step, c.status, c.remainingMs / 60_000])).toEqual([
      ['respond', 'met_late', -15],
      ['onSite', 'running', 240],
      ['resolve', 'running', 240],
    ]);
    expect(clockStatus(s, at('2026-03-02 16:01')).map((c) => c.status)).toEqual(['met_late', 'breached', 'breached']);
  });

  it('an immediate response within the window is met', () => {
    const d = scheduleClocks(state('disaster', { reported: '2026-03-08 03:00', responded: '2026-03-08 03:05' }), contractOf('003'), CALENDAR);
    expect(clockStatus(d, at('2026-03-08 04:00'))[0]).toMatchObject({ status: 'met', remainingMs: IMMEDIATE_MS - 5 * 60_000 });
  });

  it('reads a schedule that went through storage (a structured clone) the same', () => {
    const now = at('2026-03-02 12:00');
    expect(clockStatus(structuredClone(s), now)).toEqual(clockStatus(s, now));
  });

  it('has no clocks without a start, or for a level the contract does not have', () => {
    expect(scheduleClocks(state('level-1', {}), contractOf('000'), CALENDAR)).toEqual({ clocks: [], fallbackYears: [] });
    expect(scheduleClocks(state('no-such', { reported: '2026-03-02 10:00' }), contractOf('000'), CALENDAR).clocks).toEqual([]);
  });
});

describe('a year without calendar data', () => {
  it('2027 is counted Monday–Friday and reported', () => {
    const s = scheduleClocks(state('general-error', { reported: '2027-02-05 14:00' }), contractOf('003'), CALENDAR);
    expect(dues(s)).toEqual({ setOut: '2027-02-08 14:00' });
    expect(s.fallbackYears).toEqual([2027]);
  });

  it('across new year: 2026 from the calendar, 1 January 2027 a weekday like any other', () => {
    const s = scheduleClocks(state('general-error', { reported: '2026-12-31 16:00' }), contractOf('003'), CALENDAR);
    expect(dues(s)).toEqual({ setOut: '2027-01-01 16:00' });
    expect(s.fallbackYears).toEqual([2027]);
  });

  it('no calendar at all: the years it needed are reported', () => {
    const s = scheduleClocks(state('general', { reported: '2026-02-13 17:00' }), contractOf('002'), undefined);
    // Without the calendar the 调休 Saturday is off and the Spring Festival is worked.
    expect(dues(s).respond).toBe('2026-02-16 09:30');
    expect(s.fallbackYears).toEqual([2026]);
  });

  it('a contract counted in clock time only needs no calendar, and says nothing', () => {
    expect(scheduleClocks(state('fatal', { reported: '2027-02-05 14:00' }), contractOf('004'), CALENDAR).fallbackYears).toEqual([]);
  });
});

describe('China time', () => {
  it('does not depend on the device time zone: the due is an instant', () => {
    const s = scheduleClocks(state('general-error', { reported: '2026-03-02 23:30' }), contractOf('003'), CALENDAR);
    // 23:30 Monday is after hours: one working day is the whole of Tuesday, 08:00–17:00.
    expect(local(s.clocks[0]!.due)).toBe('2026-03-03 17:00');
    expect(s.clocks[0]!.due).toBe('2026-03-03T09:00:00.000Z');
  });
});
