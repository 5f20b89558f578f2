/**
 * Issue 12's periodic-report benchmark: the 年度运维总结报告 of a hospital with a year of records
 * (500 inspections, 1,000 service records) produced end to end — the period computed from the
 * records (periodFigures, planContract), the report built (periodReportInput), laid out with its
 * vector charts, signed and filed (period.report.create) — and, in the same run, Chromium's
 * print-to-PDF of the same content (the PDF benchmark's baseline) for time and size.
 */
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { reportHandlers } from '../../src-main/handlers/report-handlers';
import { FONT_FILES } from '../../src-main/report/fonts';
import { periodFigures } from '../../src-shared/period/figures';
import { planContract } from '../../src-shared/period/plan';
import { periodReportInput } from '../../src-shared/period/report-input';
import type { PeriodWindow } from '../../src-shared/period/types';
import { CALENDAR, contractOf } from '../../tests/unit/period-fixtures';
import { catalogContract } from '../../tests/helpers/period-figures';
import { ROOT } from '../../tests/unit/report/fixture';
import { CHROMIUM, chromiumVersion, loadAverage } from '../machine';
import { count, ms, ratio, table } from '../markdown';
import type { Benchmark, BenchReport } from '../registry';
import { summarize } from '../stats';
import { periodHtml } from './period-html';
import { yearOfRecords } from './year-of-records';

const RUNS = 7;
const WARMUP = 2;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function timed<T>(work: () => Promise<T>): Promise<[T, number, number]> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return [value, performance.now() - start, (used.user + used.system) / 1000];
}

export const periodReportBenchmark: Benchmark = {
  name: 'period-report',
  description: 'annual report of a year of records (500 inspections, 1,000 service records): compute, build, layout with vector charts, sign; next to Chromium print-to-PDF',
  async run(progress): Promise<BenchReport> {
    const load = loadAverage();
    const contract = contractOf('002');
    const { hospital, assets } = catalogContract('zhanjiang-central.json');
    const records = yearOfRecords(contract);
    const year: PeriodWindow = { unit: 'year', index: 0, start: contract.period.start, end: contract.period.end };
    const asOf = `${contract.period.end}T16:00:00.000Z`;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-bench-period-'));
    const htmlDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-bench-period-html-'));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const api = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir });
      await api.keys.material();
      const make = async (n: number) => {
        const [figures, computeTime] = await timed(async () => periodFigures({ contract, assets, inspections: records.inspections, services: records.services, calendar: CALENDAR, window: year, asOf }));
        const plan = planContract({ contract, assets, inspections: records.inspections, asOf });
        const [input, buildTime] = await timed(async () =>
          periodReportInput({ kind: 'annual_summary', contract, hospital, assets, window: year, figures, plan, deliverables: [], locale: 'zh-CN', madeAt: `2027-01-0${1 + (n % 9)}T02:00:00.000Z`, engineer: '李工' }),
        );
        const [created, createTime] = await timed(() => Promise.resolve(api.handlers['period.report.create'](input)));
        return { input, created, computeTime, buildTime, createTime };
      };
      const total: number[] = [];
      const totalCpu: number[] = [];
      const compute: number[] = [];
      const build: number[] = [];
      const create: number[] = [];
      let last: Awaited<ReturnType<typeof make>> | undefined;
      for (let n = 0; n < WARMUP + RUNS; n++) {
        const [made, time, cpu] = await timed(() => make(n));
        if (n < WARMUP) continue;
        total.push(time);
        totalCpu.push(cpu);
        compute.push(made.computeTime);
        build.push(made.buildTime);
        create.push(made.createTime);
        last = made;
      }
      const ours = last!;
      progress(`  engine ${ms(summarize(total).p50)} ms, ${Math.round(ours.created.size / 1024)} KB`);

      for (const f of Object.values(FONT_FILES)) await symlink(path.join(ROOT, 'assets/fonts', f), path.join(htmlDir, f));
      const file = path.join(htmlDir, 'annual.html');
      await writeFile(file, periodHtml(ours.input, ours.created.reportNumber, { regular: FONT_FILES.regular, bold: FONT_FILES.bold }));
      const page = await browser.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.evaluate('document.fonts.ready');
      const chrome: number[] = [];
      let chromeBytes = 0;
      for (let n = 0; n < WARMUP + RUNS; n++) {
        const [pdf, time] = await timed(() => page.pdf({ format: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: '<div style="font-size:8px;margin:0 15mm">Page <span class="pageNumber"></span> / <span class="totalPages"></span></div>' }));
        if (n >= WARMUP) chrome.push(time);
        chromeBytes = pdf.length;
      }
      progress(`  Chromium ${ms(summarize(chrome).p50)} ms, ${Math.round(chromeBytes / 1024)} KB`);
      const traceRows = ours.input.trace.reduce((s, t) => s + t.rows.length, 0);
      const p50 = summarize(total).p50;
      const chromeP50 = summarize(chrome).p50;
      const row = (name: string, times: number[], size = ''): string[] => {
        const s = summarize(times);
        return [name, ms(s.p50), ms(s.p95), ms(s.max), size];
      };
      return {
        title: 'Periodic report (issue 12)',
        facts: {
          Chromium: await chromiumVersion(),
          'Load average at start (1 min)': load,
          'Load average at end (1 min)': loadAverage(),
          Runs: `${RUNS} after ${WARMUP} warm-up, same process`,
          Records: `${count(records.inspections.length)} inspections, ${count(records.services.length)} service records (seed 002, one contract year)`,
          'Report': `年度运维总结报告, ${count(traceRows)} appendix rows, charts as vectors`,
        },
        sections: [
          {
            heading: 'Time and size',
            body: table(
              ['Step', 'p50 ms', 'p95 ms', 'max ms', 'Size'],
              [
                row('Compute the period (periodFigures)', compute),
                row('Build the report input (periodReportInput)', build),
                row('period.report.create: layout with 5 vector charts + PAdES signature + write', create, `${(ours.created.size / 1024).toFixed(1)} KB`),
                row('**End to end** (compute + build + create)', total),
                [`End to end, CPU of this process`, ms(summarize(totalCpu).p50), '', '', ''],
                row('Chromium page.pdf() of the same content (unsigned, charts as inline SVG)', chrome, `${(chromeBytes / 1024).toFixed(1)} KB`),
              ],
            ),
          },
          {
            heading: 'Against the baseline',
            body: table(
              ['Measure', 'Engine', 'Chromium', 'Engine / Chromium'],
              [
                ['Time p50 (end to end vs page.pdf only)', `${ms(p50)} ms`, `${ms(chromeP50)} ms`, ratio(p50 / chromeP50)],
                ['Size', `${(ours.created.size / 1024).toFixed(1)} KB`, `${(chromeBytes / 1024).toFixed(1)} KB`, ratio(ours.created.size / chromeBytes)],
              ],
            ),
          },
        ],
      };
    } finally {
      await browser.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(htmlDir, { recursive: true, force: true });
    }
  },
};
