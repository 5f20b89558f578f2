/**
 * Properties of the clock over random records on every seed contract and level, 2024–2027
 * (2027 on the fallback): a due time is never before its start; more elapsed time never means
 * more time left; pausing never makes a due time earlier.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pause } from '../../../src-shared/service/fold';
import { clockStatus, scheduleClocks } from '../../../src-shared/sla/clock';
import { CALENDAR, CONTRACTS, state } from './fixtures';

const FROM = Date.parse('2024-01-01T00:00:00+08:00');
const TO = Date.parse('2027-12-01T00:00:00+08:00');
const HOUR = 3_600_000;

/** "yyyy-mm-dd hh:mm" on China time, as the fixtures take it. */
const wall = (ms: number): string => new Date(ms + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');

const level = fc.constantFrom(...CONTRACTS.flatMap((c) => c.faultLevels.map((l) => ({ contract: c, levelId: l.id }))));
const minute = fc.integer({ min: FROM / 60_000, max: TO / 60_000 }).map((m) => m * 60_000);
const pauses = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 * 24 * 60 }), fc.integer({ min: 1, max: 5 * 24 * 60 })), { maxLength: 3 });

function pauseList(start: number, spans: [number, number][]): Pause[] {
  // Consecutive, non-overlapping pauses after the start, as resume/pause events fold into.
  let t = start;
  return spans.map(([gap, length]) => {
    const from = t + gap * 60_000;
    t = from + length * 60_000;
    return { from: wall(from), to: wall(t), reason: 'p' };
  });
}

describe('clock properties', () => {
  it('a due time is never before its start', () => {
    fc.assert(
      fc.property(level, minute, pauses, ({ contract, levelId }, start, spans) => {
        const s = scheduleClocks(state(levelId, { reported: wall(start) }, pauseList(start, spans)), contract, CALENDAR);
        for (const c of s.clocks) expect(Date.parse(c.due)).toBeGreaterThanOrEqual(Date.parse(c.start));
      }),
      { numRuns: 400 },
    );
  });

  it('more elapsed time never means more time left', () => {
    fc.assert(
      fc.property(level, minute, pauses, fc.integer({ min: 0, max: 40 * 24 * 60 }), fc.integer({ min: 0, max: 10 * 24 * 60 }), ({ contract, levelId }, start, spans, a, b) => {
        const s = scheduleClocks(state(levelId, { reported: wall(start) }, pauseList(start, spans)), contract, CALENDAR);
        const early = clockStatus(s, new Date(start + a * 60_000));
        const late = clockStatus(s, new Date(start + (a + b) * 60_000));
        early.forEach((r, i) => expect(late[i]!.remainingMs).toBeLessThanOrEqual(r.remainingMs));
      }),
      { numRuns: 400 },
    );
  });

  it('pausing never makes a due time earlier', () => {
    fc.assert(
      fc.property(level, minute, pauses, ({ contract, levelId }, start, spans) => {
        const plain = scheduleClocks(state(levelId, { reported: wall(start) }), contract, CALENDAR);
        const paused = scheduleClocks(state(levelId, { reported: wall(start) }, pauseList(start, spans)), contract, CALENDAR);
        paused.clocks.forEach((c, i) => {
          expect(Date.parse(c.due)).toBeGreaterThanOrEqual(Date.parse(plain.clocks[i]!.due));
          expect(c.pausedMs).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('an open pause never makes a clock show less time left than before it began', () => {
    fc.assert(
      fc.property(level, minute, fc.integer({ min: 0, max: 3 * 24 * 60 }), fc.integer({ min: 1, max: 10 * 24 * 60 }), ({ contract, levelId }, start, gap, wait) => {
        const pauseAt = start + gap * 60_000;
        const s = scheduleClocks(state(levelId, { reported: wall(start) }, [{ from: wall(pauseAt), reason: 'p' }]), contract, CALENDAR);
        const atPause = clockStatus(s, new Date(pauseAt));
        const afterwards = clockStatus(s, new Date(pauseAt + wait * 60_000));
        atPause.forEach((r, i) => {
          if (r.status === 'paused') expect(afterwards[i]!.remainingMs).toBe(r.remainingMs);
        });
      }),
      { numRuns: 200 },
    );
  });
});
