import { useLiveQuery } from 'dexie-react-hooks';
import type { Hospital } from '../../../src-shared/catalog/reference';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';
import { useFilters } from '../hospital/find-filters';
import '../hospital/find.css';

/** Name and city in both languages, so either finds it whatever the UI language. */
function matches(hospital: Hospital, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  if (q === '') return true;
  return [hospital.name.zh, hospital.name.en, hospital.city.zh, hospital.city.en].some((text) => text.toLocaleLowerCase().includes(q));
}

export function HospitalsScreen() {
  const { t, l } = useT();
  const query = useFilters((s) => s.hospitalQuery);
  const setQuery = useFilters((s) => s.setHospitalQuery);
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
  const shown = hospitals.filter(({ hospital }) => matches(hospital, query));
  return (
    <section>
      <h1>{t('hospitals.title')}</h1>
      {hospitals.length > 0 && (
        <input
          type="search"
          className="hospital-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('hospitals.search')}
          aria-label={t('hospitals.search')}
          data-testid="search-hospitals"
        />
      )}
      {hospitals.length === 0 && <p className="muted">{t('hospitals.empty')}</p>}
      {hospitals.length > 0 && shown.length === 0 && (
        <p className="muted" data-testid="search-hospitals-none">
          {t('hospitals.noMatch', { query: query.trim() })}
        </p>
      )}
      <ul className="cards">
        {shown.map(({ hospital, contracts, counts }) => (
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
