/**
 * A USB barcode scanner is a keyboard that types fast and ends with Enter. Asset tags start with
 * a letter, so a letter typed outside a text field opens a buffer; keys arriving within GAP_MS
 * extend it, Enter delivers it. A person typing "1" for pass never opens one. A letter that no
 * other key follows within GAP_MS was a person's shortcut (P for a photo): it is delivered as one.
 */
const GAP_MS = 80;
const MIN_LENGTH = 4;

export interface ScanTimers {
  now(): number;
  later(run: () => void, ms: number): () => void;
}

const realTimers: ScanTimers = {
  now: () => performance.now(),
  later: (run, ms) => {
    const id = setTimeout(run, ms);
    return () => clearTimeout(id);
  },
};

export function createScanDetector(onTag: (tag: string) => void, onLetter: (letter: string) => void = () => {}, timers: ScanTimers = realTimers) {
  let buffer = '';
  let last = 0;
  let cancelLetter: () => void = () => {};
  return {
    /** True while a tag is being typed (a letter came and the keys keep coming fast). */
    scanning: (): boolean => buffer !== '' && timers.now() - last <= GAP_MS,
    /** Returns true when the key was taken by the scanner buffer (the caller should ignore it). */
    key(key: string): boolean {
      const t = timers.now();
      cancelLetter();
      if (buffer !== '' && t - last > GAP_MS) buffer = '';
      last = t;
      if (buffer === '') {
        if (/^[A-Za-z]$/.test(key)) {
          buffer = key;
          cancelLetter = timers.later(() => {
            if (buffer !== key) return;
            buffer = '';
            onLetter(key.toLowerCase());
          }, GAP_MS);
          return true;
        }
        return false;
      }
      if (key === 'Enter') {
        const tag = buffer;
        buffer = '';
        if (tag.length >= MIN_LENGTH) onTag(tag.toUpperCase());
        return true;
      }
      if (key.length === 1) {
        buffer += key;
        return true;
      }
      return false;
    },
  };
}
