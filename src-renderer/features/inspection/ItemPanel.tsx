import { useEffect, useRef, useState } from 'react';
import { isFinding, missingEvidence, suggestedLevelFor } from '../../../src-shared/domain/answer';
import { LIMITS } from '../../../src-shared/domain/limits';
import type { Step } from '../../../src-shared/domain/steps';
import { answerId } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { LimitedTextArea } from '../../ui/LimitedText';
import { AnswerControls } from './AnswerControls';
import { FindingService } from './FindingService';
import { formatAnswer } from './format';
import { Photos } from './Photos';
import type { Session } from './session';
import { groupTitle } from './StepList';
import { useInspection } from './store';

const EVIDENCE_MESSAGE = { note: 'insp.needNote', photo: 'insp.needPhoto', note_or_photo: 'insp.needNoteOrPhoto' } as const;

export function ItemPanel({ session, step, index, onBack }: { session: Session; step: Step; index: number; onBack: () => void }) {
  const tr = useT();
  const { t, l, locale } = tr;
  const { readOnly, saveState, answer: saveAnswer, type, saveNote, refreshAnswer } = useInspection();
  const answer = session.answers.get(step.key);
  const previous = session.previous.get(step.key);
  const state = saveState.get(step.key);
  const finding = answer ? isFinding(answer.outcome) : false;
  const changedToFail = finding && previous && previous.outcome === 'pass';
  const photoItem = step.item.kind === 'photo';
  const level = finding ? suggestedLevelFor(session.contract, step.item) : undefined;
  // About the vendor's service, not the system (issue 12): no level, no picker, no fault record.
  const serviceQuality = step.item.serviceQuality === true || answer?.serviceQuality === true;
  const owed = answer ? missingEvidence(step.item.onFail.require, answer.outcome, answer.note, answer.photoCount) : null;
  const id = answerId(session.inspection.id, step.key);

  // Room kept in the inspection's photo limit for photo items not taken yet (this one excepted).
  const reserve = session.steps.reduce((sum, s) => (s.item.kind === 'photo' && s.key !== step.key && !session.answers.has(s.key) ? sum + s.item.minPhotos : sum), 0);

  async function photosChanged(count: number): Promise<void> {
    if (step.item.kind === 'photo' && count >= step.item.minPhotos) await saveAnswer(step, { kind: 'photo', count }, { advance: false });
    await refreshAnswer(step);
  }

  return (
    <article className="item" data-testid="item" data-step-key={step.key} data-kind={step.item.kind} tabIndex={-1}>
      <header>
        <p className="muted">
          {groupTitle(tr, session, step)} · {t('insp.item', { n: index + 1, total: session.steps.length })}
        </p>
        <h2 data-testid="item-label">{l(step.item.label)}</h2>
        {/* Saving is news only while the inspection takes answers; a locked one shows what it holds. */}
        {!readOnly && (
          <span className={`save-state ${state ?? 'none'}`} data-testid="save-state" data-state={state ?? 'none'}>
            {state === 'saved' ? `✓ ${t('insp.saved')}` : state === 'saving' ? t('insp.saving') : state === 'error' ? t('insp.notSaved') : ''}
          </span>
        )}
      </header>
      <section className="guidance">
        <h3>{t('insp.guidance')}</h3>
        <p>{l(step.item.guidance)}</p>
      </section>
      <p className={`previous${changedToFail ? ' changed' : ''}`} data-testid="previous">
        {previous
          ? t('insp.previous', { date: new Date(previous.completedAt).toLocaleDateString(locale), answer: formatAnswer(tr, step.item, previous.value) })
          : t('insp.previousNone')}
        {changedToFail && <strong className="badge fail"> {t('insp.changedToFail')}</strong>}
      </p>
      {readOnly ? (
        <p className="answer-read" data-testid="answer-read">
          <strong>{t('insp.answerWas')}</strong> {answer ? formatAnswer(tr, step.item, answer.value, { full: true }) : t('insp.notAnswered')}
        </p>
      ) : (
        <AnswerControls
          step={step}
          answer={answer}
          readOnly={readOnly}
          onAnswer={(value, options) => void saveAnswer(step, value, options)}
          onType={(text) => type(step, 'text', text)}
          onBack={onBack}
        />
      )}
      {photoItem && (
        <Photos
          key={id}
          inspectionId={session.inspection.id}
          answerId={id}
          readOnly={readOnly}
          min={step.item.kind === 'photo' ? step.item.minPhotos : 0}
          reserve={reserve}
          onChanged={(n) => void photosChanged(n)}
        />
      )}
      {answer && finding && (
        <section className="finding" data-testid="finding">
          <p>
            <strong className="badge fail">{answer.outcome === 'out_of_range' ? t('insp.outOfRange') : t('insp.fail')}</strong>{' '}
            {level && <span data-testid="suggested-level">{t('insp.suggestedLevel', { level: l(level.name) })}</span>}
          </p>
          {serviceQuality ? (
            <p className="muted" data-testid="service-quality">
              {t('insp.serviceQuality')}
            </p>
          ) : (
            <FindingService
              answer={answer}
              contract={session.contract}
              suggested={level}
              engineer={session.inspection.engineer}
              readOnly={readOnly}
              onChanged={() => void refreshAnswer(step)}
            />
          )}
          {readOnly ? (
            answer.note && <p className="note-read">{t('insp.note')}：{answer.note}</p>
          ) : (
            <NoteField key={step.key} initial={answer.note} onType={(note) => type(step, 'note', note)} onDone={(note) => void saveNote(step, note, true)} />
          )}
          {!photoItem && <Photos key={id} inspectionId={session.inspection.id} answerId={id} readOnly={readOnly} reserve={reserve} onChanged={() => void refreshAnswer(step)} />}
          {owed && !readOnly && (
            <p className="field-error" data-testid="evidence-needed">
              {t(EVIDENCE_MESSAGE[owed])}
            </p>
          )}
        </section>
      )}
      {answer && !finding && answer.note && <p className="muted">{t('insp.note')}：{answer.note}</p>}
    </article>
  );
}

/** The note on a finding: saved as it is typed (store.ts type); Enter moves on, Shift+Enter starts a new line. */
function NoteField({ initial, onType, onDone }: { initial: string; onType: (note: string) => void; onDone: (note: string) => void }) {
  const { t } = useT();
  const [note, setNote] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (initial === '') area.current?.focus();
    // Only when the field first appears: a note being typed must keep its focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <label className="note">
      {t('insp.note')}
      <LimitedTextArea
        ref={area}
        rows={3}
        value={note}
        max={LIMITS.note}
        placeholder={t('insp.noteHint')}
        onChange={(e) => {
          setNote(e.target.value);
          onType(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            onDone(note);
          }
        }}
        data-testid="note"
        counterId="note-counter"
      />
    </label>
  );
}
