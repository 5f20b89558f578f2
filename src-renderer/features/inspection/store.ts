/**
 * The open inspection's screen state. Answers live in IndexedDB; this keeps the copy on screen
 * and the save status of each step, set to "saved" only after the transaction has committed.
 * Saves run one after another so a note typed quickly never overtakes its own answer; typed text
 * is journaled on every keystroke and written at once (typing.ts), so a reload loses none of it.
 */
import { create } from 'zustand';
import type { Asset } from '../../../src-shared/catalog/reference';
import { isFinding, missingEvidence, outcomeOf, suggestedLevelFor, type AnswerValue } from '../../../src-shared/domain/answer';
import { buildSteps, requiredPhotos, resumeIndex, templateKey, type Step } from '../../../src-shared/domain/steps';
import { repositories } from '../../db';
import type { AnswerRow } from '../../db/rows';
import { loadSession, type Session } from './session';
import { typedText, type TypedField } from './typing';

export type SaveState = 'saving' | 'saved' | 'error';
/** A message over the item; `action` offers the one thing to do about it (add a scanned unit). */
export type Notice = { kind: 'error' | 'info'; text: string; action?: { label: string; run: () => void } } | null;

interface InspectionState {
  session: Session | null;
  /** True while an inspection loads and replays what was typed before a reload: not shown yet. */
  opening: boolean;
  index: number;
  readOnly: boolean;
  saveState: Map<string, SaveState>;
  /** Any failure to load or save, already in the user's language. Cleared when the item changes. */
  notice: Notice;
  open(inspectionId: string, readOnly: boolean): Promise<void>;
  close(): void;
  setNotice(notice: Notice): void;
  goTo(index: number): Promise<void>;
  answer(step: Step, value: AnswerValue, options?: { note?: string; advance?: boolean }): Promise<AnswerRow | null>;
  /** A keystroke in a note or a text answer: kept at once, saved as typed. */
  type(step: Step, field: TypedField, text: string): void;
  saveNote(step: Step, note: string, advance: boolean): Promise<AnswerRow | null>;
  refreshAnswer(step: Step): Promise<void>;
  /** Adds a unit of the same contract to the draft and goes to its first item. */
  addUnit(asset: Asset): Promise<void>;
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
  function withSaveState(key: string, state: SaveState | null): Map<string, SaveState> {
    const map = new Map(get().saveState);
    if (state) map.set(key, state);
    else map.delete(key);
    return map;
  }

  function fail(key: string, error: unknown): null {
    set({ saveState: withSaveState(key, 'error'), notice: { kind: 'error', text: saveErrors.onError(error) } });
    return null;
  }

