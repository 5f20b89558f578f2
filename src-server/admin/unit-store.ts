/**
 * Hardware units in the office store (issue 14): what the checks read (the hospital, its
 * contracts, hardware templates, units), and the guarded writes of the form and of a confirmed
 * import. Every write goes through writeReference with the hash the change started from.
 */
import type { Asset, Contract, Hospital } from '../../src-shared/catalog/reference';
import type { Template } from '../../src-shared/catalog/schema';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import type { OfficeContext } from '../context';
import type { AuditEntry, ReferenceWrite } from '../storage/port';
import { EditConflict, writeGuarded } from './reference-edits';
import type { UnitData, UnitScope } from './unit-checks';
import { freeUnitId, guardChanges, type ImportPlan } from './unit-import';

type Store = Pick<OfficeContext, 'store'>;

/** The hospital's scope for the checks, or undefined when there is no such hospital. */
export async function loadUnitScope(ctx: Store, hospitalId: string): Promise<UnitScope | undefined> {
  const hospitalRow = await ctx.store.getReference('hospital', hospitalId);
  if (!hospitalRow || hospitalRow.deleted || !hospitalRow.hash) return undefined;
  // listReference gives live rows only, each with its hash.
  const contracts = (await ctx.store.listReference('contract', hospitalId)).map((r) => ({ contract: r.data as Contract, hash: r.hash ?? '' }));
  const units = (await ctx.store.listReference('asset', hospitalId)).map((r) => ({ asset: r.data as Asset, hash: r.hash ?? '' }));
  // The newest version of each hardware template names its type.
  const templates = new Map<string, { hardwareType: NonNullable<Template['hardwareType']>; name: Template['name']; version: number }>();
  for (const row of await ctx.store.listReference('template')) {
    const t = row.data as Template;
    if (t.kind !== 'hardware' || !t.hardwareType) continue;
    const known = templates.get(t.id);
    if (!known || known.version < t.version) templates.set(t.id, { hardwareType: t.hardwareType, name: t.name, version: t.version });
  }
  return { hospital: hospitalRow.data as Hospital, hospitalHash: hospitalRow.hash, contracts, templates, units };
}

/** Ids of every live unit of every hospital. */
export async function liveUnitIds(ctx: Store): Promise<Set<string>> {
  return new Set((await ctx.store.listReference('asset')).map((r) => r.key));
}

/** Whether a unit row of this id exists, in any hospital and in any state (a deleted one included): a new unit may not take it. */
export const unitIdUsed =
  (ctx: Store) =>
  async (id: string): Promise<boolean> =>
    (await ctx.store.getReference('asset', id)) !== undefined;

/** The id for a new unit from its tag, never one a unit has or had. */
export async function newUnitId(ctx: Store, tag: string): Promise<string> {
  return freeUnitId(tag, await liveUnitIds(ctx), unitIdUsed(ctx));
}

/**
 * Saves one unit from the form: a new one expects no row, an edit the hash its form was filled
 * from. Throws EditConflict when someone else changed it first.
 */
export async function saveUnit(ctx: Store, hospitalId: string, id: string, unit: UnitData, expectedHash: string | null, actor: string): Promise<void> {
  const data: Asset = { id, ...unit };
  const row = { kind: 'asset' as const, key: id, hospitalId, hash: await canonicalHash(data), data };
  await writeGuarded(ctx, [{ row, expectedHash }], {
    actor,
    action: expectedHash === null ? 'unit.create' : 'unit.edit',
    outcome: 'ok',
    target: `asset:${id}`,
    details: { hospitalId, assetTag: unit.assetTag, expectedHash },
  });
}

export async function deleteUnit(ctx: Store, hospitalId: string, id: string, expectedHash: string, actor: string): Promise<void> {
  await writeGuarded(ctx, [{ delete: true, kind: 'asset', key: id, expectedHash }], {
    actor,
    action: 'unit.delete',
    outcome: 'ok',
    target: `asset:${id}`,
    details: { hospitalId, expectedHash },
  });
}

/** What a confirmed import wrote: units added or changed, and units deleted. */
export interface ImportWritten {
  written: number;
  deleted: number;
}

/**
 * Writes a previewed import in one guarded write: its new and changed units, the deletions of the
 * units not in the file when `deleteAbsent` (each expecting its hash as at preview), and, unchanged,
 * the hospital, its contracts and every other unit it was checked against, so that a change to any
 * of them since the preview refuses the whole import. Throws EditConflict.
 */
export async function confirmImport(ctx: Store, hospitalId: string, plan: ImportPlan, deleteAbsent: boolean, audit: Omit<AuditEntry, 'action' | 'target'>): Promise<ImportWritten> {
  const scope = await loadUnitScope(ctx, hospitalId);
  const deleting = new Set(deleteAbsent ? (plan.notInFile?.ids ?? []) : []);
  const entry: AuditEntry = { ...audit, action: 'unit.import', target: `hospital:${hospitalId}`, details: { ...audit.details, deleted: deleting.size } };
  if (!scope) throw new EditConflict([{ kind: 'hospital', key: hospitalId }], undefined);
  const changed = guardChanges(plan.guard, scope);
  if (changed.length > 0) {
    await ctx.store.audit({ ...entry, outcome: 'refused', details: { ...entry.details, reason: 'changed since preview', keys: changed.slice(0, 20) } });
    const [kind, key] = changed[0]!.split(' ') as ['asset', string];
    const by = (await ctx.store.listReferenceVersions(kind, key))[0]?.actor;
    throw new EditConflict([{ kind, key }], by);
  }
  const writing = new Set(plan.writes.map((w) => w.key));
  const writes: ReferenceWrite[] = [
    ...plan.writes.map((w) => ({ row: { kind: 'asset' as const, key: w.key, hospitalId, hash: w.hash, data: w.data }, expectedHash: w.expectedHash })),
    ...[...deleting].map((key) => ({ delete: true as const, kind: 'asset' as const, key, expectedHash: plan.guard.units[key] ?? '' })),
    // Unchanged rows only guard: writeReference skips a row whose hash is the stored one.
    { row: { kind: 'hospital', key: hospitalId, hospitalId, hash: scope.hospitalHash, data: scope.hospital }, expectedHash: plan.guard.hospital },
    ...scope.contracts.map((c) => ({ row: { kind: 'contract' as const, key: c.contract.id, hospitalId, hash: c.hash, data: c.contract }, expectedHash: plan.guard.contracts[c.contract.id] ?? null })),
    ...scope.units
      .filter((u) => !writing.has(u.asset.id) && !deleting.has(u.asset.id))
      .map((u) => ({ row: { kind: 'asset' as const, key: u.asset.id, hospitalId, hash: u.hash, data: u.asset }, expectedHash: plan.guard.units[u.asset.id] ?? null })),
  ];
  await writeGuarded(ctx, writes, entry);
  return { written: plan.writes.length, deleted: deleting.size };
}
