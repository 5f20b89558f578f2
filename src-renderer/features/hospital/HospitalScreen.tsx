import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { hrefOf, navigate } from '../../app/routes';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';
import { createScanDetector } from '../inspection/scanner';
import { ContactsPanel } from './ContactsPanel';
import { ContractCard } from './ContractCard';
import { findByTag, useFilters } from './find-filters';
import { InspectionList } from './InspectionList';
import { ServiceRecordsPanel } from './ServiceRecordsPanel';
import { UnitList } from './UnitList';
import './find.css';

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function HospitalScreen({ hospitalId }: { hospitalId: string }) {
  const { t, l } = useT();
  const update = useFilters((s) => s.update);
  const data = useLiveQuery(async () => {
    const repos = repositories();
    const [hospital, contracts, systems, assets] = await Promise.all([
      repos.reference.getHospital(hospitalId),
      repos.reference.listContracts(hospitalId),
      repos.reference.listHospitalSystems(hospitalId),
      repos.reference.listHospitalAssets(hospitalId),
    ]);
    const templates = await repos.reference.latestTemplates([...new Set([...systems.map((s) => s.templateId), ...assets.map((a) => a.templateId)])]);
    const types = [...new Set(assets.map((a) => a.templateId))].flatMap((id) => templates.get(id) ?? []);
    const names = { systems: new Map(systems.map((s) => [s.id, s])), templates, assets: new Map(assets.map((a) => [a.id, a])) };
    return { hospital, contracts, systems, assets, types, names };
  }, [hospitalId]);
  const assets = data?.assets;

  // A tag scanned anywhere on the page (a scanner types it and presses Enter) opens that unit's
  // page; an unknown one lands in the unit filter, which says it is not this hospital's.
  useEffect(() => {
    if (!assets) return;
    const scanner = createScanDetector((tag) => {
      const unit = findByTag(assets, tag);
      if (unit) navigate({ name: 'unit', hospitalId, assetId: unit.id });
      else update(hospitalId, { tag });
    });
    const onKey = (e: KeyboardEvent): void => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      scanner.key(e.key);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [assets, hospitalId, update]);

  if (!data) return null;
  if (!data.hospital) return <p className="banner error">{t('store.not_found')}</p>;
  const hospital = data.hospital;
  return (
    <section className="hospital">
      <p>
        <a href={hrefOf({ name: 'hospitals' })}>← {t('app.home')}</a>
      </p>
      <h1>{l(hospital.name)}</h1>
      <p>
        <a className="button primary" href={hrefOf({ name: 'new-inspection', hospitalId })} data-testid="new-inspection">
          {t('hospital.newInspection')}
        </a>{' '}
        <a className="button" href={hrefOf({ name: 'dashboard', hospitalId })} data-testid="to-dashboard">
          {t('period.dash.title')}
        </a>
      </p>
      <ContactsPanel hospital={hospital} />
      <InspectionList hospital={hospital} names={data.names} systems={data.systems} types={data.types} assets={data.assets} />
      <ServiceRecordsPanel hospital={hospital} />
      <UnitList hospital={hospital} assets={data.assets} />
      <h2>{t('hospital.contracts')}</h2>
      {data.contracts.map((c) => (
        <ContractCard key={c.id} contract={c} />
      ))}
    </section>
  );
}
