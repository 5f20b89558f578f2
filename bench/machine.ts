/** The machine a result came from; figures from different machines are not comparable. */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';

import { CHROMIUM } from '../tests/helpers/chromium';

export { CHROMIUM };

export async function chromiumVersion(): Promise<string> {
  // Debian's launcher script writes shell noise to stderr; the version is on stdout.
  const { stdout } = await promisify(execFile)(CHROMIUM, ['--version']).catch(() => ({ stdout: 'not found' }));
  return stdout.trim();
}

export async function machineFacts(): Promise<Record<string, string>> {
  const cpus = os.cpus();
  return {
    CPU: cpus[0]?.model.trim() ?? 'unknown',
    Cores: String(cpus.length),
    Memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    OS: `${os.type()} ${os.release()} (${os.arch()})`,
    Node: process.version,
    Chromium: await chromiumVersion(),
  };
}

/** The 1-minute load average: other work on a shared machine shows up here. */
export const loadAverage = (): string => os.loadavg()[0]!.toFixed(2);
