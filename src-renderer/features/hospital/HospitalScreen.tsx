import { useLiveQuery } from 'dexie-react-hooks';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';
import { ContractCard } from './ContractCard';
import { InspectionList } from './InspectionList';

export function HospitalScreen({ hospitalId }: { hospitalId: string }) {
  const { t, l } = useT();
  const data = useLiveQuery(async () => {
    const repos = repositories();
    const hospital = await repos.reference.getHospital(hospitalId);
    const contracts = await repos.reference.listContracts(hospitalId);
    return { hospital, contracts };
  }, [hospitalId]);
  if (!data) return null;
  if (!data.hospital) return <p className="banner error">{t('store.not_found')}</p>;
  return (
    <section>
      <p>
        <a href={hrefOf({ name: 'hospitals' })}>← {t('app.home')}</a>
      </p>
      <h1>{l(data.hospital.name)}</h1>
      <p>
        <a className="button primary" href={hrefOf({ name: 'new-inspection', hospitalId })} data-testid="new-inspection">
          {t('hospital.newInspection')}
        </a>
      </p>
      <InspectionList hospitalId={hospitalId} />
      <h2>{t('hospital.contracts')}</h2>
      {data.contracts.map((c) => (
        <ContractCard key={c.id} contract={c} />
      ))}
    </section>
  );
}
