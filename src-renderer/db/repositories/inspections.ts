/**
 * Inspections and their answers. An answer is one row, written with the step the engineer goes
 * on to, so after a crash the draft resumes where the last saved answer left it; a draft's
 * counters are read from its answers (draft-progress.ts).
 */
import type { InspectionMode } from '../../../src-shared/catalog/period-schema';
import { isFinding } from '../../../src-shared/domain/answer';
import { LIMITS } from '../../../src-shared/domain/limits';
import { subjectCount, type Target } from '../../../src-shared/domain/steps';
import type { XunjianDb } from '../database';
import { answerId, answerIdRange, type AnswerRow, type InspectionRow } from '../rows';
import { asStoreError, StoreError } from '../store-error';
import { highestStamp, withProgress, writeClock } from './draft-progress';

export interface NewInspection {
  hospitalId: string;
  contractId: string;
  engineer: string;
  targets: Target[];
  totalSteps: number;
  /** Photos its photo items ask for at least (domain/steps.ts requiredPhotos); all must fit the inspection's limit. */
  requiredPhotos?: number;
  firstStep: string | null;
  /** On site or remote (issue 12); the caller has checked it against the contract's cadence. */
  mode?: InspectionMode;
}

/** An answer as the screen gives it: the row's own fields, and where the engineer goes next. */
export type AnswerInput = Omit<AnswerRow, 'id' | 'answeredAt' | 'next' | 'stamp'> & {
  /** Stored with the answer as `next`, so a crash resumes there. */
  cursor: string;
};

export const PAGE_SIZE = 50;

/**
 * An inspection must fit one report: at most LIMITS.steps items and LIMITS.subjects systems and
 * units (each is a section of the report). Checked when it starts and when a unit joins it.
 */
function assertFitsReport(targets: readonly Target[], totalSteps: number, requiredPhotos: number): void {
  const subjects = subjectCount(targets);
  if (totalSteps > LIMITS.steps || subjects > LIMITS.subjects || requiredPhotos > LIMITS.photosPerInspection) {
    throw new StoreError('too_large', `${totalSteps} items in ${subjects} systems and units, ${requiredPhotos} photos required`, {
      steps: LIMITS.steps,
      subjects: LIMITS.subjects,
      photos: LIMITS.photosPerInspection,
    });
  }
}

/** A note or text answer longer than its field (domain/limits.ts) is refused, never cut. */
function assertAnswerFits(input: Pick<AnswerRow, 'note' | 'value'>): void {
  if (input.note.length > LIMITS.note) throw new StoreError('too_long', `note of ${input.note.length} characters`, { max: LIMITS.note });
  if (input.value.kind === 'text' && input.value.text.length > LIMITS.textAnswer) {
    throw new StoreError('too_long', `text answer of ${input.value.text.length} characters`, { max: LIMITS.textAnswer });
  }
}

/**
 * What the engineer decided about a finding outlives a new save of its answer (a note edited, a
 * value retyped): the level confirmed or changed (the screen sends the suggestion again) while it
 * is still a finding, and the service record made from it (issue 11).
 */
function keepEngineersChoices(row: AnswerRow, previous: AnswerRow | undefined): void {
  if (!previous) return;
  if (previous.serviceRecordId) row.serviceRecordId = previous.serviceRecordId;
  if (!row.serviceQuality && previous.levelConfirmed && previous.faultLevelId && isFinding(row.outcome)) {
    row.faultLevelId = previous.faultLevelId;
    row.levelConfirmed = true;
  }
}

