/**
 * What an inspection covers, as index keys: `system:<contract>/<system>` and `asset:<id>` (the
 * answers' own subjects) plus `type:<templateId>` for each hardware type. Stored on the inspection
 * row as `subjects` (a multiEntry index since schema v6) and kept equal to its targets on every
 * write by the middleware below, so no write path can forget it.
 */
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import type { Target } from '../../src-shared/domain/steps';
import type { InspectionRow } from './rows';

export const systemSubject = (systemId: string): string => `system:${systemId}`;
export const assetSubject = (assetId: string): string => `asset:${assetId}`;
export const typeSubject = (templateId: string): string => `type:${templateId}`;

export function subjectsOf(targets: readonly Target[]): string[] {
  const out = new Set<string>();
  for (const target of targets) {
    if (target.kind === 'system') out.add(systemSubject(target.systemId));
    else {
      out.add(typeSubject(target.templateId));
      for (const id of target.assetIds) out.add(assetSubject(id));
    }
  }
  return [...out];
}

function withSubjects(value: unknown): unknown {
  const row = value as Partial<InspectionRow> | null;
  if (!row || !Array.isArray(row.targets)) return value;
  return { ...row, subjects: subjectsOf(row.targets) };
}

/**
 * Derives `subjects` from `targets` on every add and put of an inspection (create, a cursor move,
 * completion, signing, units added to a draft, a Collection.modify). Only the written copy gets
 * the field; rows are otherwise stored exactly as given. A put that leaves the targets alone
 * writes the same index keys again, which LevelDB overwrites in place (no tombstones).
 */
export const inspectionSubjects: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'inspectionSubjects',
  create: (down) => ({
    ...down,
    table(name) {
      const table = down.table(name);
      if (name !== 'inspections') return table;
      return {
        ...table,
        mutate(req: DBCoreMutateRequest) {
          if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
          return table.mutate({ ...req, values: req.values.map(withSubjects) });
        },
      };
    },
  }),
};
