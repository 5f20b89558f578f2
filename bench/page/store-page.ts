/**
 * The store benchmark's page: the app's real XunjianDb and inspection repository in Chromium, with
 * the raw IndexedDB baselines on the same database, measured side by side.
 */
import { XunjianDb } from '../../src-renderer/db/database';
import { historyRepository } from '../../src-renderer/db/repositories/history';
import { inspectionRepository, PAGE_SIZE } from '../../src-renderer/db/repositories/inspections';
import { answerId, type AnswerRow, type InspectionRow } from '../../src-renderer/db/rows';
import { DB_PARAM, PAGE_GLOBAL, UNIT_ITEMS, type StorePageApi } from '../store/protocol';
import { seededRandom } from '../../tests/helpers/seeded-random';
import { fakeAnswer } from './fake-answers';
import { interleaved, timed } from './interleave';
import { rawFormerWork, rawList, rawOpenClose, rawPut, rawSameWork } from './raw-idb';
import { seedInspection, stepAt, targetsOf } from './seed-rows';

const dbName = new URLSearchParams(location.search).get(DB_PARAM) ?? 'xunjian-bench';
const db = new XunjianDb(dbName);
const repo = inspectionRepository(db);
const history = historyRepository(db, repo);
const random = seededRandom(42);

/**
 * Steps per draft: about the longest real inspection (all 19 systems of a hospital, or a floor of
 * queue-calling units). The saves fill one draft after another, completing each but the last, as
 * engineers do; the list then reads the open drafts' answers for their progress.
 */
const DRAFT_STEPS = 350;

/** A draft as the new-inspection screen starts one. */
async function newDraft(hospitalId: string, steps: number): Promise<string> {
  const draft = await repo.create({
    hospitalId,
    contractId: `${hospitalId}-2026`,
    engineer: '王工',
    targets: targetsOf(hospitalId, Math.ceil(steps / UNIT_ITEMS)),
    totalSteps: steps,
    firstStep: stepAt(hospitalId, 0).key,
  });
  return draft.id;
}

/** What the screen passes for step `i`: the step's identity and an answer shaped like a real one. */
function answerFields(hospitalId: string, i: number) {
  const step = stepAt(hospitalId, i);
  return { stepKey: step.key, subject: step.subject, templateId: step.templateId, itemId: step.itemId, ...fakeAnswer(random) };
}

/** The row saveAnswer would store for step `i`, under another inspection id so keys never collide. */
function answerRow(hospitalId: string, inspectionId: string, i: number): AnswerRow {
  const fields = answerFields(hospitalId, i);
  const at = Date.now();
  return { id: answerId(inspectionId, fields.stepKey), inspectionId, ...fields, answeredAt: new Date(at).toISOString(), next: stepAt(hospitalId, i + 1).key, stamp: at };
}

/** As InspectionList's live query does: one page and the counts, in parallel. */
const openList = (hospitalId: string) => Promise.all([history.search(hospitalId, {}, PAGE_SIZE), repo.countByStatus(hospitalId)]);

/** The seeded history's second month (seed-rows.ts starts on 2021-01-04): about 30 of the hospital's. */
const MONTH = { startedFrom: '2021-02-01T00:00:00.000Z', startedBefore: '2021-03-01T00:00:00.000Z' };

const api: StorePageApi = {
  async firstOpen(hospitalId, exists) {
    // Opening a new database without a version would create an empty one for Dexie to upgrade.
    const rawOpenMs = exists ? await timed(() => rawOpenClose(dbName)) : null;
    const dexieOpenMs = await timed(() => db.open());
    const firstListMs = await timed(() => openList(hospitalId));
    return { rawOpenMs, dexieOpenMs, firstListMs };
  },

  async seed(from, count) {
    const inspections: InspectionRow[] = [];
    const answers: AnswerRow[] = [];
    for (let index = from; index < from + count; index++) {
      const seeded = seedInspection(index);
      inspections.push(seeded.inspection);
      answers.push(...seeded.answers);
    }
    const ms = await timed(() =>
      db.transaction('rw', db.inspections, db.answers, async () => {
        await db.inspections.bulkAdd(inspections);
        await db.answers.bulkAdd(answers);
      }),
    );
    return { inspections: inspections.length, answers: answers.length, ms };
  },

  async measureSaves(hospitalId, runs, warmup) {
    const draftsEach = Math.ceil((warmup + runs) / DRAFT_STEPS);
    const startDrafts = async (): Promise<string[]> => {
      const ids: string[] = [];
      for (let k = 0; k < draftsEach; k++) ids.push(await newDraft(hospitalId, DRAFT_STEPS));
      return ids;
    };
    const [viaRepo, byHand, former] = [await startDrafts(), await startDrafts(), await startDrafts()];
    const idb = db.backendDB();
    const draftOf = (ids: readonly string[], i: number): string => ids[Math.floor(i / DRAFT_STEPS)]!;
    const cursorAfter = (i: number): string => stepAt(hospitalId, i + 1).key;
    // Every run answers a new step, as an engineer walking the list does.
    const samples = await interleaved(runs, warmup, {
      saveAnswer: (i) => repo.saveAnswer({ inspectionId: draftOf(viaRepo, i), ...answerFields(hospitalId, i), cursor: cursorAfter(i) }),
      rawPut: (i) => rawPut(idb, answerRow(hospitalId, `raw-${viaRepo[0]}`, i)),
      rawSameWork: (i) => rawSameWork(idb, answerRow(hospitalId, draftOf(byHand, i), i)),
      rawFormerWork: (i) => rawFormerWork(idb, answerRow(hospitalId, draftOf(former, i), i), cursorAfter(i)),
      rawPutRelaxed: (i) => rawPut(idb, answerRow(hospitalId, `relaxed-${viaRepo[0]}`, i), 'relaxed'),
    });
    for (const ids of [viaRepo, byHand, former]) for (const id of ids.slice(0, -1)) await repo.complete(id);
    return samples;
  },

  async measureList(hospitalId, runs, warmup) {
    let rows = 0;
    let inspections = 0;
    const listScreen = async (): Promise<void> => {
      const [page, counts] = await openList(hospitalId);
      rows = page.rows.length;
      inspections = counts.draft + counts.completed;
    };
    const idb = db.backendDB();
    const samples = await interleaved(runs, warmup, {
      listScreen,
      rawReads: () => rawList(idb, hospitalId, PAGE_SIZE),
      listPage: () => repo.listByHospital(hospitalId),
      countByStatus: () => repo.countByStatus(hospitalId),
      filterState: () => history.search(hospitalId, { status: 'draft' }, PAGE_SIZE),
      filterUnit: () => history.search(hospitalId, { subjects: [`asset:${hospitalId}-ws-1`] }, PAGE_SIZE),
      filterMonth: () => history.search(hospitalId, MONTH, PAGE_SIZE),
    });
    return { samples, rows, inspections };
  },

  async counts() {
    const [inspections, answers] = await Promise.all([db.inspections.count(), db.answers.count()]);
    return { inspections, answers };
  },
};

Object.assign(globalThis, { [PAGE_GLOBAL]: api });
