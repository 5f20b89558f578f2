/**
 * `npm run bench` runs every benchmark; `npm run bench -- store` runs the named ones. Prints one
 * Markdown report on stdout (progress on stderr). Not part of `npm test`: speed is reported here as
 * ratios against a baseline measured in the same process, never asserted.
 */
import { facts as markdownFacts } from './markdown';
import { machineFacts } from './machine';
import { BENCHMARKS, type Benchmark } from './registry';

function select(names: readonly string[]): Benchmark[] {
  if (names.length === 0) return [...BENCHMARKS];
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) {
    const known = BENCHMARKS.map((b) => `  ${b.name}: ${b.description}`).join('\n');
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known:\n${known}`);
  }
  return BENCHMARKS.filter((b) => names.includes(b.name));
}

async function main(): Promise<void> {
  const chosen = select(process.argv.slice(2));
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  const out: string[] = [`## Machine\n\n${markdownFacts(await machineFacts())}`];
  for (const bench of chosen) {
    progress(`bench ${bench.name}: ${bench.description}`);
    const report = await bench.run(progress);
    out.push(`## ${report.title}\n\n${markdownFacts(report.facts)}`);
    for (const section of report.sections) out.push(`### ${section.heading}\n\n${section.body}`);
  }
  process.stdout.write(`${out.join('\n\n')}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
