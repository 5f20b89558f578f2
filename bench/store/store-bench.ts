/**
 * Issue 2's store benchmark: answer-save latency next to a raw IndexedDB put, and the time to open
 * the inspection list, first in an empty store, then with 10,000 inspections (~1M answers) in it.
 */
import { chromiumVersion, loadAverage } from '../machine';
import { count } from '../markdown';
import type { Benchmark } from '../registry';
import { openBenchBrowser, type BenchBrowser } from './browser';
import { bundlePage } from './bundle';
import { connectPage, type PageCall } from './page-calls';
import { DB_PARAM, LIST_HOSPITAL, SEED_INSPECTIONS, type FirstOpen, type SeedResult } from './protocol';
import { firstOpenTable, goalTable, listTable, ratioTable, saveTable, seedTable, type StoreState } from './report';
import { servePage } from './serve';

const SAVE_RUNS = 1000;
const SAVE_WARMUP = 50;
/** 200 so that p99 is not simply the slowest run. */
const LIST_RUNS = 200;
const LIST_WARMUP = 5;
/** Inspections per seeding transaction: ~25,000 answers, so commits are not what seeding costs. */
const SEED_CHUNK = 250;

type Progress = (line: string) => void;

/** saveAnswer, rawSameWork and rawFormerWork each answer a step in their own drafts once a round. */
const DRAFT_WRITES = 3 * (SAVE_WARMUP + SAVE_RUNS);

/**
 * The list before and after the saves: the list reads each open draft's answers for its progress,
 * so after the saves it reads three full drafts' 350 answers each, and steps over what the saves
 * left in LevelDB (the former save's rewrites of a draft's row left tombstones in its indexes).
 */
async function measure(call: PageCall, label: string, first: FirstOpen, progress: Progress): Promise<StoreState> {
  progress(`  ${label}: list opens, ${LIST_RUNS} rounds of 7 operations`);
  const list = await call('measureList', LIST_HOSPITAL, LIST_RUNS, LIST_WARMUP);
  progress(`  ${label}: answer saves, ${SAVE_RUNS} rounds of 5 operations`);
  const saves = await call('measureSaves', LIST_HOSPITAL, SAVE_RUNS, SAVE_WARMUP);
  progress(`  ${label}: list opens again`);
  const listAfterSaves = await call('measureList', LIST_HOSPITAL, LIST_RUNS, LIST_WARMUP);
  return { label, first, list, saves, listAfterSaves, draftWrites: DRAFT_WRITES };
}

async function seed(call: PageCall, progress: Progress): Promise<SeedResult[]> {
  const chunks: SeedResult[] = [];
  for (let from = 0; from < SEED_INSPECTIONS; from += SEED_CHUNK) {
    chunks.push(await call('seed', from, Math.min(SEED_CHUNK, SEED_INSPECTIONS - from)));
    if ((from + SEED_CHUNK) % 2000 === 0) progress(`  seeded ${from + SEED_CHUNK} inspections`);
  }
  return chunks;
}

async function run(browser: BenchBrowser, url: string, progress: Progress) {
  // One database per state, so the empty state's saves leave nothing in the seeded one's indexes.
  const fresh = await connectPage(browser.page(), `${url}?${DB_PARAM}=empty`);
  const empty = await measure(fresh, 'empty', await fresh('firstOpen', LIST_HOSPITAL, false), progress);

  progress(`  seeding ${SEED_INSPECTIONS} inspections`);
  const seedStart = Date.now();
  const chunks = await seed(await connectPage(browser.page(), `${url}?${DB_PARAM}=seeded`), progress);
  const seedWall = Date.now() - seedStart;

  // Relaunch as a user would. Chromium opens an origin's LevelDB only when the page opens the
  // database, and may compact the bulk load then: time the first open, let it settle, then measure.
  progress('  restarting Chromium, opening the store, waiting for it to go idle');
  await browser.restart();
  const call = await connectPage(browser.page(), `${url}?${DB_PARAM}=seeded`);
  const first = await call('firstOpen', LIST_HOSPITAL, true);
  const settled = await browser.settle();
  const seeded = await measure(call, 'seeded', first, progress);
  const stored = await call('counts');
  return { states: [empty, seeded], chunks, seedWall, settled, stored, bytes: await browser.profileBytes() };
}

export const storeBenchmark: Benchmark = {
  name: 'store',
  description: 'answer save and list open, empty and with 10,000 inspections (~1M answers) in IndexedDB',
  async run(progress) {
    const started = Date.now();
    const loadBefore = loadAverage();
    const server = await servePage(await bundlePage());
    const browser = await openBenchBrowser();
    try {
      const r = await run(browser, server.url, progress);
      return {
        title: 'Store: answer save and inspection list',
        facts: {
          Browser: await chromiumVersion(),
          'Seeded store': `${count(r.stored.inspections)} inspections, ${count(r.stored.answers)} answers (benchmark drafts and raw rows included)`,
          'Load average (1 min) before / after': `${loadBefore} / ${loadAverage()}`,
          'Run time': `${((Date.now() - started) / 60_000).toFixed(1)} min`,
        },
        sections: [
          { heading: 'Goals', body: goalTable(r.states) },
          { heading: 'Answer save', body: saveTable(r.states) },
          { heading: 'Opening the inspection list', body: listTable(r.states) },
          { heading: 'First list open after launch', body: firstOpenTable(r.states) },
          { heading: 'Ratios against raw IndexedDB in the same page', body: ratioTable(r.states) },
          { heading: 'Seeding', body: seedTable(r.chunks, r.seedWall, r.bytes, r.settled) },
        ],
      };
    } finally {
      await browser.close();
      await server.close();
    }
  },
};
