/**
 * A text field of the period screens (a "not applicable" reason, an evaluator's name) kept in the
 * typing journal (db/typing-journal.ts) on every keystroke until the store has what it was for,
 * so a reload or a closed window loses nothing typed; `done()` forgets it once saved.
 */
import { useCallback, useState } from 'react';
import { typingJournal } from '../../db/typing-journal';

export function useJournaledText(key: string): { value: string; set(text: string): void; done(): void } {
  const [value, setValue] = useState(() => typingJournal().entries(key).get('') ?? '');
  const set = useCallback(
    (text: string) => {
      if (text === '') typingJournal().drop(key);
      else typingJournal().put(key, text);
      setValue(text);
    },
    [key],
  );
  const done = useCallback(() => {
    typingJournal().drop(key);
    setValue('');
  }, [key]);
  return { value, set, done };
}

/** Who is working: the name the device last used for an inspection or a record. */
export const engineerName = (): string => localStorage.getItem('xunjian.engineer') ?? '';
