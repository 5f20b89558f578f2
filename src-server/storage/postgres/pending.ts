/**
 * TEMPORARY (issue 15 in progress): methods of the PostgreSQL store not written yet. Each throws,
 * so a test that reaches one fails loudly. Deleted once every repo is in.
 */
import type { OfficeStore } from '../port';

export function pending<K extends keyof OfficeStore>(names: K[]): Pick<OfficeStore, K> {
  const methods: Record<string, () => never> = {};
  for (const name of names)
    methods[name] = () => {
      throw new Error(`PostgreSQL store: ${name} is not written yet`);
    };
  return methods as unknown as Pick<OfficeStore, K>;
}
