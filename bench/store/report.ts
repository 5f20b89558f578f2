/** Turns the page's samples into the Markdown tables that go into docs/benchmarks.md. */
import { count, ms, ratio, table } from '../markdown';
import { summarize, type Summary } from '../stats';
import type { FirstOpen, ListOp, ListSamples, SaveOp, Samples, SeedResult } from './protocol';

/** One state of the store (empty, then seeded) and what was measured in it, in this order. */
export interface StoreState {
  label: string;
  first: FirstOpen;
  list: ListSamples;
  saves: Samples<SaveOp>;
  /** The list again, once this many answers have been saved on the hospital's drafts. */
  listAfterSaves: ListSamples;
  draftWrites: number;
}

export const SAVE_GOAL_P99_MS = 16;
export const LIST_GOAL_MS = 100;

const SAVE_LABELS: Record<SaveOp, string> = {
  saveAnswer: '`saveAnswer` (repository)',
  rawPut: 'raw put of the answer, strict (baseline)',
  rawSameWork: 'raw: saveAnswer’s get + put, strict',
  rawFormerWork: 'raw: the former save, 2 gets + 2 puts (answer and inspection row), strict',
  rawPutRelaxed: 'raw put of the answer, relaxed',
};
const LIST_LABELS: Record<ListOp, string> = {
  listScreen: '`history.search` unfiltered (`listByHospital`) + `countByStatus` (the screen)',
  rawReads: 'raw: same index, cursor of 50 + 3 counts (baseline)',
  listPage: '`listByHospital` alone',
  countByStatus: '`countByStatus` alone',
  filterState: '`history.search`, drafts only (~2 % of the hospital’s)',
  filterUnit: '`history.search`, a unit every inspection covers',
  filterMonth: '`history.search`, started in one month',
};

const HEADERS = ['Store', 'Operation', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'mean ms'];
const row = (state: string, operation: string, s: Summary): string[] => [state, operation, String(s.n), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), ms(s.mean)];

function latencyTable<K extends string>(states: readonly StoreState[], pick: (st: StoreState) => Samples<K>, labels: Record<K, string>): string {
  return table(
    HEADERS,
    states.flatMap((st) => (Object.keys(labels) as K[]).map((op) => row(st.label, labels[op], summarize(pick(st)[op])))),
  );
}

export const saveTable = (states: readonly StoreState[]): string => latencyTable(states, (st) => st.saves, SAVE_LABELS);
const afterSaves = (st: StoreState): StoreState => ({ ...st, label: `${st.label}, after ${count(st.draftWrites)} saves on drafts`, list: st.listAfterSaves });

export const listTable = (states: readonly StoreState[]): string =>
  latencyTable([...states, ...states.map(afterSaves)], (st) => st.list.samples, LIST_LABELS);

export function firstOpenTable(states: readonly StoreState[]): string {
  const time = (value: number | null): string => (value === null ? 'new database' : `${ms(value)} ms`);
  return table(
    ['Store', 'Inspections in the hospital', 'Rows shown', 'Chromium opens the database', 'Then Dexie opens it', 'Then the first list'],
    states.map((st) => [st.label, count(st.list.inspections), String(st.list.rows), time(st.first.rawOpenMs), time(st.first.dexieOpenMs), time(st.first.firstListMs)]),
  );
}

export function ratioTable(states: readonly StoreState[]): string {
  const both = (subject: number[], baseline: number[]): string[] => {
    const [s, b] = [summarize(subject), summarize(baseline)];
    return [ratio(s.p50 / b.p50), ratio(s.p99 / b.p99)];
  };
  return table(
    ['Store', 'save / raw put, p50', 'p99', 'save / raw same work, p50', 'p99', 'list / raw reads, p50', 'p99', 'the same after the saves, p50', 'p99'],
    states.map((st) => [
      st.label,
      ...both(st.saves.saveAnswer, st.saves.rawPut),
      ...both(st.saves.saveAnswer, st.saves.rawSameWork),
      ...both(st.list.samples.listScreen, st.list.samples.rawReads),
      ...both(st.listAfterSaves.samples.listScreen, st.listAfterSaves.samples.rawReads),
    ]),
  );
}

export function goalTable(states: readonly StoreState[]): string {
  const verdict = (value: number, goal: number): string => `${ms(value)} ms ${value < goal ? '(met)' : '(**missed**)'}`;
  return table(
    ['Goal', ...states.map((st) => st.label)],
    [
      [`p99 answer save < ${SAVE_GOAL_P99_MS} ms`, ...states.map((st) => verdict(summarize(st.saves.saveAnswer).p99, SAVE_GOAL_P99_MS))],
      [`p99 list open < ${LIST_GOAL_MS} ms`, ...states.map((st) => verdict(summarize(st.list.samples.listScreen).p99, LIST_GOAL_MS))],
      [
        `the same, after the saves above`,
        ...states.map((st) => verdict(summarize(st.listAfterSaves.samples.listScreen).p99, LIST_GOAL_MS)),
      ],
    ],
  );
}

export function seedTable(chunks: readonly SeedResult[], wallMs: number, storeBytes: number, settledSeconds: number): string {
  const inspections = chunks.reduce((n, c) => n + c.inspections, 0);
  const answers = chunks.reduce((n, c) => n + c.answers, 0);
  const inTransactions = chunks.reduce((n, c) => n + c.ms, 0);
  return table(
    ['Inspections', 'Answers', 'Transactions', 'Time in transactions', 'Wall time', 'Answers/s', 'Profile on disk', 'Busy after reopening'],
    [
      [
        count(inspections),
        count(answers),
        count(chunks.length),
        `${(inTransactions / 1000).toFixed(1)} s`,
        `${(wallMs / 1000).toFixed(1)} s`,
        count(Math.round(answers / (inTransactions / 1000))),
        `${(storeBytes / 2 ** 20).toFixed(0)} MiB`,
        `${settledSeconds.toFixed(0)} s`,
      ],
    ],
  );
}
