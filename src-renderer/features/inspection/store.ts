/**
 * The open inspection's screen state. Answers live in IndexedDB; this keeps the copy on screen
 * and the save status of each step, set to "saved" only after the transaction has committed.
 * Saves run one after another so a note typed quickly never overtakes its own answer.
 */
import { create } from 'zustand';
import { isFinding, missingEvidence, outcomeOf, suggestFaultLevel, type AnswerValue } from '../../../src-shared/domain/answer';
import { resumeIndex, type Step } from '../../../src-shared/domain/steps';
import { repositories } from '../../db';
import type { AnswerRow } from '../../db/rows';
import { loadSession, type Session } from './session';

export type SaveState = 'saving' | 'saved' | 'error';
export type Notice = { kind: 'error' | 'info'; text: string } | null;

interface InspectionState {
  session: Session | null;
  index: number;
  readOnly: boolean;
  saveState: Map<string, SaveState>;
  /** Any failure to load or save, already in the user's language. */
  notice: Notice;
  open(inspectionId: string, readOnly: boolean): Promise<void>;
  close(): void;
  setNotice(notice: Notice): void;
  goTo(index: number): Promise<void>;
  answer(step: Step, value: AnswerValue, options?: { note?: string; advance?: boolean }): Promise<AnswerRow | null>;
  saveNote(step: Step, note: string, advance: boolean): Promise<AnswerRow | null>;
  refreshAnswer(step: Step): Promise<void>;
  markCompleted(): void;
}

/** Errors are worded by the screen; the store only carries what failed. */
export const saveErrors = { onError: (_error: unknown): string => String(_error) };

let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

export const useInspection = create<InspectionState>((set, get) => {
  function withSaveState(key: string, state: SaveState): Map<string, SaveState> {
    return new Map(get().saveState).set(key, state);
  }

  async function persist(step: Step, value: AnswerValue, note: string, cursorIndex: number): Promise<AnswerRow | null> {
    const session = get().session;
    if (!session || get().readOnly) return null;
    const outcome = outcomeOf(step.item, value);
    const finding = isFinding(outcome);
    const level = finding ? suggestFaultLevel(session.contract, step.item.onFail.severity) : undefined;
    const previous = session.answers.get(step.key);
    const cursor = session.steps[Math.min(cursorIndex, session.steps.length - 1)]?.key ?? step.key;
    set({ saveState: withSaveState(step.key, 'saving') });
    try {
      const row = await serial(() =>
        repositories().inspections.saveAnswer({
          inspectionId: session.inspection.id,
          stepKey: step.key,
          subject: step.subject,
          templateId: step.templateId,
          itemId: step.item.id,
          value,
          outcome,
          note,
          photoCount: previous?.photoCount ?? 0,
          ...(finding ? { severity: step.item.onFail.severity } : {}),
          ...(level ? { faultLevelId: level.id } : {}),
          cursor,
        }),
      );
      const answers = new Map(session.answers).set(step.key, row);
      set({ session: { ...session, answers }, saveState: withSaveState(step.key, 'saved'), notice: null });
      return row;
    } catch (error) {
      set({ saveState: withSaveState(step.key, 'error'), notice: { kind: 'error', text: saveErrors.onError(error) } });
      return null;
    }
  }

  return {
    session: null,
    index: 0,
    readOnly: false,
    saveState: new Map(),
    notice: null,

    async open(inspectionId, readOnly) {
      set({ session: null, notice: null, saveState: new Map(), readOnly });
      try {
        const session = await loadSession(repositories(), inspectionId);
        const answered = new Set(session.answers.keys());
        const done = session.inspection.status !== 'draft';
        set({
          session,
          readOnly: readOnly || done,
          index: done ? 0 : resumeIndex(session.steps, session.inspection.cursor, answered),
          saveState: new Map([...answered].map((k) => [k, 'saved' as const])),
        });
      } catch (error) {
        set({ notice: { kind: 'error', text: saveErrors.onError(error) } });
      }
    },

    close: () => set({ session: null, saveState: new Map(), notice: null }),
    setNotice: (notice) => set({ notice }),

    async goTo(index) {
      const session = get().session;
      if (!session) return;
      const target = Math.max(0, Math.min(index, session.steps.length - 1));
      set({ index: target, notice: null });
      if (get().readOnly) return;
      const key = session.steps[target]!.key;
      await serial(() => repositories().inspections.setCursor(session.inspection.id, key)).catch((error: unknown) =>
        set({ notice: { kind: 'error', text: saveErrors.onError(error) } }),
      );
    },

    async answer(step, value, options = {}) {
      const session = get().session;
      if (!session) return null;
      const index = session.steps.indexOf(step);
      const note = options.note ?? session.answers.get(step.key)?.note ?? '';
      const outcome = outcomeOf(step.item, value);
      const photos = session.answers.get(step.key)?.photoCount ?? 0;
      // Move on only when nothing more is owed for this item; otherwise stay and ask for it.
      const owes = missingEvidence(step.item.onFail.require, outcome, note, photos) !== null;
      const advance = (options.advance ?? true) && !owes;
      const row = await persist(step, value, note, advance ? index + 1 : index);
      if (row && advance && get().session?.inspection.id === session.inspection.id && get().index === index) {
        set({ index: Math.min(index + 1, session.steps.length - 1) });
      }
      return row;
    },

    async saveNote(step, note, advance) {
      const current = get().session?.answers.get(step.key);
      if (!current) return null;
      return get().answer(step, current.value, { note, advance });
    },

    async refreshAnswer(step) {
      const session = get().session;
      if (!session) return;
      const rows = await repositories().inspections.answers(session.inspection.id);
      const row = rows.find((r) => r.stepKey === step.key);
      if (!row) return;
      set({ session: { ...session, answers: new Map(session.answers).set(step.key, row) } });
    },

    markCompleted() {
      const session = get().session;
      if (session) set({ readOnly: true, session: { ...session, inspection: { ...session.inspection, status: 'completed' } } });
    },
  };
});
