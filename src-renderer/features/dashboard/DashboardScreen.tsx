/**
 * A hospital's dashboard on the device (issue 12 point 5): for each of its contracts, over the
 * contract period up to now, done vs due per window, late inspections, findings by system, faults
 * by level, SLA compliance, follow-up satisfaction, deliverables missing and, where the contract
 * has 附件1, the grade so far this quarter. Every chart carries its numbers as a table.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';
import { cadenceWords } from '../period/PlanPanel';
import { loadPeriodData, type PeriodData } from '../period/use-period';
import { chinaDateTime } from '../period/window-label';
import '../period/period.css';
import { ChartCard } from './ChartCard';
import { dashboardSpecs } from './dashboard-data';

function ContractDashboard({ data, asOf }: { data: PeriodData; asOf: string }) {
  const tr = useT();
  const { t, l } = tr;
  const specs = useMemo(() => dashboardSpecs(tr, data, asOf), [data, asOf, tr.locale]); // eslint-disable-line react-hooks/exhaustive-deps
  const { contract } = data;
  return (
    <section data-testid={`dashboard-${contract.id}`}>
      <h2>{l(contract.name)}</h2>
      <p className="muted">
        {t('hospital.period', { start: contract.period.start, end: contract.period.end })} · {cadenceWords(tr, contract)} ·{' '}
        <a href={hrefOf({ name: 'contract-period', hospitalId: contract.hospitalId, contractId: contract.id })}>{t('period.open')}</a>
      </p>
      <p className="muted" data-testid={`dashboard-scope-${contract.id}`}>{specs.scope}</p>
      {specs.problem && <p className="banner info" role="status">{specs.problem}</p>}
      <div className="charts">
        {specs.charts.map((spec) => (
          <ChartCard key={spec.id} spec={spec} />
        ))}
      </div>
    </section>
  );
}

export function DashboardScreen({ hospitalId }: { hospitalId: string }) {
  const { t, l } = useT();
  const asOf = useMemo(() => new Date().toISOString(), []);
  const loaded = useLiveQuery(async () => {
    const repos = repositories();
    const hospital = await repos.reference.getHospital(hospitalId);
    const contracts = await repos.reference.listContracts(hospitalId);
    const all = await Promise.all(contracts.map((c) => loadPeriodData(hospitalId, c.id)));
    return { hospital, contracts: all.flatMap((d) => (d.state === 'ready' ? [d] : [])) };
  }, [hospitalId]);
  if (!loaded) return <p className="muted">{t('app.loading')}</p>;
  if (!loaded.hospital) return <p className="banner error" role="alert">{t('store.not_found')}</p>;
  return (
    <section className="dashboard period" data-testid="dashboard">
      <p>
        <a href={hrefOf({ name: 'hospital', hospitalId })}>← {l(loaded.hospital.name)}</a>
      </p>
      <h1>{t('period.dash.heading', { hospital: l(loaded.hospital.name) })}</h1>
      <p className="muted" data-testid="dashboard-as-of">{t('period.dash.asOf', { at: chinaDateTime(asOf) })}</p>
      {loaded.contracts.map((data) => (
        <ContractDashboard key={data.contract.id} data={data} asOf={asOf} />
      ))}
    </section>
  );
}