export function inspectionRepository(db: XunjianDb, now: () => Date = () => new Date(), newId: () => string = () => crypto.randomUUID()) {
  const clock = writeClock(now);
  const answersOf = (inspectionId: string, subject?: string): Promise<AnswerRow[]> =>
    db.answers.where(':id').between(...answerIdRange(inspectionId, subject)).toArray();

  /** A draft with its progress read from its answers; call inside a transaction over both tables. */
  async function current(row: InspectionRow): Promise<InspectionRow> {
    if (row.status !== 'draft') return row;
    const answers = await answersOf(row.id);
    clock.observe(highestStamp(row, answers));
    return withProgress(row, answers);
  }

  async function draft(id: string): Promise<InspectionRow> {
    const inspection = await db.inspections.get(id);
    if (!inspection) throw new StoreError('not_found', `inspection ${id} does not exist`);
    if (inspection.status === 'signed') throw new StoreError('signed', `inspection ${id} is signed and locked`);
    if (inspection.status !== 'draft') throw new StoreError('not_draft', `inspection ${id} is ${inspection.status}`);
    return inspection;
  }

  return {
    async create(input: NewInspection): Promise<InspectionRow> {
      const engineer = input.engineer.trim();
      if (engineer.length > LIMITS.personName) throw new StoreError('too_long', `engineer name of ${engineer.length} characters`, { max: LIMITS.personName });
      assertFitsReport(input.targets, input.totalSteps, input.requiredPhotos ?? 0);
      const at = now().toISOString();
      const row: InspectionRow = {
        id: newId(),
        hospitalId: input.hospitalId,
        contractId: input.contractId,
        engineer,
        status: 'draft',
        createdAt: at,
        updatedAt: at,
        targets: input.targets,
        ...(input.mode ? { mode: input.mode } : {}),
        cursor: input.firstStep,
        totalSteps: input.totalSteps,
        answeredCount: 0,
        findingCount: 0,
      };
      await db.inspections.add(row).catch((e: unknown) => Promise.reject(asStoreError(e)));
      return row;
    },

    get: (id: string): Promise<InspectionRow | undefined> =>
      db.transaction('r', db.inspections, db.answers, async () => {
        const row = await db.inspections.get(id);
        return row && current(row);
      }),

    /** Newest first, one page; the list screen never loads a hospital's whole history. */
    listByHospital: (hospitalId: string, limit = PAGE_SIZE): Promise<InspectionRow[]> =>
      db.transaction('r', db.inspections, db.answers, async () => {
        const rows = await db.inspections
          .where('[hospitalId+updatedAt]')
          .between([hospitalId, ''], [hospitalId, '\uffff'])
          .reverse()
          .limit(limit)
          .toArray();
        return Promise.all(rows.map(current));
      }),

    /** By state, as the list's filter names them: in progress, completed (awaiting signature), signed. */
    async countByStatus(hospitalId: string): Promise<{ draft: number; completed: number; signed: number }> {
      const [draftCount, completed, signed] = await Promise.all([
        db.inspections.where('[hospitalId+status]').equals([hospitalId, 'draft']).count(),
        db.inspections.where('[hospitalId+status]').equals([hospitalId, 'completed']).count(),
        db.inspections.where('[hospitalId+status]').equals([hospitalId, 'signed']).count(),
      ]);
      return { draft: draftCount, completed, signed };
    },

    answers: (inspectionId: string): Promise<AnswerRow[]> => answersOf(inspectionId),

    /**
     * Saves one answer (new or changed) with the step that follows; refuses once the inspection
     * is no draft. The inspection row is only read: it is the lock, and its counters are derived.
     */
    async saveAnswer(input: AnswerInput): Promise<AnswerRow> {
      const id = answerId(input.inspectionId, input.stepKey);
      const { cursor, ...fields } = input;
      const row: AnswerRow = { ...fields, id, note: input.note.trim(), answeredAt: now().toISOString(), next: cursor, stamp: clock.next() };
      assertAnswerFits(row);
      try {
        await db.transaction('rw', db.inspections, db.answers, async () => {
          await draft(input.inspectionId);
          keepEngineersChoices(row, await db.answers.get(id));
          await db.answers.put(row);
        });
      } catch (error) {
        throw asStoreError(error);
      }
      return row;
    },

    /**
     * Takes an answer back (a text answer erased while typing): the step is open again and the
     * draft resumes on it. Refused for an answer that holds photos, which go with their item.
     */
    async clearAnswer(inspectionId: string, stepKey: string): Promise<void> {
      try {
        await db.transaction('rw', db.inspections, db.answers, async () => {
          const inspection = await draft(inspectionId);
          const id = answerId(inspectionId, stepKey);
          const answer = await db.answers.get(id);
          if (!answer) return;
          if (answer.photoCount > 0) throw new StoreError('invalid', `answer ${id} holds photos`);
          await db.answers.delete(id);
          await db.inspections.put({ ...inspection, cursor: stepKey, cursorStamp: clock.next() });
        });
      } catch (error) {
        throw asStoreError(error);
      }
    },

    /**
     * Adds a hardware unit to a draft (a tag scanned on the floor that the engineer did not pick
     * at the start): it joins its type's target, at the template version the draft already
     * pinned for that type, or a new target at the given version.
     */
    async addUnit(inspectionId: string, unit: { assetId: string; templateId: string; templateVersion: number }, size: { totalSteps: number; requiredPhotos: number }): Promise<InspectionRow> {
      try {
        return await db.transaction('rw', db.inspections, async () => {
          const inspection = await draft(inspectionId);
          const present = inspection.targets.find((t) => t.kind === 'hardware' && t.templateId === unit.templateId);
          const targets: Target[] = present
            ? inspection.targets.map((t) => (t === present && t.kind === 'hardware' && !t.assetIds.includes(unit.assetId) ? { ...t, assetIds: [...t.assetIds, unit.assetId] } : t))
            : [...inspection.targets, { kind: 'hardware', templateId: unit.templateId, templateVersion: unit.templateVersion, assetIds: [unit.assetId] }];
          assertFitsReport(targets, size.totalSteps, size.requiredPhotos);
          const row: InspectionRow = { ...inspection, targets, totalSteps: size.totalSteps };
          await db.inspections.put(row);
          return row;
        });
      } catch (error) {
        throw asStoreError(error);
      }
    },

    /** Moves the resume point without answering (Backspace, a click in the item list, a tag scan). */
    async setCursor(inspectionId: string, cursor: string): Promise<void> {
      await db.transaction('rw', db.inspections, async () => {
        const inspection = await draft(inspectionId);
        await db.inspections.put({ ...inspection, cursor, cursorStamp: clock.next() });
      });
    },

    /** Closes the draft and records it as the latest inspection of every system and unit in it. */
    async complete(inspectionId: string): Promise<InspectionRow> {
      return db.transaction('rw', [db.inspections, db.answers, db.lastInspected], async () => {
        const answers = await answersOf(inspectionId);
        // The counters become the row's own from here on: a completed row is never recounted.
        const inspection = withProgress(await draft(inspectionId), answers);
        // Done means answered and owing no note or photo (draft-progress.ts), as the screen counts.
        if (inspection.answeredCount < inspection.totalSteps) {
          throw new StoreError('invalid', `${inspection.totalSteps - inspection.answeredCount} items are not done`);
        }
        const completedAt = now().toISOString();
        const subjects = new Set(answers.map((a) => a.subject));
        await db.lastInspected.bulkPut(
          [...subjects].map((subject) => ({ key: `${inspection.hospitalId}|${subject}`, inspectionId, completedAt })),
        );
        const done: InspectionRow = { ...inspection, status: 'completed', completedAt, updatedAt: completedAt };
        await db.inspections.put(done);
        return done;
      });
    },

    /**
     * The answers of the last completed inspection of each subject, keyed by step key; shown
     * beside the item so a change from pass to fail stands out.
     */
    async previousAnswers(hospitalId: string, subjects: readonly string[], exceptInspectionId: string): Promise<Map<string, AnswerRow & { completedAt: string }>> {
      const out = new Map<string, AnswerRow & { completedAt: string }>();
      const latest = await db.lastInspected.bulkGet(subjects.map((s) => `${hospitalId}|${s}`));
      for (const [i, last] of latest.entries()) {
        if (!last || last.inspectionId === exceptInspectionId) continue;
        const rows = await answersOf(last.inspectionId, subjects[i]);
        for (const row of rows) out.set(row.stepKey, { ...row, completedAt: last.completedAt });
      }
      return out;
    },
  };
}
export type InspectionRepository = ReturnType<typeof inspectionRepository>;
