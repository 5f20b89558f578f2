/** Markdown output: results are pasted into docs/benchmarks.md as printed. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1);
export const ratio = (value: number): string => `${value.toFixed(2)}×`;
export const count = (value: number): string => value.toLocaleString('en-US');

/** Facts as a two-column table, in insertion order. */
export const facts = (entries: Record<string, string>): string =>
  table(['Fact', 'Value'], Object.entries(entries).map(([key, value]) => [key, value]));
