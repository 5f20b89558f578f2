/**
 * A hospital's service records (faults and requests) for a period, filtered by system or unit,
 * level and state, with their clocks' outcome, and exported as a spreadsheet as shown.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import type { Hospital } from '../../../src-shared/catalog/reference';
import type { ServiceStatus } from '../../../src-shared/service/fold';
import type { ServiceSubject } from '../../../src-shared/service/record';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { ClockChips } from '../service/ClockChips';
import { read, scheduled } from '../service/clock-view';
import { levelOf, loadContext, subjectName } from '../service/context';
import { exportWorkbook, workbookFileName } from '../service/export';
import { CalendarFallback } from '../service/notices';

const subjectKey = (s: ServiceSubject): string => (s.kind === 'system' ? `system:${s.systemId}` : s.kind === 'asset' ? `asset:${s.assetId}` : 'contract');
const startOf = (date: string): string | undefined => (date ? new Date(`${date}T00:00:00`).toISOString() : undefined);
const endOf = (date: string): string | undefined => (date ? new Date(`${date}T23:59:59.999`).toISOString() : undefined);

export function ServiceRecordsPanel({ hospital }: { hospital: Hospital }) {
  const { t, l, locale } = useT();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [subject, setSubject] = useState('');
  const [level, setLevel] = useState('');
  const [status, setStatus] = useState<'' | ServiceStatus>('');
  const [failure, setFailure] = useState<string | null>(null);
  const data = useLiveQuery(async () => {
    const fromIso = startOf(from);
    const toIso = endOf(to);
    const rows = await repositories().serviceRecords.forHospital(hospital.id, { ...(fromIso ? { from: fromIso } : {}), ...(toIso ? { to: toIso } : {}) });
    return { rows, ctx: await loadContext(rows) };
  }, [hospital.id, from, to]);

  const entries = useMemo(() => {
    if (!data) return [];
    const now = new Date();
    return data.rows
      .flatMap((row) => {
        const contract = data.ctx.contracts.get(row.contractId);
        if (!contract) return [];
        const e = scheduled(row, contract, data.ctx.calendars.get(contract.calendar));
        return [{ ...e, contract, readings: read(e, now) }];
      })
      .sort((a, b) => b.row.reportedAt.localeCompare(a.row.reportedAt));
  }, [data]);

  if (!data) return null;
  const subjects = new Map(entries.map((e) => [subjectKey(e.row.record.subject), subjectName(e.row.record, data.ctx, l)]));
  const levels = new Map(entries.map((e) => [`${e.contract.id}/${e.state.levelId}`, levelOf(e.contract, e.state.levelId)]));
  const shown = entries.filter(
    (e) =>
      (!subject || subjectKey(e.row.record.subject) === subject) &&
      (!level || `${e.contract.id}/${e.state.levelId}` === level) &&
      (!status || e.state.status === status),
  );

  async function exportShown(): Promise<void> {
    setFailure(null);
    try {
      await exportWorkbook(
        shown.map((e) => e.row),
        workbookFileName(l(hospital.name), t('svc.hospital.fileLabel'), from, to, {
          all: t('svc.hospital.fileAll'),
          since: (d) => t('svc.hospital.fileSince', { date: d }),
          until: (d) => t('svc.hospital.fileUntil', { date: d }),
        }),
        { locale, period: { from, to } },
      );
    } catch (error) {
      setFailure(describeError(locale, error));
    }
  }

  return (
    <section className="panel service-records" data-testid="hospital-service">
      <header className="service-head">
        <h2>{t('svc.hospital.title')}</h2>
        <div className="actions">
          <a className="button" href={hrefOf({ name: 'service-new', hospitalId: hospital.id })} data-testid="hospital-service-new">
            {t('svc.new.open')}
          </a>
          <button type="button" onClick={() => void exportShown()} disabled={shown.length === 0} data-testid="service-export">
            {t('svc.hospital.export')}
          </button>
        </div>
      </header>
      <CalendarFallback years={[...new Set(entries.flatMap((e) => e.schedule.fallbackYears))].sort()} />
      <fieldset className="filters">
        <legend>{t('svc.filter.legend')}</legend>
        <label>
          {t('svc.filter.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="svc-from" />
        </label>
        <label>
          {t('svc.filter.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="svc-to" />
        </label>
        <label>
          {t('svc.filter.subject')}
          <select value={subject} onChange={(e) => setSubject(e.target.value)} data-testid="svc-subject">
            <option value="">{t('svc.filter.all')}</option>
            {[...subjects].map(([key, name]) => (
              <option key={key} value={key}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('svc.filter.level')}
          <select value={level} onChange={(e) => setLevel(e.target.value)} data-testid="svc-level">
            <option value="">{t('svc.filter.all')}</option>
            {[...levels].map(([key, lv]) => (
              <option key={key} value={key}>
                {lv ? l(lv.name) : key}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('svc.filter.state')}
          <select value={status} onChange={(e) => setStatus(e.target.value as '' | ServiceStatus)} data-testid="svc-state">
            <option value="">{t('svc.filter.all')}</option>
            {(['open', 'resolved', 'closed'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`svc.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <p className="filter-note muted" data-testid="svc-count">
          {t('svc.hospital.count', { shown: shown.length, total: entries.length })}
        </p>
      </fieldset>
      {failure && <p className="banner error" role="alert">{failure}</p>}
      {shown.length === 0 ? (
        <p className="muted">{entries.length === 0 ? t('svc.hospital.empty') : t('svc.board.noneMatch')}</p>
      ) : (
        <table className="board">
          <thead>
            <tr>
              <th>{t('svc.col.reportedAt')}</th>
              <th>{t('svc.col.record')}</th>
              <th>{t('svc.col.level')}</th>
              <th>{t('svc.col.state')}</th>
              <th>{t('svc.col.clocks')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => {
              const lv = levelOf(e.contract, e.state.levelId);
              return (
                <tr key={e.row.id} data-testid="hospital-service-row" data-record={e.row.id}>
                  <td>{new Date(e.row.reportedAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })}</td>
                  <td>
                    <a href={hrefOf({ name: 'service-record', recordId: e.row.id })}>{e.state.texts.title || t('svc.untitled')}</a>
                    <div className="muted small">{subjectName(e.row.record, data.ctx, l)}</div>
                  </td>
                  <td>
                    {lv ? l(lv.name) : e.state.levelId}
                    <div className="muted small">{t(`svc.kind.${e.state.kind}`)}</div>
                  </td>
                  <td>{t(`svc.status.${e.state.status}`)}</td>
                  <td>
                    <ClockChips readings={e.readings} showDone />
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
