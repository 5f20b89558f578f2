/**
 * The store benchmark's page: the app's real XunjianDb and inspection repository in Chromium, with
 * the raw IndexedDB baselines on the same database, measured side by side.
 */
import { XunjianDb } from '../../src-renderer/db/database';
import { inspectionRepository, PAGE_SIZE } from '../../src-renderer/db/repositories/inspections';
import { answerId, type AnswerRow, type InspectionRow } from '../../src-renderer/db/rows';
import { DB_PARAM, PAGE_GLOBAL, UNIT_ITEMS, type StorePageApi } from '../store/protocol';
import { fakeAnswer, seededRandom } from './fake-answers';
import { interleaved, timed } from './interleave';
import { rawList, rawOpenClose, rawPut, rawSameWork } from './raw-idb';
import { saveAnswerWithPut } from './save-variant';
import { seedInspection, stepAt, targetsOf } from './seed-rows';

const dbName = new URLSearchParams(location.search).get(DB_PARAM) ?? 'xunjian-bench';
const db = new XunjianDb(dbName);
const repo = inspectionRepository(db);
const random = seededRandom(42);

/** A draft as the new-inspection screen starts one, long enough for every run to answer a new step. */
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
  return { id: answerId(inspectionId, fields.stepKey), inspectionId, ...fields, answeredAt: new Date().toISOString() };
}

/** As InspectionList's live query does: one page and the counts, in parallel. */
const openList = (hospitalId: string) => Promise.all([repo.listByHospital(hospitalId), repo.countByStatus(hospitalId)]);

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
    const steps = warmup + runs + 1;
    const [viaRepo, byHand, withPut] = [await newDraft(hospitalId, steps), await newDraft(hospitalId, steps), await newDraft(hospitalId, steps)];
    const idb = db.backendDB();
    const cursorAfter = (i: number): string => stepAt(hospitalId, i + 1).key;
    // Every run answers a new step, as an engineer walking the list does.
    return interleaved(runs, warmup, {
      saveAnswer: (i) => repo.saveAnswer({ inspectionId: viaRepo, ...answerFields(hospitalId, i), cursor: cursorAfter(i) }),
      rawPut: (i) => rawPut(idb, answerRow(hospitalId, `raw-${viaRepo}`, i)),
      rawSameWork: (i) => rawSameWork(idb, answerRow(hospitalId, byHand, i), cursorAfter(i)),
      saveWithPut: (i) => saveAnswerWithPut(db, { inspectionId: withPut, ...answerFields(hospitalId, i), cursor: cursorAfter(i) }),
      rawPutRelaxed: (i) => rawPut(idb, answerRow(hospitalId, `relaxed-${viaRepo}`, i), 'relaxed'),
    });
  },

  async measureList(hospitalId, runs, warmup) {
    let rows = 0;
    let inspections = 0;
    const listScreen = async (): Promise<void> => {
      const [page, counts] = await openList(hospitalId);
      rows = page.length;
      inspections = counts.draft + counts.completed;
    };
    const idb = db.backendDB();
    const samples = await interleaved(runs, warmup, {
      listScreen,
      rawReads: () => rawList(idb, hospitalId, PAGE_SIZE),
      listPage: () => repo.listByHospital(hospitalId),
      countByStatus: () => repo.countByStatus(hospitalId),
    });
    return { samples, rows, inspections };
  },

  async counts() {
    const [inspections, answers] = await Promise.all([db.inspections.count(), db.answers.count()]);
    return { inspections, answers };
  },
};

Object.assign(globalThis, { [PAGE_GLOBAL]: api });
