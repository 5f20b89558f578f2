/**
 * One record: its facts, clocks, one-tap steps, texts, level, pauses, history, follow-up calls and
 * documents. Every change is an event added through the repository; nothing here edits in place.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { hrefOf } from '../../app/routes';
import { repositories } from '../../db';
import { ServiceRuleError } from '../../db/repositories/service-records';
import { useT } from '../../i18n/i18n';
import { ClockChips } from './ClockChips';
import { read, scheduled } from './clock-view';
import { levelOf, loadContext, subjectName } from './context';
import { FollowUpForm } from './FollowUpForm';
import { LevelChange } from './LevelChange';
import { DocumentsPanel, type ServiceDocumentStore } from './DocumentsPanel';
import { EvaluationPanel } from './EvaluationPanel';
import { CalendarFallback, SkewBadge } from './notices';
import { PauseControl } from './PauseControl';
import { promiseText, termsNotes } from './promises';
import { RecordPhotos } from './RecordPhotos';
import { RecordTexts } from './RecordTexts';
import { StepButtons } from './StepButtons';
import { writer } from './steps';
import { StepTimes } from './StepTimes';
import { Timeline } from './Timeline';
import { useNow } from './use-now';
import './service.css';

/** The documents panel keeps each file and its `document` event together, through the record's repository. */
function documentStore(by: string): ServiceDocumentStore {
  return {
    async addDocument(recordId, file, facts) {
      const result = await repositories().serviceRecords.attachDocument(recordId, { document: facts.document, number: facts.number, blob: file.blob, by });
      if (!result.ok) throw new ServiceRuleError(result.problems);
    },
  };
}

export function RecordScreen({ recordId }: { recordId: string }) {
  const { t, l, locale } = useT();
  const now = useNow();
  const data = useLiveQuery(async () => {
    const row = await repositories().serviceRecords.get(recordId);
    return { row, ctx: row ? await loadContext([row]) : undefined };
  }, [recordId]);
  const row = data?.row;
  const ctx = data?.ctx;
  const contract = row && ctx?.contracts.get(row.contractId);
  const entry = useMemo(() => (row && contract ? scheduled(row, contract, ctx?.calendars.get(contract.calendar)) : undefined), [row, contract, ctx]);

  if (!data) return null;
  if (!row || !ctx || !contract || !entry) return <p className="banner error">{t('store.not_found')}</p>;
  const { state, schedule } = entry;
  const record = row.record;
  const level = levelOf(contract, state.levelId);
  const hospital = ctx.hospitals.get(row.hospitalId);
  const when = (iso: string): string => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const by = record.createdBy;

  return (
    <section className="service-record" data-testid="service-record" data-status={state.status}>
      <p>
        <a href={hrefOf({ name: 'service-board' })}>← {t('svc.board.title')}</a>
        {' · '}
        <a href={hrefOf({ name: 'hospital', hospitalId: row.hospitalId })}>{hospital ? l(hospital.name) : row.hospitalId}</a>
      </p>
      <header className="service-head">
        <h1 data-testid="record-title">{state.texts.title || t('svc.untitled')}</h1>
        <span className={`status-pill ${state.status}`} data-testid="record-status">
          {t(`svc.status.${state.status}`)}
        </span>
        {state.skewed.length > 0 && <SkewBadge count={state.skewed.length} />}
      </header>
      <CalendarFallback years={schedule.fallbackYears} />
      <div className="record-top">
        <dl className="facts panel" data-testid="record-facts">
          <dt>{t('svc.fact.hospital')}</dt>
          <dd>{hospital ? l(hospital.name) : row.hospitalId}</dd>
          <dt>{t('svc.fact.contract')}</dt>
          <dd>{l(contract.name)}</dd>
          <dt>{t('svc.fact.subject')}</dt>
          <dd>{subjectName(record, ctx, l)}</dd>
          <dt>{t('svc.fact.kind')}</dt>
          <dd>{t(`svc.kind.${state.kind}`)}</dd>
          <dt>{t('svc.fact.level')}</dt>
          <dd data-testid="record-level">
            <strong>{level ? l(level.name) : state.levelId}</strong>
            {level && <div className="muted small">{promiseText(t, level)}</div>}
            {level &&
              termsNotes(t, l, contract, level, record.channel).map((note) => (
                <div key={note} className="muted small" data-testid="record-terms-note">
                  {note}
                </div>
              ))}
          </dd>
          <dt>{t('svc.fact.reporter')}</dt>
          <dd>
            {[record.reporter.name, record.reporter.department, record.reporter.phone].filter(Boolean).join(' · ')} ({t(`svc.channel.${record.channel}`)})
          </dd>
          <dt>{t('svc.fact.opened')}</dt>
          <dd>
            {when(record.createdAt)} · {by}
          </dd>
          {record.origin && (
            <>
              <dt>{t('svc.fact.origin')}</dt>
              <dd>
                <a href={hrefOf({ name: 'inspection', inspectionId: record.origin.inspectionId })} data-testid="record-origin">
                  {t('svc.fact.originLink', { item: record.origin.itemLabel })}
                </a>
              </dd>
            </>
          )}
          <dt>{t('svc.fact.id')}</dt>
          <dd>
            <code>{record.id}</code>
          </dd>
        </dl>
        <div className="panel record-clocks">
          <h2>{t('svc.record.clocks')}</h2>
          <ClockChips readings={read(entry, now)} showDone />
          <StepButtons row={row} state={state} contract={contract} level={level} />
          <PauseControl row={row} state={state} />
        </div>
      </div>
      <StepTimes row={row} state={state} />
      <RecordTexts row={row} state={state} />
      <LevelChange row={row} state={state} contract={contract} />
      <FollowUpForm row={row} state={state} contract={contract} />
      <EvaluationPanel row={row} state={state} contract={contract} />
      <section className="panel" data-testid="service-documents">
        <h2>{t('svc.record.documents')}</h2>
        {state.documents.length === 0 && <p className="muted">{t('svc.record.noDocuments')}</p>}
        {hospital && (
          <DocumentsPanel
            record={record}
            hospital={hospital}
            contract={contract}
            assets={[...ctx.assets.values()]}
            calendar={ctx.calendars.get(contract.calendar)}
            engineer={writer(by)}
            store={documentStore(writer(by))}
          />
        )}
      </section>
      <RecordPhotos row={row} readOnly={state.status === 'closed'} />
      <Timeline record={record} contract={contract} />
    </section>
  );
}
