/**
 * What the store benchmark's page offers the Node side, and the shape of the seeded store.
 * Types and constants only: both the Node and the browser tsconfig read this file.
 */

/** The five demo hospitals; 10,000 inspections spread evenly gives each about 2,000. */
export const HOSPITALS = ['gd-provincial', 'queue-demo', 'wuhan-central', 'yunan-peoples', 'zhanjiang-central'] as const;
export const LIST_HOSPITAL = HOSPITALS[0];
export const SEED_INSPECTIONS = 10_000;
/** One system of 40 items and four workstations of 15: a typical visit. */
export const SYSTEM_ITEMS = 40;
export const UNITS = 4;
export const UNIT_ITEMS = 15;
export const ANSWERS_PER_INSPECTION = SYSTEM_ITEMS + UNITS * UNIT_ITEMS;

/** The page's global under which the API below is found. */
export const PAGE_GLOBAL = 'xunjianStoreBench';
/** The page's query parameter naming its database: each store state gets its own. */
export const DB_PARAM = 'db';

export interface SeedResult {
  inspections: number;
  answers: number;
  ms: number;
}

/**
 * What is timed around an answer save, in ms. The repository's call, the baseline the goal's
 * ratio uses (one put), and diagnostics: the same work by hand, the save as it was before a
 * draft's counters came from its answers (answer and inspection row), and a put without the fsync.
 */
export type SaveOp = 'saveAnswer' | 'rawPut' | 'rawSameWork' | 'rawFormerWork' | 'rawPutRelaxed';
/**
 * Around opening the list: the screen's two calls together, the same reads by hand, each call
 * alone, and the list filtered (issue 9) by state, by a unit every inspection covers, by a month.
 */
export type ListOp = 'listScreen' | 'rawReads' | 'listPage' | 'countByStatus' | 'filterState' | 'filterUnit' | 'filterMonth';

/** The same number of timed runs of each operation, warm-up excluded. */
export type Samples<K extends string> = Record<K, number[]>;

/**
 * What a user waits for after launching the app, split by who spends it: Chromium opening the
 * database's backing store (null when the database did not exist yet), Dexie's open, the first list.
 */
export interface FirstOpen {
  rawOpenMs: number | null;
  dexieOpenMs: number;
  firstListMs: number;
}

export interface ListSamples {
  samples: Samples<ListOp>;
  /** Rows the list returned and inspections the hospital holds, to show what was read. */
  rows: number;
  inspections: number;
}

export interface StoreCounts {
  inspections: number;
  answers: number;
}

export interface StorePageApi {
  /**
   * Opens the database (the page has not touched it yet) and then the list, timing each. The
   * caller says whether it exists: asking indexedDB.databases() would open the backing store untimed.
   */
  firstOpen(hospitalId: string, exists: boolean): Promise<FirstOpen>;
  /** Seeds inspections with index from..from+count-1 and their answers in one transaction. */
  seed(from: number, count: number): Promise<SeedResult>;
  /**
   * Starts drafts in the hospital through the repository and answers a new step per run in three
   * series of them (saveAnswer, rawSameWork, rawFormerWork; only the last rewrites the draft's
   * row), completing each full draft but the last of each series afterwards.
   */
  measureSaves(hospitalId: string, runs: number, warmup: number): Promise<Samples<SaveOp>>;
  measureList(hospitalId: string, runs: number, warmup: number): Promise<ListSamples>;
  counts(): Promise<StoreCounts>;
}
