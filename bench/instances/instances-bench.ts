/**
 * Issue 15's benchmark: pushes per second and push latency with 8 devices pushing at once
 * (envelope + signed PDF + signature image each, as a device pushes a report), against the office
 * on SQLite (one instance: the baseline), on PostgreSQL with one instance, and on PostgreSQL with
 * two instances (devices split between them), in one run. Each instance is `npm run server`'s
 * entry point as its own process, so two instances really have two event loops. PostgreSQL comes
 * from XUNJIAN_BENCH_POSTGRES (an admin URL); each configuration gets a database of its own,
 * dropped afterwards. Reports are made and signed before the clock starts.
 */
import { readFile } from 'node:fs/promises';
import { startOfficeInstances, type OfficeInstances } from '../../tests/postgres/helpers/office-instances';
import type { ReportFixture } from '../../tests/server/helpers/report';
import { loadAverage } from '../machine';
import { count, ms, ratio, table } from '../markdown';
import type { Benchmark, BenchReport } from '../registry';
import { summarize, type Summary } from '../stats';
import { BENCH_POSTGRES_ADMIN_URL, createBenchDatabase, postgresVersion, type BenchDatabase } from './bench-database';
import { enrollDevice, reportsFor, runLoad, type LoadDevice } from './push-load';

const DEVICES = 8;
const PER_DEVICE = Number(process.env.INSTANCES_BENCH_REPORTS ?? 50);
/** Pushed by each device before the clock starts: compiled code, open connections, a started check worker. */
const WARM_UP = 3;
const ENGINEER = { id: 'bench', name: '基准工程师', hospitalIds: ['yunan-peoples'] };

interface Configuration {
  label: string;
  postgres: boolean;
  instances: number;
}

const CONFIGURATIONS: Configuration[] = [
  { label: 'SQLite, one instance (baseline)', postgres: false, instances: 1 },
  { label: 'PostgreSQL, one instance', postgres: true, instances: 1 },
  { label: 'PostgreSQL, two instances', postgres: true, instances: 2 },
];

/** Busy and total jiffies of the whole machine (/proc/stat): every process, PostgreSQL included. */
async function cpuTimes(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - fields[3]! - fields[4]!, total };
}

interface Measured {
  configuration: Configuration;
  pushes: number;
  seconds: number;
  latency: Summary;
  /** Share of both cores busy while the devices pushed. */
  cpuBusy: number;
}

async function measure(configuration: Configuration, progress: (line: string) => void): Promise<Measured> {
  let database: BenchDatabase | undefined;
  let office: OfficeInstances | undefined;
  try {
    if (configuration.postgres) database = await createBenchDatabase();
    office = await startOfficeInstances({ ...(database ? { database: database.url } : {}), count: configuration.instances, engineer: ENGINEER, codes: DEVICES });
    const devices: LoadDevice[] = [];
    // Devices split evenly across the instances, as a load balancer with sticky connections would.
    for (let d = 0; d < DEVICES; d++) devices.push(await enrollDevice(office.instances[d % office.instances.length]!.url, office.codes[d]!, `基准设备 ${d + 1}`));
    progress(`instances: ${configuration.label}: signing ${DEVICES} × ${WARM_UP + PER_DEVICE} reports`);
    const warm: { device: LoadDevice; reports: ReportFixture[] }[] = [];
    const timed: { device: LoadDevice; reports: ReportFixture[] }[] = [];
    for (const device of devices) {
      warm.push({ device, reports: await reportsFor(device, WARM_UP) });
      timed.push({ device, reports: await reportsFor(device, PER_DEVICE) });
    }
    await runLoad(warm);
    const before = await cpuTimes();
    const result = await runLoad(timed);
    const after = await cpuTimes();
    const measured = {
      configuration,
      pushes: DEVICES * PER_DEVICE,
      seconds: result.seconds,
      latency: summarize(result.latencies),
      cpuBusy: (after.busy - before.busy) / (after.total - before.total),
    };
    progress(`instances: ${configuration.label}: ${(measured.pushes / measured.seconds).toFixed(1)} pushes/s, p99 ${ms(measured.latency.p99)} ms`);
    return measured;
  } finally {
    await office?.stop();
    await database?.drop();
  }
}

async function run(progress: (line: string) => void): Promise<BenchReport> {
  const loadBefore = loadAverage();
  const version = await postgresVersion();
  const results: Measured[] = [];
  for (const configuration of CONFIGURATIONS) results.push(await measure(configuration, progress));
  const base = results[0]!;
  const rate = (m: Measured): number => m.pushes / m.seconds;
  const rows = results.map((m) => [
    m.configuration.label,
    count(m.pushes),
    m.seconds.toFixed(2),
    rate(m).toFixed(1),
    ratio(rate(m) / rate(base)),
    ms(m.latency.p50),
    ms(m.latency.p95),
    ms(m.latency.p99),
    ratio(m.latency.p99 / base.latency.p99),
    ms(m.latency.max),
    `${Math.round(m.cpuBusy * 100)}%`,
  ]);
  return {
    title: 'Office instances: SQLite vs PostgreSQL, one instance vs two (issue 15)',
    facts: {
      Devices: `${DEVICES} at once, each pushing its reports one after the other (${WARM_UP} warm-up pushes each before the clock starts)`,
      'A push': 'POST /blobs/missing, PUT the signed PDF and the signature image, PUT /reports/:id (201 with a receipt, verified afterwards)',
      Reports: `${count(DEVICES * PER_DEVICE)} per configuration, no photos; PDFs signed by each device's office certificate`,
      PostgreSQL: `${version}, on this machine (${BENCH_POSTGRES_ADMIN_URL.replace(/:[^:@/]*@/, ':***@')})`,
      'Load average (1 min) before → after': `${loadBefore} → ${loadAverage()}`,
    },
    sections: [
      {
        heading: 'Pushes per second and latency of one push',
        body: table(['Configuration', 'Pushes', 'Seconds', 'Pushes/s', '× baseline', 'p50 ms', 'p95 ms', 'p99 ms', 'p99 × baseline', 'max ms', 'CPU busy (whole machine)'], rows),
      },
    ],
  };
}

export const instancesBenchmark: Benchmark = {
  name: 'instances',
  description: `${DEVICES} devices pushing reports at once: SQLite one instance vs PostgreSQL one and two instances`,
  run,
};
