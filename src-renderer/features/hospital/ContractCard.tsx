import { useLiveQuery } from 'dexie-react-hooks';
import type { Contract } from '../../../src-shared/catalog/reference';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';
import { formatDuration } from '../../ui/duration';
import { CurrentWindow } from '../period/CurrentWindow';
import { cadenceWords } from '../period/PlanPanel';

export function ContractCard({ contract }: { contract: Contract }) {
  const tr = useT();
  const { t, l } = tr;
  const units = useLiveQuery(() => repositories().reference.listAssets(contract.id), [contract.id]);
  return (
    <article className="panel" data-testid={`contract-${contract.id}`}>
      <h3>{l(contract.name)}</h3>
      <p className="muted">
        {t('hospital.period', { start: contract.period.start, end: contract.period.end })} ·{' '}
        <span data-testid={`cadence-${contract.id}`}>{cadenceWords(tr, contract)}</span> · {t('hospital.systems', { count: contract.systems.length })}
        {units && units.length > 0 && ` · ${t('hospital.units', { count: units.length })}`}
      </p>
      <CurrentWindow contract={contract} />
      <p>
        <a className="button" href={hrefOf({ name: 'contract-period', hospitalId: contract.hospitalId, contractId: contract.id })} data-testid={`period-${contract.id}`}>
          {t('period.open')}
        </a>
      </p>
      <p>
        <strong>{t('hospital.serviceHours')}：</strong>
        {l(contract.serviceHours.description)}
      </p>
      <details>
        <summary>{t('hospital.faultLevels')}</summary>
        <table>
          <thead>
            <tr>
              <th></th>
              <th>{t('sla.respond')}</th>
              <th>{t('sla.onSite')}</th>
              <th>{t('sla.resolve')}</th>
            </tr>
          </thead>
          <tbody>
            {contract.faultLevels.map((level) => (
              <tr key={level.id}>
                <th title={l(level.description)}>{l(level.name)}</th>
                <td>{formatDuration(tr, level.respond)}</td>
                <td>{formatDuration(tr, level.onSite)}</td>
                <td>{level.resolve ? formatDuration(tr, level.resolve) : level.resolveNote ? l(level.resolveNote) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </article>
  );
}