  /** `settles`: the step shows saved once this commits; typed text shows saved only when its last keystroke is in (typing.ts). */
  async function persist(step: Step, value: AnswerValue, note: string, cursorIndex: number, settles = true): Promise<AnswerRow | null> {
    const session = get().session;
    if (!session || get().readOnly) return null;
    const outcome = outcomeOf(step.item, value);
    const finding = isFinding(outcome);
    const level = finding ? suggestedLevelFor(session.contract, step.item) : undefined;
    const serviceQuality = step.item.serviceQuality === true;
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
          requires: step.item.onFail.require,
          // A service-quality finding has no severity to map onto a fault level (issue 12).
          ...(finding && !serviceQuality ? { severity: step.item.onFail.severity } : {}),
          ...(serviceQuality ? { serviceQuality: true as const } : {}),
          // A level the engineer confirmed or changed, and the record made from the finding, stay with it.
          ...(serviceQuality ? {} : finding && previous?.levelConfirmed && previous.faultLevelId ? { faultLevelId: previous.faultLevelId, levelConfirmed: true } : level ? { faultLevelId: level.id } : {}),
          ...(previous?.serviceRecordId ? { serviceRecordId: previous.serviceRecordId } : {}),
          cursor,
        }),
      );
      const current = get().session;
      if (current?.inspection.id !== session.inspection.id) return row;
      set({ session: { ...current, answers: new Map(current.answers).set(step.key, row) }, ...(settles ? { saveState: withSaveState(step.key, 'saved') } : {}) });
      return row;
    } catch (error) {
      return fail(step.key, error);
    }
  }

  /** Takes a required text answer back when its text is erased: the item is open again. */
  async function clear(step: Step): Promise<boolean> {
    const session = get().session;
    if (!session || get().readOnly) return false;
    try {
      await serial(() => repositories().inspections.clearAnswer(session.inspection.id, step.key));
      const current = get().session;
      if (current?.inspection.id === session.inspection.id) {
        const answers = new Map(current.answers);
        answers.delete(step.key);
        set({ session: { ...current, answers }, saveState: withSaveState(step.key, null) });
      }
      return true;
    } catch (error) {
      fail(step.key, error);
      return false;
    }
  }

  /** Writes what was typed into a field; true once the store holds it. */
  async function writeTyped(step: Step, field: TypedField, text: string): Promise<boolean> {
    const session = get().session;
    if (!session) return false;
    const index = session.steps.indexOf(step);
    const current = session.answers.get(step.key);
    if (field === 'note') {
      // A note belongs to an answer; without one there is nothing to keep it on.
      if (!current) return true;
      return (await persist(step, current.value, text, index, false)) !== null;
    }
    const optional = step.item.kind === 'text' && step.item.optional;
    if (text.trim() === '' && !optional) return current ? clear(step) : true;
    if (current?.value.kind === 'text' && current.value.text === text.trim()) return true;
    return (await persist(step, { kind: 'text', text: text.trim() }, current?.note ?? '', index, false)) !== null;
  }

  const typing = typedText(writeTyped, {
    typing: (step) => set({ saveState: withSaveState(step.key, 'saving') }),
    // Saved means every keystroke so far is in the store; an erased required answer has no state.
    settled: (step) => set({ saveState: withSaveState(step.key, get().session?.answers.has(step.key) ? 'saved' : null) }),
  });

  return {
    session: null,
    opening: false,
    index: 0,
    readOnly: false,
    saveState: new Map(),
    notice: null,

    async open(inspectionId, readOnly) {
      set({ session: null, opening: true, notice: null, saveState: new Map(), readOnly });
      try {
        const session = await loadSession(repositories(), inspectionId);
        const done = session.inspection.status !== 'draft';
        const answered = new Set(session.answers.keys());
        set({
          session,
          readOnly: readOnly || done,
          index: done ? 0 : resumeIndex(session.steps, session.inspection.cursor, answered),
          saveState: new Map([...answered].map((k) => [k, 'saved' as const])),
        });
        // Text typed just before a reload or a closed window, not yet in the store: saved now,
        // before the screen shows the fields. A signed inspection takes no more text.
        if (done) typing.forget(inspectionId);
        else await typing.replay(inspectionId, session.steps, readOnly);
      } catch (error) {
        set({ notice: { kind: 'error', text: saveErrors.onError(error) } });
      } finally {
        set({ opening: false });
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
        // A message about the item just answered does not follow the engineer to the next one.
        set({ index: Math.min(index + 1, session.steps.length - 1), notice: null });
      }
      return row;
    },

    type(step, field, text) {
      const session = get().session;
      if (!session || get().readOnly) return;
      typing.type(session.inspection.id, step, field, text);
    },

    async saveNote(step, note, advance) {
      const session = get().session;
      if (!session) return null;
      await typing.settled(session.inspection.id, step, 'note');
      const current = get().session?.answers.get(step.key);
      return current ? get().answer(step, current.value, { note, advance }) : null;
    },

    async refreshAnswer(step) {
      const session = get().session;
      if (!session) return;
      const rows = await repositories().inspections.answers(session.inspection.id);
      const row = rows.find((r) => r.stepKey === step.key);
      const current = get().session;
      if (!row || current?.inspection.id !== session.inspection.id) return;
      set({ session: { ...current, answers: new Map(current.answers).set(step.key, row) } });
    },

    async addUnit(asset) {
      const session = get().session;
      if (!session || get().readOnly) return;
      const repos = repositories();
      const pinned = session.inspection.targets.find((t) => t.kind === 'hardware' && t.templateId === asset.templateId);
      const template = pinned
        ? session.templates.get(templateKey(pinned.templateId, pinned.templateVersion))
        : (await repos.reference.latestTemplates([asset.templateId])).get(asset.templateId);
      if (!template) throw new Error(`no checklist for ${asset.templateId}`);
      const targets = pinned
        ? session.inspection.targets.map((t) => (t === pinned && t.kind === 'hardware' ? { ...t, assetIds: [...t.assetIds, asset.id] } : t))
        : [...session.inspection.targets, { kind: 'hardware' as const, templateId: template.id, templateVersion: template.version, assetIds: [asset.id] }];
      const templates = new Map(session.templates).set(templateKey(template.id, template.version), template);
      const steps = buildSteps(targets, templates, new Map(session.assets).set(asset.id, asset));
      await serial(() =>
        repos.inspections.addUnit(session.inspection.id, { assetId: asset.id, templateId: template.id, templateVersion: template.version }, { totalSteps: steps.length, requiredPhotos: requiredPhotos(steps) }),
      );
      const next = await loadSession(repos, session.inspection.id);
      const first = next.steps.findIndex((s) => s.assetId === asset.id);
      set({ session: next, notice: null });
      await get().goTo(first);
    },

    markCompleted() {
      const session = get().session;
      if (session) set({ readOnly: true, session: { ...session, inspection: { ...session.inspection, status: 'completed' } } });
    },
  };
});
