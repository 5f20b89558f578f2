import { useEffect, useRef, useState } from 'react';
import { isFinding, missingEvidence, suggestFaultLevel } from '../../../src-shared/domain/answer';
import type { Step } from '../../../src-shared/domain/steps';
import { answerId } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { AnswerControls } from './AnswerControls';
import { formatAnswer } from './format';
import { Photos } from './Photos';
import type { Session } from './session';
import { groupTitle } from './StepList';
import { useInspection } from './store';

const EVIDENCE_MESSAGE = { note: 'insp.needNote', photo: 'insp.needPhoto', note_or_photo: 'insp.needNoteOrPhoto' } as const;

export function ItemPanel({ session, step, index, onBack }: { session: Session; step: Step; index: number; onBack: () => void }) {
  const tr = useT();
  const { t, l, locale } = tr;
  const { readOnly, saveState, answer: saveAnswer, saveNote, refreshAnswer } = useInspection();
  const answer = session.answers.get(step.key);
  const previous = session.previous.get(step.key);
  const state = saveState.get(step.key);
  const finding = answer ? isFinding(answer.outcome) : false;
  const changedToFail = finding && previous && previous.outcome === 'pass';
  const photoItem = step.item.kind === 'photo';
  const level = finding ? suggestFaultLevel(session.contract, step.item.onFail.severity) : undefined;
  const owed = answer ? missingEvidence(step.item.onFail.require, answer.outcome, answer.note, answer.photoCount) : null;
  const id = answerId(session.inspection.id, step.key);

  async function photosChanged(count: number): Promise<void> {
    if (step.item.kind === 'photo' && count >= step.item.minPhotos) await saveAnswer(step, { kind: 'photo', count }, { advance: false });
    await refreshAnswer(step);
  }

  return (
    <article className="item" data-testid="item" data-step-key={step.key} data-kind={step.item.kind}>
      <header>
        <p className="muted">
          {groupTitle(tr, session, step)} · {t('insp.item', { n: index + 1, total: session.steps.length })}
        </p>
        <h2 data-testid="item-label">{l(step.item.label)}</h2>
        <span className={`save-state ${state ?? 'none'}`} data-testid="save-state" data-state={state ?? 'none'}>
          {state === 'saved' ? `✓ ${t('insp.saved')}` : state === 'saving' ? t('insp.saving') : state === 'error' ? t('insp.notSaved') : ''}
        </span>
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
      <AnswerControls step={step} answer={answer} readOnly={readOnly} onAnswer={(value, options) => void saveAnswer(step, value, options)} onBack={onBack} />
      {photoItem && (
        <Photos inspectionId={session.inspection.id} answerId={id} readOnly={readOnly} onChanged={(n) => void photosChanged(n)} />
      )}
      {answer && finding && (
        <section className="finding" data-testid="finding">
          <p>
            <strong className="badge fail">{answer.outcome === 'out_of_range' ? t('insp.outOfRange') : t('insp.fail')}</strong>{' '}
            {level && <span data-testid="suggested-level">{t('insp.suggestedLevel', { level: l(level.name) })}</span>}
          </p>
          <NoteField key={step.key} initial={answer.note} readOnly={readOnly} onSave={(note, advance) => void saveNote(step, note, advance)} />
          {!photoItem && <Photos inspectionId={session.inspection.id} answerId={id} readOnly={readOnly} onChanged={() => void refreshAnswer(step)} />}
          {owed && (
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

/** The note on a finding: saved on Enter (then on to the next item), on leaving the field, and while typing. */
function NoteField({ initial, readOnly, onSave }: { initial: string; readOnly: boolean; onSave: (note: string, advance: boolean) => void }) {
  const { t } = useT();
  const [note, setNote] = useState(initial);
  const saved = useRef(initial);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!readOnly && initial === '') area.current?.focus();
  }, [readOnly, initial]);
  useEffect(() => {
    if (note === saved.current) return;
    const timer = setTimeout(() => {
      saved.current = note;
      onSave(note, false);
    }, 800);
    return () => clearTimeout(timer);
  }, [note, onSave]);
  const flush = (advance: boolean): void => {
    if (note === saved.current && !advance) return;
    saved.current = note;
    onSave(note, advance);
  };
  return (
    <label className="note">
      {t('insp.note')}
      <textarea
        ref={area}
        rows={3}
        value={note}
        disabled={readOnly}
        placeholder={t('insp.noteHint')}
        onChange={(e) => setNote(e.target.value)}
        onBlur={() => flush(false)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            flush(true);
          }
        }}
        data-testid="note"
      />
    </label>
  );
}
