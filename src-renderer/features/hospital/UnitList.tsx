import type { Hospital } from '../../../src-shared/catalog/reference';
import { compareAssets } from '../../../src-shared/domain/steps';
import { hrefOf } from '../../app/routes';
import type { AssetRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { departmentName } from './location';

/** Every unit of the hospital by department and room, each a link to its page and history. */
export function UnitList({ hospital, assets }: { hospital: Hospital; assets: readonly AssetRow[] }) {
  const tr = useT();
  const { t, l } = tr;
  if (assets.length === 0) return null;
  const groups = new Map<string, AssetRow[]>();
  for (const asset of [...assets].sort(compareAssets)) {
    const key = `${asset.campusId}/${asset.departmentId}`;
    groups.set(key, [...(groups.get(key) ?? []), asset]);
  }
  return (
    <details className="panel units" data-testid="unit-list">
      <summary>
        <strong>{t('units.title')}</strong> <span className="muted">{t('units.summary', { count: assets.length })}</span>
      </summary>
      {[...groups.values()].map((group) => (
        <div key={`${group[0]!.campusId}/${group[0]!.departmentId}`} className="unit-group">
          <h3>{departmentName(tr, hospital, group[0]!.departmentId, group[0]!.campusId)}</h3>
          <ul>
            {group.map((a) => (
              <li key={a.id}>
                <a href={hrefOf({ name: 'unit', hospitalId: hospital.id, assetId: a.id })} data-testid={`unit-${a.id}`}>
                  {a.room} · {l(a.name)}
                </a>{' '}
                <code>{a.assetTag}</code>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </details>
  );
}
