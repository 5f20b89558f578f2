/** What an inspection covers, in a few words for its row: systems by name, units by type and count. */
import type { Template } from '../../../src-shared/catalog/schema';
import type { Target } from '../../../src-shared/domain/steps';
import type { AssetRow, SystemRow } from '../../db/rows';
import type { Translator } from '../../i18n/i18n';

export interface CoverageNames {
  systems: ReadonlyMap<string, SystemRow>;
  /** By template id: the newest stored version's name (names do not change between versions in practice). */
  templates: ReadonlyMap<string, Template>;
  assets: ReadonlyMap<string, AssetRow>;
}

/** One entry per target: "医院信息系统（HIS）", "内科诊室1叫号屏" (one unit), "诊室叫号屏 ×6". */
export function coverageOf({ t, l }: Pick<Translator, 't' | 'l'>, targets: readonly Target[], names: CoverageNames): string[] {
  return targets.map((target) => {
    if (target.kind === 'system') {
      const system = names.systems.get(target.systemId);
      return system ? l(system.name) : target.systemId;
    }
    const template = names.templates.get(target.templateId);
    const only = target.assetIds.length === 1 ? names.assets.get(target.assetIds[0]!) : undefined;
    if (only) return l(only.name);
    return t('find.coverage.units', { name: template ? l(template.name) : target.templateId, count: target.assetIds.length });
  });
}
