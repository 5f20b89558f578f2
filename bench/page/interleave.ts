/** Timing in the page with performance.now(), so the DevTools round trip to Node is in no figure. */
import type { Samples } from '../store/protocol';

export async function timed(op: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await op();
  return performance.now() - start;
}

/**
 * Runs every operation once per round, sequentially, starting each round one further along, so a
 * burst of load from elsewhere on the machine (or a commit still settling) falls on all alike.
 */
export async function interleaved<K extends string>(runs: number, warmup: number, ops: Record<K, (round: number) => Promise<unknown>>): Promise<Samples<K>> {
  const names = Object.keys(ops) as K[];
  const out = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Samples<K>;
  for (let round = 0; round < warmup + runs; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      const ms = await timed(() => ops[name](round));
      if (round >= warmup) out[name].push(ms);
    }
  }
  return out;
}
