/**
 * Waits until a Chromium has stopped working in the background. After a bulk load, LevelDB keeps
 * compacting for a while; timing saves during that would measure the load, not the store at rest.
 * Linux only (/proc); elsewhere it returns at once.
 */
import { readdir, readFile } from 'node:fs/promises';

interface ProcInfo {
  pid: number;
  ppid: number;
  /** user + system CPU, in clock ticks (100 a second on Linux). */
  ticks: number;
}

const TICKS_PER_SECOND = 100;

async function processes(): Promise<ProcInfo[]> {
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
  const out: ProcInfo[] = [];
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // The command name is in parentheses and may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.length < 13) continue;
    out.push({ pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  return out;
}

async function rootPids(profileDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const { pid } of await processes()) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(`--user-data-dir=${profileDir}`)) pids.push(pid);
  }
  return pids;
}

/** CPU ticks used so far by the browser of this profile and all its descendants. */
async function treeTicks(roots: readonly number[]): Promise<number> {
  const all = await processes();
  const inTree = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => inTree.has(p.pid)).reduce((sum, p) => sum + p.ticks, 0);
}

/** Seconds waited until the browser used under `share` of one core over a `windowMs` window. */
export async function waitForIdle(profileDir: string, options = { share: 0.1, windowMs: 3000, maxMs: 180_000 }): Promise<number> {
  const roots = await rootPids(profileDir);
  const start = Date.now();
  if (roots.length === 0) return 0;
  let before = await treeTicks(roots);
  while (Date.now() - start < options.maxMs) {
    await new Promise((resolve) => setTimeout(resolve, options.windowMs));
    const now = await treeTicks(roots);
    const busy = (now - before) / TICKS_PER_SECOND / (options.windowMs / 1000);
    before = now;
    if (busy < options.share) break;
  }
  return (Date.now() - start) / 1000;
}
