/**
 * Display names for ids in the console: hospitals, systems (from contracts) and engineers. With a
 * scope (a reader's hospitals) the lists a filter offers hold only those hospitals and their systems.
 */
import type { Contract, Hospital } from '../../src-shared/catalog/reference';
import type { OfficeContext } from '../context';
import type { Lang } from './i18n';
import { localized } from './layout';

export interface Names {
  hospitals: { id: string; name: string }[];
  /** Systems under contract: `system:<id>` for the filter, with the other key form a device may use. */
  systems: { subject: string; aliases: string[]; hospitalId: string; name: string }[];
  hospital(id: string): string;
  subject(key: string): string;
  engineer(id: string): string;
  contract(id: string): string;
}

export async function loadNames(ctx: OfficeContext, lang: Lang, scope?: readonly string[]): Promise<Names> {
  const inScope = (hospitalId: string): boolean => !scope || scope.includes(hospitalId);
  const hospitals = (await ctx.store.listReference('hospital')).map((r) => r.data as Hospital);
  const contracts = (await ctx.store.listReference('contract')).map((r) => r.data as Contract);
  const engineers = await ctx.store.listEngineers();
  const hospitalName = new Map(hospitals.map((h) => [h.id, localized(h.name, lang, h.id)]));
  // A device names a system `system:<id>` or `system:<contract>/<id>` (src-shared/sync/envelope.ts).
  const systems = contracts.flatMap((c) =>
    c.systems.map((s) => ({
      subject: `system:${s.id}`,
      aliases: [`system:${s.id}`, `system:${c.id}/${s.id}`],
      hospitalId: c.hospitalId,
      name: localized(s.name, lang, s.id),
    })),
  );
  const systemName = new Map(systems.flatMap((s) => s.aliases.map((a): [string, string] => [a, s.name])));
  const engineerName = new Map(engineers.map((e) => [e.id, e.name]));
  const contractName = new Map(contracts.map((c) => [c.id, localized(c.name, lang, c.id)]));
  return {
    hospitals: hospitals.filter((h) => inScope(h.id)).map((h) => ({ id: h.id, name: hospitalName.get(h.id)! })),
    systems: systems.filter((s) => inScope(s.hospitalId)),
    hospital: (id) => hospitalName.get(id) ?? id,
    subject: (key) => systemName.get(key) ?? key,
    engineer: (id) => engineerName.get(id) ?? id,
    contract: (id) => contractName.get(id) ?? id,
  };
}
