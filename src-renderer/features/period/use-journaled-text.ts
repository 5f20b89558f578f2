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
 * and service screens keep it under the same key), shown and changed on the period screen, where
 * it goes on every report made and every mark in the register. Those screens write the key
 * directly, so the period screen calls `reload()` when it mounts: the store alone would keep the
 * name it read when the app started (empty on a fresh device) until a reload.
 */
export const useEngineer = create<{ name: string; set(name: string): void; reload(): void }>((set) => ({
  name: localStorage.getItem(ENGINEER_KEY) ?? '',
  set(name) {
    localStorage.setItem(ENGINEER_KEY, name);
    set({ name });
  },
  reload() {
    set({ name: localStorage.getItem(ENGINEER_KEY) ?? '' });
  },
}));
