/**
 * A text box with its limit (domain/limits.ts) and a counter. `maxLength` stops typing at the
 * limit; a paste that would pass it is cut by the browser, so the box says how much was left out
 * instead of letting it vanish unseen.
 */
import { forwardRef, useCallback, useEffect, useRef, useState, type TextareaHTMLAttributes } from 'react';
import { nearLimit } from '../../src-shared/domain/limits';
import { useT } from '../i18n/i18n';

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'maxLength' | 'value'> & {
  value: string;
  max: number;
  /** Shown with the counter, e.g. for the test id of the counter. */
  counterId?: string;
};

export const LimitedTextArea = forwardRef<HTMLTextAreaElement, Props>(function LimitedTextArea({ value, max, counterId, onPaste, ...rest }, ref) {
  const [cut, setCut] = useState(0);
  const box = useRef<HTMLTextAreaElement | null>(null);
  const setBox = useCallback(
    (el: HTMLTextAreaElement | null) => {
      box.current = el;
      if (typeof ref === 'function') ref(el);
      else if (ref) ref.current = el;
    },
    [ref],
  );
  // Text dropped in, or inserted in one go (an input method's or a helper tool's insert), is cut
  // by maxLength like a paste but fires no paste event: `beforeinput` says how long it was.
  // A single typed character at the limit is simply refused, as the counter already shows.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const before = (e: InputEvent): void => {
      if (e.inputType === 'insertFromPaste') return; // counted by onPaste
      const text = e.inputType === 'insertFromDrop' ? (e.dataTransfer?.getData('text/plain') ?? e.data ?? '') : e.inputType === 'insertText' ? (e.data ?? '') : '';
      if (text.length < 2) return;
      const room = max - (el.value.length - (el.selectionEnd - el.selectionStart));
      setCut(Math.max(0, text.length - room));
    };
    el.addEventListener('beforeinput', before);
    return () => el.removeEventListener('beforeinput', before);
  }, [max]);
  return (
    <>
      <textarea
        ref={setBox}
        {...rest}
        value={value}
        maxLength={max}
        onPaste={(e) => {
          const pasted = e.clipboardData.getData('text');
          const target = e.currentTarget;
          const room = max - (target.value.length - (target.selectionEnd - target.selectionStart));
          setCut(Math.max(0, pasted.length - room));
          onPaste?.(e);
        }}
      />
      {/* Once the text is shortened below the limit, what the paste lost no longer matters. */}
      <CharCounter length={value.length} max={max} cut={value.length >= max ? cut : 0} {...(counterId ? { id: counterId } : {})} />
    </>
  );
});

/** "37 / 2000": quiet until the last tenth, then a warning, and a sentence when a paste was cut. */
export function CharCounter({ length, max, cut = 0, id }: { length: number; max: number; cut?: number; id?: string }) {
  const { t } = useT();
  const warn = nearLimit(length, max) || cut > 0;
  return (
    <span className={`counter${warn ? ' warn' : ''}`} data-testid={id ?? 'counter'} aria-live="polite">
      {cut > 0 ? t('limit.pasteCut', { count: cut, max }) : t('limit.counter', { length, max })}
    </span>
  );
}
