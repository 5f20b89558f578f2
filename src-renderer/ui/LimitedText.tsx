/**
 * A text box with its limit (domain/limits.ts) and a counter. `maxLength` stops typing at the
 * limit; a paste that would pass it is cut by the browser, so the box says how much was left out
 * instead of letting it vanish unseen.
 */
import { forwardRef, useState, type TextareaHTMLAttributes } from 'react';
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
  return (
    <>
      <textarea
        ref={ref}
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
