import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { Hospital } from '../../../src-shared/catalog/reference';
import type { Template } from '../../../src-shared/catalog/schema';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import type { InspectionPage } from '../../db/repositories/history';
import type { AssetRow, InspectionRow, SystemRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { coverageOf, type CoverageNames } from './coverage';
import { DeleteDraftDialog } from './DeleteDraftDialog';
import { hasFilters, NO_FILTERS, toQuery, useFilters } from './find-filters';
import { InspectionFilters } from './InspectionFilters';

/** Beyond this, a row names the first few and counts the rest; the full list is in its tooltip. */
const SHOWN_TARGETS = 4;

const NOTHING: InspectionPage = { rows: [], total: 0, more: false };

interface Props {
  hospital: Hospital;
  names: CoverageNames;
  systems: readonly SystemRow[];
  types: readonly Template[];
  assets: readonly AssetRow[];
}

/** The hospital's inspections: filters over its whole history, newest first, a page at a time. */
export function InspectionList({ hospital, names, systems, types, assets }: Props) {
  const hospitalId = hospital.id;
  const tr = useT();
  const { t, locale } = tr;
  const filters = useFilters((s) => s.byHospital[hospitalId] ?? NO_FILTERS);
  const more = useFilters((s) => s.more);
  const [deleting, setDeleting] = useState<{ id: string; summary: string } | null>(null);
  const filtered = hasFilters(filters);
  const data = useLiveQuery(async () => {
    const repos = repositories();
    const query = toQuery(filters, assets);
    const [page, counts] = await Promise.all([query ? repos.history.search(hospitalId, query, filters.limit) : NOTHING, repos.inspections.countByStatus(hospitalId)]);
    return { page, counts };
  }, [hospitalId, filters, assets]);
  const heading = (
    <>
      <h2>
        {t('hospital.inspections')} {data && <small className="muted">{t('hospital.counts', data.counts)}</small>}
      </h2>
      <InspectionFilters hospital={hospital} systems={systems} types={types} assets={assets} />
    </>
  );
  if (!data) return <section>{heading}</section>;
  const { page, counts } = data;
  const time = (iso: string): string => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const total = page.total ?? counts.draft + counts.completed + counts.signed;
  const coverage = (row: InspectionRow): string[] => coverageOf(tr, row.targets, names);
  return (
    <section>
      {heading}
      {filtered && (
        <p className="muted" data-testid="find-total">
          {page.rows.length === 0 ? t('find.none') : t('find.total', { count: total })}
        </p>
      )}
      {!filtered && page.rows.length === 0 && <p className="muted">{t('hospital.noInspections')}</p>}
      <ul className="rows" data-testid="inspection-list">
        {page.rows.map((row) => {
          const covers = coverage(row);
          return (
            <li key={row.id} className="row" data-testid="inspection-row" data-status={row.status} data-id={row.id}>
              <span className={`status ${row.status}`}>{t(`list.status.${row.status}`)}</span>
              <span>{time(row.createdAt)}</span>
              <span>{t('list.engineer', { name: row.engineer })}</span>
              {/* Rows from before issue 12 have no mode: they were on site, and say nothing. */}
              {row.mode && (
                <span className={row.mode === 'remote' ? 'badge' : 'muted'} data-testid="row-mode" data-mode={row.mode}>
                  {t('list.mode', { mode: t(`insp.mode.${row.mode}`) })}
                </span>
              )}
              <span className="coverage" title={covers.join('\n')} data-testid="row-coverage">
                {covers.slice(0, SHOWN_TARGETS).join(' · ')}
                {covers.length > SHOWN_TARGETS && ` ${t('find.coverage.more', { count: covers.length - SHOWN_TARGETS })}`}
              </span>
              <span>{t('list.progress', { done: row.answeredCount, total: row.totalSteps })}</span>
              {row.findingCount > 0 && <span className="badge fail">{t('list.findings', { count: row.findingCount })}</span>}
              <span className="muted">{t('list.updated', { time: time(row.lastAnsweredAt && row.lastAnsweredAt > row.updatedAt ? row.lastAnsweredAt : row.updatedAt) })}</span>
              <span className="row-actions">
                {row.status === 'draft' && (
                  <button
                    type="button"
                    className="link danger-link"
                    onClick={() => setDeleting({ id: row.id, summary: `${time(row.createdAt)} · ${t('list.engineer', { name: row.engineer })} · ${covers.join('、')}` })}
                    data-testid="row-delete"
                  >
                    {t('find.delete')}
                  </button>
                )}
                <a className="button" href={hrefOf({ name: 'inspection', inspectionId: row.id })}>
                  {row.status === 'draft' ? t('list.resume') : t('list.open')}
                </a>
                {row.status !== 'draft' && (
                  <a className={`button${row.status === 'completed' ? ' primary' : ''}`} href={hrefOf({ name: 'signoff', inspectionId: row.id })} data-testid="row-signoff">
                    {row.status === 'completed' ? t('list.sign') : t('list.report')}
                  </a>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {page.more && (
        <button type="button" onClick={() => more(hospitalId)} data-testid="list-more">
          {t('find.more', { count: total - page.rows.length })}
        </button>
      )}
      {deleting && <DeleteDraftDialog inspectionId={deleting.id} summary={deleting.summary} onClose={() => setDeleting(null)} />}
    </section>
  );
}
