/**
 * A text field of the period screens (a "not applicable" reason, an evaluator's name) kept in the
 * typing journal (db/typing-journal.ts) on every keystroke until the store has what it was for,
 * so a reload or a closed window loses nothing typed; `done()` forgets it once saved.
 */
import { useCallback, useState } from 'react';
import { create } from 'zustand';
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

const ENGINEER_KEY = 'xunjian.engineer';

/**
 * Who is working: the name the device last used for an inspection or a record (the new-inspection
 * screen keeps it under the same key), shown and changed on the period screen, where it goes on
 * every report made and every mark in the register.
 */
export const useEngineer = create<{ name: string; set(name: string): void }>((set) => ({
  name: localStorage.getItem(ENGINEER_KEY) ?? '',
  set(name) {
    localStorage.setItem(ENGINEER_KEY, name);
    set({ name });
  },
}));
