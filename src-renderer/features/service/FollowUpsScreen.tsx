/** Records still waiting for their 电话回访: resolved, under a contract that asks for a call, none recorded. */
import { useLiveQuery } from 'dexie-react-hooks';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';
import { levelOf, loadContext, subjectName } from './context';
import { foldRecord } from '../../../src-shared/service/fold';
import './service.css';

export function FollowUpsScreen() {
  const { t, l, locale } = useT();
  const data = useLiveQuery(async () => {
    const rows = await repositories().serviceRecords.awaitingFollowUp();
    return { rows: rows.sort((a, b) => a.reportedAt.localeCompare(b.reportedAt)), ctx: await loadContext(rows) };
  }, []);
  if (!data) return null;
  return (
    <section className="service-follow-ups">
      <p>
        <a href={hrefOf({ name: 'service-board' })}>← {t('svc.board.title')}</a>
      </p>
      <h1>{t('svc.followUps.title')}</h1>
      <p className="muted">{t('svc.followUps.intro')}</p>
      {data.rows.length === 0 ? (
        <p className="muted" data-testid="follow-ups-empty">{t('svc.followUps.empty')}</p>
      ) : (
        <ul className="rows">
          {data.rows.map((row) => {
            const state = foldRecord(row.record);
            const contract = data.ctx.contracts.get(row.contractId);
            const level = levelOf(contract, state.levelId);
            const hospital = data.ctx.hospitals.get(row.hospitalId);
            const done = state.steps.resolved?.at ?? state.steps.solution_proposed?.at;
            return (
              <li key={row.id} className="row" data-testid="follow-up-row" data-record={row.id}>
                <span>
                  <strong>{state.texts.title || t('svc.untitled')}</strong>
                  <div className="muted small">
                    {hospital ? l(hospital.name) : row.hospitalId} · {subjectName(row.record, data.ctx, l)} · {level ? l(level.name) : state.levelId}
                  </div>
                </span>
                <span className="muted small">{done ? t('svc.followUps.resolvedAt', { time: new Date(done).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }) }) : ''}</span>
                <span className="muted small">{[row.record.reporter.name, row.record.reporter.phone].filter(Boolean).join(' · ')}</span>
                <a className="button" href={hrefOf({ name: 'service-record', recordId: row.id })} data-testid="follow-up-open">
                  {t('svc.followUps.call')}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
