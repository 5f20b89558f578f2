/** Text saved as it is typed: one write in flight per field, the journal kept until the store has the text, replayed after a reload. */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../../src-shared/domain/steps';
import { typingJournal } from '../../../src-renderer/db/typing-journal';
import { typedText, type TypedField } from '../../../src-renderer/features/inspection/typing';

/** localStorage as the browser has it, in memory. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v)),
  };
}

const step = (key: string): Step => ({ key, subject: 'system:s', targetIndex: 0, templateId: 't', sectionId: 'a', item: { id: key, kind: 'text', label: { zh: key, en: key }, guidance: { zh: key, en: key }, perAsset: false, onFail: { require: 'note', severity: 'minor' }, multiline: true, optional: false }, group: 'g' });

/** A store whose writes wait until the test lets them finish. */
function slowStore() {
  const written: string[] = [];
  const waiting: (() => void)[] = [];
  const write = (_step: Step, _field: TypedField, text: string): Promise<boolean> =>
    new Promise((resolve) =>
      waiting.push(() => {
        written.push(text);
        resolve(true);
      }),
    );
  const finishOne = async (): Promise<void> => {
    waiting.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { written, waiting, write, finishOne };
}

describe('typed text', () => {
  it('writes at once, keeps only the newest text waiting, and shows saved when the last keystroke is in', async () => {
    const storage = memoryStorage();
    const store = slowStore();
    const events: string[] = [];
    const typing = typedText(store.write, { typing: () => events.push('typing'), settled: () => events.push('settled') }, typingJournal(storage));
    const s = step('s1');
    for (const text of ['巡', '巡检', '巡检正', '巡检正常']) typing.type('i1', s, 'text', text);
    expect(store.waiting).toHaveLength(1); // one write in flight, not four queued
    expect(typingJournal(storage).entries('i1|').get('s1|text')).toBe('巡检正常');
    await store.finishOne();
    expect(store.written).toEqual(['巡']);
    expect(events).toEqual(['typing']); // not "saved" while newer text waits
    await store.finishOne();
    expect(store.written).toEqual(['巡', '巡检正常']);
    expect(events).toEqual(['typing', 'settled']);
    expect(typingJournal(storage).entries('i1|').size).toBe(0);
  });

  it('keeps the journal entry when the write is refused, and replays it when the inspection opens again', async () => {
    const storage = memoryStorage();
    const refused = typedText(() => Promise.resolve(false), { typing: () => {}, settled: () => {} }, typingJournal(storage));
    refused.type('i1', step('s1'), 'note', '风扇异响，已清灰');
    await refused.settled('i1', step('s1'), 'note');
    expect(typingJournal(storage).entries('i1|').get('s1|note')).toBe('风扇异响，已清灰');

    // Next time the screen opens: the journal is written to the store and then forgotten.
    const replayed: string[] = [];
    const again = typedText((_s, field, text) => Promise.resolve(replayed.push(`${field}:${text}`) > 0), { typing: () => {}, settled: () => {} }, typingJournal(storage));
    await again.replay('i1', [step('s1')], false);
    expect(replayed).toEqual(['note:风扇异响，已清灰']);
    expect(typingJournal(storage).entries('i1|').size).toBe(0);
  });

  it('leaves the journal of a window that is read-only alone, and forgets entries of steps that no longer exist', async () => {
    const storage = memoryStorage();
    const journal = typingJournal(storage);
    journal.put('i1|s1|text', 'a');
    journal.put('i1|gone|text', 'b');
    journal.put('i2|s1|text', 'c');
    const typing = typedText(() => Promise.resolve(true), { typing: () => {}, settled: () => {} }, journal);
    await typing.replay('i1', [step('s1')], true);
    expect([...journal.entries('').keys()].sort()).toEqual(['i1|s1|text', 'i2|s1|text']);
    typing.forget('i1');
    expect([...journal.entries('').keys()]).toEqual(['i2|s1|text']);
  });

  it('survives a journal that does not parse', () => {
    const storage = memoryStorage();
    storage.setItem('xunjian.typing', '{not json');
    const journal = typingJournal(storage);
    expect(journal.entries('').size).toBe(0);
    journal.put('i1|s1|text', 'x');
    expect(journal.entries('i1|').get('s1|text')).toBe('x');
  });
});
