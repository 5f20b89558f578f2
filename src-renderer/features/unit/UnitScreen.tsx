import { useLiveQuery } from 'dexie-react-hooks';
import type { Contract } from '../../../src-shared/catalog/reference';
import type { Item, Template } from '../../../src-shared/catalog/schema';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';
import { departmentName } from '../hospital/location';
import '../hospital/find.css';
import { UnitVisitCard } from './UnitVisitCard';

/** Items of each template version by id, in the template's order. */
export type ItemsByTemplate = ReadonlyMap<string, ReadonlyMap<string, Item>>;

function itemsOf(templates: ReadonlyMap<string, Template>): ItemsByTemplate {
  const out = new Map<string, Map<string, Item>>();
  for (const [key, template] of templates) out.set(key, new Map(template.sections.flatMap((s) => s.items.map((i) => [i.id, i] as const))));
  return out;
}

/** A unit's facts and every inspection that covered it, newest first, with its answers for this unit. */
export function UnitScreen({ hospitalId, assetId }: { hospitalId: string; assetId: string }) {
  const tr = useT();
  const { t, l } = tr;
  const data = useLiveQuery(async () => {
    const repos = repositories();
    const [hospital, asset, visits] = await Promise.all([repos.reference.getHospital(hospitalId), repos.reference.getAsset(assetId), repos.history.unitHistory(assetId)]);
    // Each inspection is read against the template version it pinned, so old answers keep their labels.
    const pinned = visits.flatMap(({ inspection }) =>
      inspection.targets.flatMap((target) => (target.kind === 'hardware' && target.assetIds.includes(assetId) ? [{ id: target.templateId, version: target.templateVersion }] : [])),
    );
    const [templates, latest] = await Promise.all([repos.reference.templatesAt(pinned), repos.reference.latestTemplates(asset ? [asset.templateId] : [])]);
    const contractIds = [...new Set([...(asset ? [asset.contractId] : []), ...visits.map((v) => v.inspection.contractId)])];
    const contracts = new Map(
      (await Promise.all(contractIds.map((id) => repos.reference.getContract(id)))).filter((c): c is Contract => c !== undefined).map((c) => [c.id, c]),
    );
    return { hospital, asset, visits, items: itemsOf(templates), type: asset ? latest.get(asset.templateId) : undefined, contracts };
  }, [hospitalId, assetId]);
  if (!data) return null;
  const back = (
    <p>
      <a href={hrefOf({ name: 'hospital', hospitalId })}>← {data.hospital ? l(data.hospital.name) : t('app.home')}</a>
    </p>
  );
  const { hospital, asset } = data;
  // A unit of another hospital under this one's address is not shown as if it were this one's.
  if (!hospital || !asset || asset.hospitalId !== hospital.id) {
    return (
      <section>
        {back}
        <p className="banner error" data-testid="unit-not-found">
          {t('unit.notFound')}
        </p>
      </section>
    );
  }
  const contract = data.contracts.get(asset.contractId);
  return (
    <section className="unit" data-testid="unit-page">
      {back}
      <h1>
        {l(asset.name)} <code>{asset.assetTag}</code>
      </h1>
      <article className="panel">
        <h2>{t('unit.facts')}</h2>
        <dl className="unit-facts" data-testid="unit-facts">
          <dt>{t('unit.tag')}</dt>
          <dd>
            <code>{asset.assetTag}</code>
          </dd>
          <dt>{t('unit.type')}</dt>
          <dd>{data.type ? l(data.type.name) : asset.hardwareType}</dd>
          <dt>{t('unit.model')}</dt>
          <dd>{asset.model}</dd>
          <dt>{t('unit.location')}</dt>
          <dd>
            {departmentName(tr, hospital, asset.departmentId, asset.campusId)} · {asset.room}
          </dd>
          <dt>{t('unit.contract')}</dt>
          <dd>{contract ? l(contract.name) : asset.contractId}</dd>
        </dl>
      </article>
      <h2>
        {t('unit.history')} <small className="muted">{t('unit.historyCount', { count: data.visits.length })}</small>
      </h2>
      {data.visits.length === 0 ? (
        <p className="muted" data-testid="unit-no-history">
          {t('unit.noHistory')}
        </p>
      ) : (
        <>
          {data.visits.map((visit) => (
            <UnitVisitCard key={visit.inspection.id} visit={visit} assetId={asset.id} items={data.items} contract={data.contracts.get(visit.inspection.contractId)} />
          ))}
          <p className="muted">{t('unit.typeItems')}</p>
        </>
      )}
    </section>
  );
}
