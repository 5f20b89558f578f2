import { useLiveQuery } from 'dexie-react-hooks';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';

export function HospitalsScreen() {
  const { t, l } = useT();
  const hospitals = useLiveQuery(async () => {
    const repos = repositories();
    const list = await repos.reference.listHospitals();
    return Promise.all(
      list.map(async (h) => ({
        hospital: h,
        contracts: (await repos.reference.listContracts(h.id)).length,
        counts: await repos.inspections.countByStatus(h.id),
      })),
    );
  });
  if (!hospitals) return null;
  return (
    <section>
      <h1>{t('hospitals.title')}</h1>
      {hospitals.length === 0 && <p className="muted">{t('hospitals.empty')}</p>}
      <ul className="cards">
        {hospitals.map(({ hospital, contracts, counts }) => (
          <li key={hospital.id}>
            <a className="card" href={hrefOf({ name: 'hospital', hospitalId: hospital.id })} data-testid={`hospital-${hospital.id}`}>
              <strong>{l(hospital.name)}</strong>
              <span className="muted">{l(hospital.city)}</span>
              <span>{t('hospitals.contracts', { count: contracts })}</span>
              {counts.draft > 0 && <span className="badge">{t('hospitals.drafts', { count: counts.draft })}</span>}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
