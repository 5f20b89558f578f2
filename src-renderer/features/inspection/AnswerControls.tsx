import { useEffect, useRef, useState } from 'react';
import type { AnswerValue } from '../../../src-shared/domain/answer';
import { LIMITS } from '../../../src-shared/domain/limits';
import { formatRange, parseReading } from '../../../src-shared/domain/reading';
import type { Step } from '../../../src-shared/domain/steps';
import type { AnswerRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { LimitedTextArea } from '../../ui/LimitedText';

interface Props {
  step: Step;
  answer: AnswerRow | undefined;
  readOnly: boolean;
  onAnswer: (value: AnswerValue, options?: { advance?: boolean }) => void;
  /** A keystroke in a text answer: saved as typed (store.ts type). */
  onType: (text: string) => void;
  onBack: () => void;
}

/** The controls for one item, by kind. Keys 1/2/3 and digits are handled by the screen. */
export function AnswerControls(props: Props) {
  const { step } = props;
  switch (step.item.kind) {
    case 'check':
      return <CheckControls {...props} />;
    case 'number':
      return <NumberControls {...props} key={step.key} />;
    case 'text':
      return <TextControls {...props} key={step.key} />;
    case 'choice':
      return <ChoiceControls {...props} />;
    case 'photo':
      return <NaButton {...props} />;
  }
}

function NaButton({ answer, readOnly, onAnswer }: Props) {
  const { t } = useT();
  return (
    <button type="button" className={answer?.value.kind === 'na' ? 'chosen' : ''} disabled={readOnly} onClick={() => onAnswer({ kind: 'na' })} data-testid="answer-na">
      {t('insp.na')}
    </button>
  );
}

function CheckControls(props: Props) {
  const { t } = useT();
  const { answer, readOnly, onAnswer } = props;
  const chosen = answer?.value.kind === 'check' ? answer.value.result : answer?.value.kind;
  return (
    <div className="answer-buttons">
      <button type="button" className={`pass${chosen === 'pass' ? ' chosen' : ''}`} disabled={readOnly} onClick={() => onAnswer({ kind: 'check', result: 'pass' })} data-testid="answer-pass">
        <kbd>1</kbd> {t('insp.pass')}
      </button>
      <button type="button" className={`fail${chosen === 'fail' ? ' chosen' : ''}`} disabled={readOnly} onClick={() => onAnswer({ kind: 'check', result: 'fail' })} data-testid="answer-fail">
        <kbd>2</kbd> {t('insp.fail')}
      </button>
      <button type="button" className={chosen === 'na' ? 'chosen' : ''} disabled={readOnly} onClick={() => onAnswer({ kind: 'na' })} data-testid="answer-na">
        <kbd>3</kbd> {t('insp.na')}
      </button>
    </div>
  );
}

function NumberControls(props: Props) {
  const { t } = useT();
  const { step, answer, readOnly, onAnswer, onBack } = props;
  const item = step.item.kind === 'number' ? step.item : null;
  const [text, setText] = useState(answer?.value.kind === 'number' ? String(answer.value.value) : '');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  /** The reading last sent to the store, so leaving the field does not save it again. */
  const committed = useRef(answer?.value.kind === 'number' ? answer.value.value : undefined);
  useEffect(() => {
    if (!readOnly) input.current?.focus();
  }, [readOnly]);
  if (!item) return null;
  const commit = (): void => {
    const result = parseReading(text, item);
    if (!result.ok) {
      setError(t(`insp.reading.${result.reason}`, { text, min: item.bounds.min, max: item.bounds.max, unit: item.unit, decimals: item.decimals }));
      return;
    }
    setError(null);
    committed.current = result.value;
    onAnswer({ kind: 'number', value: result.value });
  };
  /** Leaving the field keeps a valid reading without moving on; a wrong one waits for Enter to be explained. */
  const keep = (): void => {
    const result = parseReading(text, item);
    if (!result.ok || result.value === committed.current || readOnly) return;
    committed.current = result.value;
    onAnswer({ kind: 'number', value: result.value }, { advance: false });
  };
  return (
    <div className="number">
      <label>
        {t('insp.reading')}
        <input
          ref={input}
          inputMode="decimal"
          value={text}
          disabled={readOnly}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          onBlur={keep}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            } else if (e.key === 'Backspace' && text === '') {
              e.preventDefault();
              onBack();
            }
          }}
          aria-describedby="reading-hint"
          // A scanned asset tag passes through this box to the tag jump (InspectionScreen).
          data-scannable=""
          data-testid="reading"
        />
        <span className="unit">{item.unit}</span>
      </label>
      <p id="reading-hint" className="muted">
        {t('insp.normalRange', { range: formatRange(item.normal, item.unit) })} · {t('insp.readingHint')}
      </p>
      {error && (
        <p className="field-error" role="alert" data-testid="reading-error">
          {error}
        </p>
      )}
      <NaButton {...props} />
    </div>
  );
}

function TextControls(props: Props) {
  const { t } = useT();
  const { step, answer, readOnly, onAnswer, onType, onBack } = props;
  const [text, setText] = useState(answer?.value.kind === 'text' ? answer.value.text : '');
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!readOnly) area.current?.focus();
  }, [readOnly]);
  const optional = step.item.kind === 'text' && step.item.optional;
  /** Enter: the text is already saved as typed; this moves on, or says what is missing. */
  const next = (): void => {
    if (text.trim() === '' && !optional) {
      setError(t('insp.textRequired'));
      return;
    }
    setError(null);
    onAnswer({ kind: 'text', text: text.trim() }, { advance: true });
  };
  return (
    <div className="text">
      <LimitedTextArea
        ref={area}
        rows={4}
        value={text}
        max={LIMITS.textAnswer}
        disabled={readOnly}
        placeholder={t('insp.textHint')}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() !== '') setError(null);
          onType(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            next();
          } else if (e.key === 'Backspace' && text === '') {
            e.preventDefault();
            onBack();
          }
        }}
        data-testid="text-answer"
        counterId="text-counter"
      />
      {error && <p className="field-error">{error}</p>}
      <NaButton {...props} />
    </div>
  );
}

function ChoiceControls(props: Props) {
  const { l } = useT();
  const { step, answer, readOnly, onAnswer } = props;
  if (step.item.kind !== 'choice') return null;
  return (
    <div className="answer-buttons">
      {step.item.options.map((option, i) => (
        <button
          key={option.id}
          type="button"
          className={`${option.fail ? 'fail' : ''}${answer?.value.kind === 'choice' && answer.value.optionId === option.id ? ' chosen' : ''}`}
          disabled={readOnly}
          onClick={() => onAnswer({ kind: 'choice', optionId: option.id })}
          data-testid={`choice-${option.id}`}
        >
          <kbd>{i + 1}</kbd> {l(option.label)}
        </button>
      ))}
      <NaButton {...props} />
    </div>
  );
}
