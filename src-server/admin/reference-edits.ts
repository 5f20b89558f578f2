/**
 * Console edits of reference data (issue 14): every change is a guarded write — applied only if
 * the stored row is still the one the editor (or an import's preview) started from — so two
 * administrators editing one record never overwrite each other, and a refused write changes nothing.
 */
import type { ReferenceKind } from '../../src-shared/sync/protocol';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import type { OfficeContext } from '../context';
import type { AuditEntry, ReferenceRow, ReferenceWrite } from '../storage/port';

/** Someone else changed these rows first; nothing was written. `by` names who wrote the first of them last. */
export class EditConflict extends Error {
  constructor(
    readonly keys: { kind: ReferenceKind; key: string }[],
    readonly by: string | undefined,
  ) {
    super(`changed by ${by ?? 'someone else'} since it was opened: ${keys.map((k) => `${k.kind} ${k.key}`).join(', ')}`);
  }
}

export async function referenceRow(kind: ReferenceKind, key: string, hospitalId: string | null, data: unknown): Promise<ReferenceRow> {
  return { kind, key, hospitalId, hash: await canonicalHash(data), data };
}

/** Writes all or nothing; throws EditConflict when a guard fails. Returns how many rows changed. */
export async function writeGuarded(ctx: Pick<OfficeContext, 'store'>, writes: ReferenceWrite[], audit: AuditEntry): Promise<number> {
  const result = await ctx.store.writeReference(writes, audit);
  if (result.outcome === 'written') return result.changed;
  const first = result.keys[0];
  const by = first ? (await ctx.store.listReferenceVersions(first.kind, first.key))[0]?.actor : undefined;
  throw new EditConflict(result.keys, by);
}
