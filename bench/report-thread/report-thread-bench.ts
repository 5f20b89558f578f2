/**
 * What the report thread buys: while reports are made, how long the main process's event loop is
 * held (every other RPC, and under Electron the window's events, wait that long), with layout and
 * signing on the calling thread and on the report thread, in the same process. And what the thread costs:
 * the time to make a report either way.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { reportHandlers } from '../../src-main/handlers/report-handlers';
import type { WorkerSpec } from '../../src-main/report/render-thread';
import { ROOT, sixtyItemReport } from '../../tests/unit/report/fixture';
import { loadAverage } from '../machine';
import { ms, ratio, table } from '../markdown';
import type { Benchmark, BenchReport } from '../registry';
import { summarize } from '../stats';

const RUNS = 20;
const WARMUP = 3;

interface Measured {
  mode: string;
  create: number[];
  /** Event-loop delay while the timed runs went on, ms. */
  loopP99: number;
  loopMax: number;
}

async function measure(mode: string, renderWorker: WorkerSpec | undefined): Promise<Measured> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-bench-thread-'));
  try {
    const api = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir, ...(renderWorker ? { renderWorker } : {}) });
    await api.keys.material();
    const create = (n: number) => Promise.resolve(api.handlers['report.create'](sixtyItemReport({ reportNumber: `XJ-T-${mode.length}-${n}` })));
    for (let n = 0; n < WARMUP; n++) await create(n);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    const times: number[] = [];
    loop.enable();
    for (let n = WARMUP; n < WARMUP + RUNS; n++) {
      const start = performance.now();
      await create(n);
      times.push(performance.now() - start);
    }
    loop.disable();
    return { mode, create: times, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export const reportThreadBenchmark: Benchmark = {
  name: 'report-thread',
  description: 'main event-loop delay while signed reports are made, layout and signing on the main thread vs the report thread',
  async run(progress): Promise<BenchReport> {
    const load = loadAverage();
    progress('  layout on the calling thread');
    const here = await measure('calling thread', undefined);
    progress('  layout on the report thread');
    const there = await measure('report thread', { source: path.join(ROOT, 'src-main/report/render-worker.ts') });
    const row = (m: Measured): string[] => {
      const s = summarize(m.create);
      return [m.mode, ms(s.p50), ms(s.p95), ms(m.loopP99), ms(m.loopMax)];
    };
    return {
      title: 'Report thread',
      facts: {
        'Load average (1 min) before / after': `${load} / ${loadAverage()}`,
        Runs: `${RUNS} report.create calls after ${WARMUP} warm-up, one after another, same process`,
        Report: '60 items, 3 signatures, no photos (the PDF benchmark’s fixture)',
      },
      sections: [
        {
          heading: 'Main event loop while reports are made',
          body:
            table(['Layout and signing on', 'report.create p50 ms', 'p95 ms', 'event-loop delay p99 ms', 'max ms'], [row(here), row(there)]) +
            `\n\nEvent-loop delay max, calling thread ÷ report thread: ${ratio(here.loopMax / there.loopMax)}; report.create p50, report thread ÷ calling thread: ${ratio(summarize(there.create).p50 / summarize(here.create).p50)}.`,
        },
      ],
    };
  },
};
