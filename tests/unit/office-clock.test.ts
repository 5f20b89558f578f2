/**
 * The main process's office clock (src-main/sync/office-clock.ts): the office time learned from an
 * answer's Date header, carried forward by the machine's uptime, not by its wall clock; kept on
 * disk across restarts of the app; given up after a reboot.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { officeClock, type MachineClock } from '../../src-main/sync/office-clock';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function machine(uptimeMs: number, bootId: string | undefined = 'boot-1'): MachineClock & { uptime: number; boot: string | undefined } {
  const m = { uptime: uptimeMs, boot: bootId, uptimeMs: () => m.uptime, bootId: () => m.boot };
  return m;
}

describe('office clock', () => {
  it('estimates the office time by uptime since the last answer, whatever the device clock says', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'office-clock-'));
    dirs.push(dir);
    const m = machine(1_000_000);
    let device = new Date('2026-11-02T02:00:00.000Z');
    const clock = officeClock(dir, m, () => device);
    expect(clock.read()).toEqual({ deviceNow: '2026-11-02T02:00:00.000Z' });

    clock.learn(new Date('2026-11-02T01:50:00.000Z'));
    m.uptime += 60_000;
    // Someone sets the device clock a day back: the estimate does not move with it.
    device = new Date('2026-11-01T02:01:00.000Z');
    expect(clock.read()).toEqual({ deviceNow: '2026-11-01T02:01:00.000Z', officeEstimate: '2026-11-02T01:51:00.000Z' });

    // A restart of the app (a new main process) reads the anchor back from disk.
    await clock.flushed();
    const restarted = officeClock(dir, m, () => device);
    expect(restarted.read().officeEstimate).toBe('2026-11-02T01:51:00.000Z');

    // After a reboot (a new boot id, or the uptime starting again) there is no estimate.
    m.boot = 'boot-2';
    expect(officeClock(dir, m, () => device).read().officeEstimate).toBeUndefined();
    const noBootId = machine(500, undefined);
    expect(officeClock(dir, noBootId, () => device).read().officeEstimate).toBeUndefined();
  });
});
