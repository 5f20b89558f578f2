/**
 * Issue 11's board benchmark: 10,000 open service records on the five seed contracts, their clocks
 * scheduled once (`scheduleClocks`, on the cn-mainland calendar) and read every frame
 * (`clockStatus`). Goal: every clock read within one frame (16 ms). The baseline, in the same
 * process, reads as many ISO dates (Date.parse and a comparison per clock): the least any reading of
 * stored due times could cost.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCatalog } from '../../src-main/catalog/load-catalog';
import type { Contract } from '../../src-shared/catalog/reference';
import type { ServiceState } from '../../src-shared/service/fold';
import { clockStatus, scheduleClocks } from '../../src-shared/sla/clock';
import type { CalendarData, ClockSchedule } from '../../src-shared/sla/types';
import { loadAverage } from '../machine';
import { count, ms, ratio, table } from '../markdown';
import type { Benchmark, BenchReport } from '../registry';
import { summarize } from '../stats';

const RECORDS = 10_000;
const FRAMES = 300;
const SCHEDULE_ROUNDS = 5;
const START = Date.parse('2026-01-01T00:00:00+08:00');
const YEAR_MS = 365 * 86_400_000;

/** A small deterministic generator, so every run measures the same records. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function records(contracts: Contract[]): { state: ServiceState; contract: Contract }[] {
  const next = random(11);
  const levels = contracts.flatMap((contract) => contract.faultLevels.map((l) => ({ contract, levelId: l.id })));
  return Array.from({ length: RECORDS }, () => {
    const { contract, levelId } = levels[Math.floor(next() * levels.length)]!;
    const reported = START + Math.floor(next() * YEAR_MS);
    const iso = (t: number): string => new Date(t).toISOString();
    const step = (t: number) => ({ at: iso(t), eventId: 'e', history: [] });
    const responded = next() < 0.5 ? { responded: step(reported + next() * 3_600_000) } : {};
    const pauses = next() < 0.1 ? [{ from: iso(reported + 2 * 3_600_000), ...(next() < 0.5 ? { to: iso(reported + 20 * 3_600_000) } : {}), reason: 'wait' }] : [];
    const state: ServiceState = {
      kind: 'fault',
      levelId,
      firstLevelId: levelId,
      texts: { title: '', description: '', cause: '', workaround: '', resolution: '' },
      spotChecks: {},
      steps: { reported: step(reported), ...responded },
      pauses,
      followUps: [],
      documents: [],
      status: 'open',
      skewed: [],
    };
    return { state, contract };
  });
}

function frames(read: (now: Date) => number): number[] {
  const times: number[] = [];
  let sink = 0;
  for (let f = 0; f < FRAMES; f++) {
    const now = new Date(START + f * 60_000);
    const t0 = performance.now();
    sink += read(now);
    times.push(performance.now() - t0);
  }
  if (sink < 0) throw new Error('unreachable');
  return times;
}

async function run(progress: (line: string) => void): Promise<BenchReport> {
  const catalog = await loadCatalog(path.resolve('assets/catalog'));
  const calendar: CalendarData | undefined = catalog.calendars.find((c) => c.id === 'cn-mainland');
  const loadBefore = loadAverage();
  const input = records(catalog.hospitals.flatMap((h) => h.contracts));

  const scheduleTimes: number[] = [];
  let schedules: ClockSchedule[] = [];
  for (let round = 0; round < SCHEDULE_ROUNDS; round++) {
    const t0 = performance.now();
    schedules = input.map((r) => scheduleClocks(r.state, r.contract, calendar));
    scheduleTimes.push(performance.now() - t0);
  }
  const clocks = schedules.reduce((n, s) => n + s.clocks.length, 0);
  progress(`scheduled ${count(RECORDS)} records (${count(clocks)} clocks): ${scheduleTimes.map(ms).join(' ')} ms`);

  // The board after a restart reads schedules from storage: the first frame parses their dates.
  const stored = structuredClone(schedules);
  const t0 = performance.now();
  for (const s of stored) clockStatus(s, new Date(START));
  const firstFrame = performance.now() - t0;

  const baseline = frames((now) => {
    const t = now.getTime();
    let late = 0;
    for (const s of schedules) for (const c of s.clocks) if (Date.parse(c.due) < t) late++;
    return late;
  });
  const status = frames((now) => {
    let late = 0;
    for (const s of schedules) for (const r of clockStatus(s, now)) if (r.status === 'breached') late++;
    return late;
  });
  const b = summarize(baseline);
  const c = summarize(status);
  const sch = summarize(scheduleTimes);
  progress(`clockStatus p50 ${ms(c.p50)} ms (baseline ${ms(b.p50)} ms)`);
  return {
    title: 'SLA clock: 10,000 open records on the board',
    facts: {
      Records: count(RECORDS),
      Clocks: count(clocks),
      Frames: String(FRAMES),
      'Load average (1 min) before → after': `${loadBefore} → ${loadAverage()}`,
    },
    sections: [
      {
        heading: 'Reading every clock once per frame (ms per frame)',
        body: table(
          ['Reading', 'p50', 'p95', 'max', 'p50 vs baseline'],
          [
            ['baseline: Date.parse + compare per clock', ms(b.p50), ms(b.p95), ms(b.max), ratio(1)],
            ['clockStatus over all records', ms(c.p50), ms(c.p95), ms(c.max), ratio(c.p50 / b.p50)],
            ['clockStatus, first frame after loading the schedules from storage', ms(firstFrame), '', '', ratio(firstFrame / b.p50)],
          ],
        ),
      },
      {
        heading: 'Scheduling every record (ms for all 10,000)',
        body: table(['Work', 'p50', 'max', 'per record'], [['scheduleClocks', ms(sch.p50), ms(sch.max), `${ms((sch.p50 / RECORDS) * 1000)} µs`]]),
      },
    ],
  };
}

export const slaBenchmark: Benchmark = {
  name: 'sla',
  description: 'SLA clock: clockStatus over 10,000 open records per frame, and scheduleClocks for them',
  run,
};
