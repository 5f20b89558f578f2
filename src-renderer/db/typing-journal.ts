/**
 * Text as it is typed, kept synchronously in localStorage until the store has it: one entry per
 * field (a note, a text answer, a sign-off field), written on every keystroke and removed once
 * the write that carries the same text has committed to IndexedDB. A reload or a closed window
 * in the same instant therefore loses nothing: the screen finds the entry when it opens again
 * and saves it. (localStorage is kept by the browser process, so it outlives the page; a power
 * cut may take its last second, which IndexedDB's strict writes, started at once, already have.)
 */
const KEY = 'xunjian.typing';

export interface JournalEntry {
  text: string;
  /** Wall-clock ms of the keystroke; only for looking at a journal by hand. */
  at: number;
}

type Journal = Record<string, JournalEntry>;

function read(storage: Storage): Journal {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Journal) : {};
  } catch {
    // A journal that does not parse is dropped rather than blocking every screen that types.
    return {};
  }
}

function write(storage: Storage, journal: Journal): void {
  try {
    if (Object.keys(journal).length === 0) storage.removeItem(KEY);
    else storage.setItem(KEY, JSON.stringify(journal));
  } catch {
    // Full or disabled storage: the IndexedDB write still goes ahead; only the instant is unguarded.
  }
}

const without = (journal: Journal, key: string): Journal => Object.fromEntries(Object.entries(journal).filter(([k]) => k !== key));

export function typingJournal(storage: Storage = localStorage) {
  return {
    put(key: string, text: string): void {
      write(storage, { ...read(storage), [key]: { text, at: Date.now() } });
    },
    /** Forgets the entry if it still holds `text` (a newer keystroke keeps its own). */
    settle(key: string, text: string): void {
      const journal = read(storage);
      if (journal[key]?.text === text) write(storage, without(journal, key));
    },
    drop(key: string): void {
      const journal = read(storage);
      if (key in journal) write(storage, without(journal, key));
    },
    /** Entries whose key starts with `prefix`, keyed by the rest of the key. */
    entries(prefix: string): Map<string, string> {
      const out = new Map<string, string>();
      for (const [key, entry] of Object.entries(read(storage))) {
        if (key.startsWith(prefix) && typeof entry?.text === 'string') out.set(key.slice(prefix.length), entry.text);
      }
      return out;
    },
  };
}
export type TypingJournal = ReturnType<typeof typingJournal>;
