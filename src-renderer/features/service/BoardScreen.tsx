/**
 * The open-work board: every open record across hospitals, what runs out first on top. Schedules
 * are computed once per record version (clock-view.ts); each minute only the readings are redone.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { useT } from '../../i18n/i18n';
import { ClockChips } from './ClockChips';
import { read, scheduled, urgency } from './clock-view';
import { levelOf, loadContext, subjectName } from './context';
import { CalendarFallback, SkewBadge } from './notices';
import { StepButtons } from './StepButtons';
import { latestStep } from './steps';
import { useNow } from './use-now';
import './service.css';

export function BoardScreen() {
  const { t, l } = useT();
  const now = useNow();
  const [hospitalId, setHospitalId] = useState('');
  const [levelKey, setLevelKey] = useState('');
  const [breachedOnly, setBreachedOnly] = useState(false);
  const data = useLiveQuery(async () => {
    const rows = await repositories().serviceRecords.openAll();
    return { rows, ctx: await loadContext(rows) };
  }, []);

  const entries = useMemo(() => {
    if (!data) return [];
    return data.rows.flatMap((row) => {
      const contract = data.ctx.contracts.get(row.contractId);
      if (!contract) return [];
      return [{ ...scheduled(row, contract, data.ctx.calendars.get(contract.calendar)), contract }];
    });
  }, [data]);

  const view = useMemo(
    () =>
      entries
        .map((e) => {
          const readings = read(e, now);
          return { ...e, readings, urgency: urgency(readings), breached: readings.some((r) => r.status === 'breached') };
        })
        .sort((a, b) => a.urgency - b.urgency || a.row.reportedAt.localeCompare(b.row.reportedAt)),
    [entries, now],
  );

  if (!data) return null;
  const levels = new Map(entries.map((e) => [`${e.contract.id}/${e.state.levelId}`, levelOf(e.contract, e.state.levelId)]));
  const shown = view.filter(
    (e) => (!hospitalId || e.row.hospitalId === hospitalId) && (!levelKey || `${e.contract.id}/${e.state.levelId}` === levelKey) && (!breachedOnly || e.breached),
  );
  const fallbackYears = [...new Set(entries.flatMap((e) => e.schedule.fallbackYears))].sort();
  const hospitalIds = [...new Set(entries.map((e) => e.row.hospitalId))];
  const hospitalName = (id: string): string => {
    const h = data.ctx.hospitals.get(id);
    return h ? l(h.name) : id;
  };

  return (
    <section className="service-board">
      <header className="service-head">
        <h1>{t('svc.board.title')}</h1>
        <div className="actions">
          <a className="button primary" href={hrefOf({ name: 'service-new' })} data-testid="service-new">
            {t('svc.new.open')}
          </a>
          <a className="button" href={hrefOf({ name: 'service-follow-ups' })} data-testid="follow-ups-link">
            {t('svc.followUps.title')}
          </a>
        </div>
      </header>
      <CalendarFallback years={fallbackYears} />
      <fieldset className="filters">
        <legend>{t('svc.filter.legend')}</legend>
        <label>
          {t('svc.filter.hospital')}
          <select value={hospitalId} onChange={(e) => setHospitalId(e.target.value)} data-testid="board-hospital">
            <option value="">{t('svc.filter.all')}</option>
            {hospitalIds.map((id) => (
              <option key={id} value={id}>
                {hospitalName(id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('svc.filter.level')}
          <select value={levelKey} onChange={(e) => setLevelKey(e.target.value)} data-testid="board-level">
            <option value="">{t('svc.filter.all')}</option>
            {[...levels].map(([key, level]) => (
              <option key={key} value={key}>
                {level ? l(level.name) : key}
                {hospitalIds.length > 1 ? ` · ${hospitalName(data.ctx.contracts.get(key.split('/')[0] ?? '')?.hospitalId ?? '')}` : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={breachedOnly} onChange={(e) => setBreachedOnly(e.target.checked)} data-testid="board-breached" />
          {t('svc.filter.breachedOnly')}
        </label>
        <p className="filter-note muted" data-testid="board-count">
          {t('svc.board.count', { shown: shown.length, total: view.length, breached: view.filter((e) => e.breached).length })}
        </p>
      </fieldset>
      {shown.length === 0 ? (
        <p className="muted" data-testid="board-empty">
          {view.length === 0 ? t('svc.board.empty') : t('svc.board.noneMatch')}
        </p>
      ) : (
        <table className="board">
          <thead>
            <tr>
              <th>{t('svc.col.record')}</th>
              <th>{t('svc.col.level')}</th>
              <th>{t('svc.col.state')}</th>
              <th>{t('svc.col.clocks')}</th>
              <th>{t('svc.col.next')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => {
              const level = levelOf(e.contract, e.state.levelId);
              return (
                <tr key={e.row.id} className={e.breached ? 'breached' : ''} data-testid="board-row" data-record={e.row.id} data-breached={e.breached}>
                  <td>
                    <a href={hrefOf({ name: 'service-record', recordId: e.row.id })} className="record-title" data-testid="board-open">
                      {e.state.texts.title || t('svc.untitled')}
                    </a>
                    <div className="muted small">
                      {hospitalName(e.row.hospitalId)} · {subjectName(e.row.record, data.ctx, l)}
                    </div>
                    {e.state.skewed.length > 0 && <SkewBadge count={e.state.skewed.length} />}
                  </td>
                  <td>
                    <span className="level">{level ? l(level.name) : e.state.levelId}</span>
                    <div className="muted small">{t(`svc.kind.${e.state.kind}`)}</div>
                  </td>
                  <td className="nowrap">
                    {t(`svc.phase.${latestStep(e.state)}`)}
                    {e.schedule.pausedSince !== undefined && <div className="badge">{t('svc.pausedBadge')}</div>}
                  </td>
                  <td>
                    <ClockChips readings={e.readings} />
                  </td>
                  <td>
                    <StepButtons row={e.row} state={e.state} contract={e.contract} level={level} limit={2} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
