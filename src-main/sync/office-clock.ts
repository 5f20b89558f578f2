/**
 * Keeps the office's time as last learned (the `Date` header of any office answer) with the
 * machine's uptime at that moment, in `<dataDir>/office-clock.json`, rewritten at most once a
 * minute. The office time now is that time plus the uptime since: a device clock set wrong cannot
 * move it.
 *
 * Why uptime (`os.uptime()`) and not `process.hrtime`/`performance.now()`: those restart with the
 * process and, on Linux, stop while a laptop sleeps (CLOCK_MONOTONIC); uptime counts sleep
 * (CLOCK_BOOTTIME on Linux, GetTickCount64 on Windows) and survives restarts of the app and
 * reloads of the page. It does not survive a reboot: a reboot is recognised by the kernel's boot
 * id where the platform has one (Linux), and elsewhere by the uptime going backwards; after a
 * reboot there is no estimate until the next office answer. A reboot on Windows or macOS followed
 * by more uptime than the anchor had is not recognised: the estimate then runs short by the time
 * the machine was off, until the next sync replaces it (each sync does).
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OfficeClockReading } from '../../src-shared/rpc/service-sync';

interface Anchor {
  /** The office's time (ms since the epoch) and the machine's uptime (ms) when it was learned. */
  officeMs: number;
  uptimeMs: number;
  bootId?: string;
}

export interface MachineClock {
  uptimeMs(): number;
  /** Changes at every boot; undefined where the platform does not tell. */
  bootId(): string | undefined;
}

const LINUX_BOOT_ID = '/proc/sys/kernel/random/boot_id';

export const nodeMachineClock: MachineClock = {
  uptimeMs: () => os.uptime() * 1000,
  bootId: () => {
    try {
      return readFileSync(LINUX_BOOT_ID, 'utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  },
};

const FILE = 'office-clock.json';
const WRITE_EVERY_MS = 60_000;

export function officeClock(dataDir: string, machine: MachineClock = nodeMachineClock, now: () => Date = () => new Date()) {
  const file = path.join(dataDir, FILE);
  let anchor: Anchor | undefined;
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<Anchor>;
    if (typeof raw.officeMs === 'number' && typeof raw.uptimeMs === 'number') anchor = { officeMs: raw.officeMs, uptimeMs: raw.uptimeMs, ...(typeof raw.bootId === 'string' ? { bootId: raw.bootId } : {}) };
  } catch {
    anchor = undefined; // never learned, or unreadable: no estimate until the next office answer
  }
  let writtenAt = Number.NEGATIVE_INFINITY;
  let writing: Promise<void> = Promise.resolve();

  return {
    /** An office answer's `Date`; kept in memory at once, on disk at most once a minute. */
    learn(officeTime: Date): void {
      const uptimeMs = machine.uptimeMs();
      const bootId = machine.bootId();
      anchor = { officeMs: officeTime.getTime(), uptimeMs, ...(bootId ? { bootId } : {}) };
      if (uptimeMs - writtenAt < WRITE_EVERY_MS && uptimeMs >= writtenAt) return;
      writtenAt = uptimeMs;
      const body = JSON.stringify(anchor);
      writing = writing
        .then(async () => {
          await mkdir(dataDir, { recursive: true });
          await writeFile(`${file}.tmp`, body);
          await rename(`${file}.tmp`, file);
        })
        .catch(() => undefined); // a clock we cannot keep on disk is still kept in memory
    },

    read(): OfficeClockReading {
      const deviceNow = now().toISOString();
      if (!anchor) return { deviceNow };
      const uptimeMs = machine.uptimeMs();
      const bootId = machine.bootId();
      if ((anchor.bootId && bootId && anchor.bootId !== bootId) || uptimeMs < anchor.uptimeMs) return { deviceNow };
      return { deviceNow, officeEstimate: new Date(anchor.officeMs + (uptimeMs - anchor.uptimeMs)).toISOString() };
    },

    /** For tests: resolves once the last anchor is on disk. */
    flushed: (): Promise<void> => writing,
  };
}
export type OfficeClock = ReturnType<typeof officeClock>;
