/**
 * Saving text as it is typed. Every keystroke goes to the typing journal at once (synchronous
 * localStorage, db/typing-journal.ts) and starts a write; while one write of a field is under
 * way, only the newest text waits, so a fast typist never queues a write per key. When the write
 * of exactly the journaled text commits, the journal entry goes. An inspection opened again
 * replays what the journal still holds (a reload or a closed window before the write landed).
 */
import type { Step } from '../../../src-shared/domain/steps';
import { typingJournal, type TypingJournal } from '../../db/typing-journal';

export type TypedField = 'note' | 'text';

/** Writes one field's text; resolves true once the store holds it. */
export type WriteTyped = (step: Step, field: TypedField, text: string) => Promise<boolean>;

const keyOf = (inspectionId: string, stepKey: string, field: TypedField): string => `${inspectionId}|${stepKey}|${field}`;

/** What the screen shows while a field's text is on its way to the store, and once all of it is there. */
export interface TypingEvents {
  typing(step: Step): void;
  settled(step: Step): void;
}

export function typedText(write: WriteTyped, events: TypingEvents, journal: TypingJournal = typingJournal()) {
  const slots = new Map<string, { latest: string; done: Promise<void> }>();

  function type(inspectionId: string, step: Step, field: TypedField, text: string): void {
    const key = keyOf(inspectionId, step.key, field);
    journal.put(key, text);
    const slot = slots.get(key);
    if (slot) {
      slot.latest = text;
      return;
    }
    const fresh = { latest: text, done: Promise.resolve() };
    slots.set(key, fresh);
    events.typing(step);
    fresh.done = (async () => {
      try {
        for (;;) {
          const text = fresh.latest;
          if (await write(step, field, text)) journal.settle(key, text);
          else return; // refused: the journal keeps it, the screen shows the error
          if (fresh.latest === text) {
            events.settled(step);
            return;
          }
        }
      } finally {
        slots.delete(key);
      }
    })();
  }

  return {
    type,
    /** Resolves when the field's writes under way have finished (before Enter saves and moves on). */
    settled: async (inspectionId: string, step: Step, field: TypedField): Promise<void> => {
      await slots.get(keyOf(inspectionId, step.key, field))?.done;
    },
    /** Saves what the journal holds for this inspection; a locked one (signed, or open elsewhere) is left alone. */
    async replay(inspectionId: string, steps: readonly Step[], readOnly: boolean): Promise<void> {
      const prefix = `${inspectionId}|`;
      for (const [rest, text] of journal.entries(prefix)) {
        const cut = rest.lastIndexOf('|');
        const stepKey = rest.slice(0, cut);
        const field = rest.slice(cut + 1);
        const step = steps.find((s) => s.key === stepKey);
        if (!step || (field !== 'note' && field !== 'text')) {
          journal.drop(prefix + rest);
          continue;
        }
        if (readOnly) continue;
        type(inspectionId, step, field, text);
        await slots.get(prefix + rest)?.done;
      }
    },
    /** A signed or deleted inspection takes no more text: its journal entries go. */
    forget(inspectionId: string): void {
      for (const rest of journal.entries(`${inspectionId}|`).keys()) journal.drop(`${inspectionId}|${rest}`);
    },
  };
}
