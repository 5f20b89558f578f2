/**
 * What the limits (src-shared/domain/limits.ts) cost at their worst: the largest report an
 * inspection the store accepts can make — LIMITS.steps findings, each with a note of
 * LIMITS.note characters, in one and in two copies — against the 60-item report in the same
 * process, both through report.create on the report thread (laid out, signed, filed). The worst
 * case must stay well inside the thread's 60-second limit for a job (render-thread.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { reportHandlers } from '../../src-main/handlers/report-handlers';
import { LIMITS } from '../../src-shared/domain/limits';
import { ReportInput, type ReportRow } from '../../src-shared/report/model';
import { ROOT, sixtyItemReport } from '../../tests/unit/report/fixture';
import { loadAverage } from '../machine';
import { ms, ratio, table } from '../markdown';
import type { Benchmark, BenchReport } from '../registry';
import { summarize } from '../stats';

const RUNS = 3;

function numbered(prefix: string, n: number): string {
  let out = '';
  for (let i = 1; out.length < n; i++) out += `${prefix}第${i}句：现场检查记录。`;
  return out.slice(0, n);
}

/** Every item a finding with the longest note, twenty to a system. */
function largest(duplicate: boolean, reportNumber: string): ReportInput {
  const base = sixtyItemReport({ reportNumber, duplicate });
  const rows: ReportRow[] = Array.from({ length: LIMITS.steps }, (_, i) => ({ no: String((i % 20) + 1), item: `检查项${i + 1}`, result: 'fail', finding: true, note: numbered(`问题${i + 1}`, LIMITS.note), level: '三级' }));
  const sections = Array.from({ length: Math.ceil(LIMITS.steps / 20) }, (_, s) => ({ kind: 'system' as const, title: `系统${s + 1}`, rows: rows.slice(s * 20, s * 20 + 20) }));
  return ReportInput.parse({ ...base, sections, findings: rows.map((r, i) => ({ section: `系统${Math.floor(i / 20) + 1}`, item: r.item, note: r.note!, level: '三级' })) });
}

export const reportLimitsBenchmark: Benchmark = {
  name: 'report-limits',
  description: 'the largest report the input limits allow (600 findings × 2,000-character notes) vs the 60-item report, through report.create',
  async run(progress): Promise<BenchReport> {
    const load = loadAverage();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-bench-limits-'));
    try {
      const api = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir, renderWorker: { source: path.join(ROOT, 'src-main/report/render-worker.ts') } });
      await api.keys.material();
      let n = 0;
      const time = async (make: (number: string) => ReportInput): Promise<{ times: number[]; size: number }> => {
        const times: number[] = [];
        let size = 0;
        for (let i = 0; i < RUNS; i++) {
          const input = make(`XJ-LIMIT-${n++}`);
          const start = performance.now();
          size = (await api.handlers['report.create'](input)).size;
          times.push(performance.now() - start);
        }
        return { times, size };
      };
      await time((number) => sixtyItemReport({ reportNumber: number })); // warm-up: fonts parsed, thread started
      progress('  60-item report');
      const baseline = await time((number) => sixtyItemReport({ reportNumber: number }));
      progress('  largest report, one copy');
      const one = await time((number) => largest(false, number));
      progress('  largest report, two copies');
      const two = await time((number) => largest(true, number));
      const row = (name: string, m: { times: number[]; size: number }): string[] => {
        const s = summarize(m.times);
        return [name, ms(s.p50), ms(s.max), `${(m.size / 1024 / 1024).toFixed(2)} MB`, ratio(s.p50 / summarize(baseline.times).p50)];
      };
      return {
        title: 'Report at the input limits (issue 9)',
        facts: {
          'Load average (1 min) before / after': `${load} / ${loadAverage()}`,
          Runs: `${RUNS} report.create calls each after a warm-up, one after another, same process, report thread`,
          Largest: `${LIMITS.steps} items, every one a finding with a ${LIMITS.note}-character note (the findings list prints it in full), no photos`,
        },
        sections: [
          {
            heading: 'Time to lay out, sign and file',
            body: table(['Report', 'p50 ms', 'max ms', 'signed PDF', '÷ 60-item p50'], [row('60 items (baseline)', baseline), row('largest, one copy', one), row('largest, two copies', two)]),
          },
        ],
      };
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
