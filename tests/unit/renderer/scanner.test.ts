/** The asset-tag scanner: fast keys ending in Enter are a tag; a lone letter is a person's shortcut (P for a photo). */
import { describe, expect, it } from 'vitest';
import { createScanDetector, type ScanTimers } from '../../../src-renderer/features/inspection/scanner';

function fakeTimers() {
  let now = 0;
  const due: { at: number; run: () => void; live: boolean }[] = [];
  const timers: ScanTimers = {
    now: () => now,
    later: (run, ms) => {
      const entry = { at: now + ms, run, live: true };
      due.push(entry);
      return () => (entry.live = false);
    },
  };
  const advance = (ms: number): void => {
    now += ms;
    for (const entry of due.filter((e) => e.live && e.at <= now)) {
      entry.live = false;
      entry.run();
    }
  };
  return { timers, advance };
}

describe('scan detector', () => {
  it('delivers a tag typed fast and ended with Enter, and no letter shortcut for it', () => {
    const { timers, advance } = fakeTimers();
    const tags: string[] = [];
    const letters: string[] = [];
    const scan = createScanDetector((t) => tags.push(t), (l) => letters.push(l), timers);
    for (const key of 'mz-nk-ws-01') {
      expect(scan.key(key)).toBe(true);
      advance(5);
    }
    expect(scan.key('Enter')).toBe(true);
    advance(500);
    expect(tags).toEqual(['MZ-NK-WS-01']);
    expect(letters).toEqual([]);
  });

  it('hands a letter no key follows to the shortcut once the gap has passed', () => {
    const { timers, advance } = fakeTimers();
    const letters: string[] = [];
    const scan = createScanDetector(() => {}, (l) => letters.push(l), timers);
    expect(scan.key('P')).toBe(true);
    advance(50);
    expect(letters).toEqual([]);
    advance(40);
    expect(letters).toEqual(['p']);
    // A digit after the gap is the engineer's answer key again, not part of a tag.
    advance(200);
    expect(scan.key('1')).toBe(false);
  });
});
