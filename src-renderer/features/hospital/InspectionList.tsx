import { useLiveQuery } from 'dexie-react-hooks';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';

export function InspectionList({ hospitalId }: { hospitalId: string }) {
  const { t, locale } = useT();
  const data = useLiveQuery(async () => {
    const repos = repositories();
    const [rows, counts] = await Promise.all([repos.inspections.listByHospital(hospitalId), repos.inspections.countByStatus(hospitalId)]);
    return { rows, counts };
  }, [hospitalId]);
  if (!data) return null;
  const time = (iso: string): string => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section>
      <h2>
        {t('hospital.inspections')} <small className="muted">{t('hospital.counts', data.counts)}</small>
      </h2>
      {data.rows.length === 0 && <p className="muted">{t('hospital.noInspections')}</p>}
      <ul className="rows" data-testid="inspection-list">
        {data.rows.map((row) => (
          <li key={row.id} className="row" data-testid="inspection-row" data-status={row.status}>
            <span className={`status ${row.status}`}>{t(`list.status.${row.status}`)}</span>
            <span>{time(row.createdAt)}</span>
            <span>{t('list.engineer', { name: row.engineer })}</span>
            <span>{t('list.progress', { done: row.answeredCount, total: row.totalSteps })}</span>
            {row.findingCount > 0 && <span className="badge fail">{t('list.findings', { count: row.findingCount })}</span>}
            <span className="muted">{t('list.updated', { time: time(row.lastAnsweredAt && row.lastAnsweredAt > row.updatedAt ? row.lastAnsweredAt : row.updatedAt) })}</span>
            <a className="button" href={hrefOf({ name: 'inspection', inspectionId: row.id })}>
              {row.status === 'draft' ? t('list.resume') : t('list.open')}
            </a>
            {row.status !== 'draft' && (
              <a className={`button${row.status === 'completed' ? ' primary' : ''}`} href={hrefOf({ name: 'signoff', inspectionId: row.id })} data-testid="row-signoff">
                {row.status === 'completed' ? t('list.sign') : t('list.report')}
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
