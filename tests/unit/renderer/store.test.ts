/**
 * The Dexie store over fake-indexeddb: the reference repository against the shipped catalog,
 * the inspection repository's rules (counters, drafts only, completion), and the v1 → v2 upgrade.
 */
import { describe, expect, it } from 'vitest';
import { templateKey, type Step } from '../../../src-shared/domain/steps';
import { SCHEMA_VERSION } from '../../../src-renderer/db/database';
import { createRepositories } from '../../../src-renderer/db/index';
import { answerId, type AnswerRow, type InspectionRow } from '../../../src-renderer/db/rows';
import { answer, answerAll, catalog, clockAt, CONTRACT, expectStoreError, HOSPITAL, openDb, plan, SCREENS, seeded, startInspection, uniqueName, databaseAt } from './store-fixtures';

// ---------- reference data ----------

describe('reference repository', () => {
  it('stores the shipped catalog: 36 template versions, 5 hospitals, their contracts, systems and units', async () => {
    const { db, repos } = await seeded();
    expect(await db.templates.count()).toBe(36);
    expect((await repos.reference.listHospitals()).map((h) => h.id).sort()).toEqual(
      catalog.hospitals.map((h) => h.hospital.id).sort(),
    );
    expect((await repos.reference.listContracts(HOSPITAL)).map((c) => c.id)).toEqual([CONTRACT]);
    const systems = await repos.reference.listSystems(CONTRACT);
    expect(systems).toEqual([expect.objectContaining({ id: `${CONTRACT}/mz-queue`, hospitalId: HOSPITAL, contractId: CONTRACT })]);
    const units = await repos.reference.listAssets(CONTRACT);
    expect(units.length).toBeGreaterThanOrEqual(20);
    expect(units.every((u) => u.hospitalId === HOSPITAL)).toBe(true);
  });

  it('can apply the same catalog twice', async () => {
    const { db, repos } = await seeded();
    await repos.reference.applyCatalog(catalog);
    expect(await db.templates.count()).toBe(36);
    expect(await db.hospitals.count()).toBe(5);
  });

  it('never rewrites a template version already stored, but adds new versions', async () => {
    const db = openDb();
    const repos = createRepositories(db);
    const his = catalog.templates.find((t) => t.id === 'his')!;
    await db.templates.put({ ...his, name: { zh: '旧版', en: 'stored earlier' } });
    await repos.reference.applyCatalog({ ...catalog, templates: [...catalog.templates, { ...his, version: 2, name: { zh: '新版', en: 'v2' } }] });
    expect(await db.templates.count()).toBe(37);
    expect((await db.templates.get(['his', 1]))!.name.en).toBe('stored earlier');
    expect((await repos.reference.latestTemplates(['his'])).get('his')!.version).toBe(2);
    const exact = await repos.reference.templatesAt([{ id: 'his', version: 1 }]);
    expect(exact.get(templateKey('his', 1))!.name.en).toBe('stored earlier');
  });
});

// ---------- inspections ----------

describe('inspection repository', () => {
  it('creates a draft at the first step with zeroed counters', async () => {
    const { repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    expect(steps.length).toBeGreaterThan(20);
    const stored = await repos.inspections.get(inspection.id);
    expect(stored).toMatchObject({ status: 'draft', engineer: '张工', cursor: steps[0]!.key, totalSteps: steps.length, answeredCount: 0, findingCount: 0 });
    expect(await repos.inspections.countByStatus(HOSPITAL)).toEqual({ draft: 1, completed: 0, signed: 0 });
  });

  it('saves an answer with the cursor and counts answers and findings', async () => {
    const { repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    const failing = steps.find((s) => s.item.kind === 'check')!;
    const passing = steps.find((s) => s.key !== failing.key)!;
    const row = await answer(repos, inspection.id, failing, { fail: true, next: passing.key, note: '  screen dark  ' });
    expect(row).toMatchObject({ id: answerId(inspection.id, failing.key), outcome: 'fail', note: 'screen dark' });
    await answer(repos, inspection.id, passing, { next: 'somewhere' });
    expect(await repos.inspections.get(inspection.id)).toMatchObject({ cursor: 'somewhere', answeredCount: 2, findingCount: 1 });
    expect(await repos.inspections.answers(inspection.id)).toHaveLength(2);
  });

  it('does not double count a re-answered item, and follows its finding both ways', async () => {
    const { repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    const step = steps.find((s) => s.item.kind === 'check')!;
    const counts = async () => {
      const row = (await repos.inspections.get(inspection.id))!;
      return [row.answeredCount, row.findingCount];
    };
    await answer(repos, inspection.id, step, { fail: true });
    await answer(repos, inspection.id, step, { fail: true });
    expect(await counts()).toEqual([1, 1]);
    await answer(repos, inspection.id, step);
    expect(await counts()).toEqual([1, 0]);
    await answer(repos, inspection.id, step, { fail: true });
    expect(await counts()).toEqual([1, 1]);
    expect(await repos.inspections.answers(inspection.id)).toHaveLength(1);
  });

  it('writes the answer alone: the stored inspection row is untouched by a save', async () => {
    const { db, repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    const stored = await db.inspections.get(inspection.id);
    await answer(repos, inspection.id, steps[0]!, { fail: true, next: steps[1]!.key });
    expect(await db.inspections.get(inspection.id)).toEqual(stored);
    expect(await repos.inspections.get(inspection.id)).toMatchObject({ cursor: steps[1]!.key, answeredCount: 1, findingCount: 1 });
  });

  it('resumes at whichever came last, an answer or a move, even with the clock frozen or set back', async () => {
    const { db, repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    const resumeAt = async () => (await repos.inspections.get(inspection.id))!.cursor;
    clockAt('2026-05-01T08:00:00.000Z');
    await answer(repos, inspection.id, steps[0]!, { next: steps[1]!.key });
    await repos.inspections.setCursor(inspection.id, steps[0]!.key);
    expect(await resumeAt()).toBe(steps[0]!.key);
    await answer(repos, inspection.id, steps[0]!, { next: steps[1]!.key });
    await answer(repos, inspection.id, steps[1]!, { next: steps[2]!.key });
    expect(await resumeAt()).toBe(steps[2]!.key);

    // A new window (a relaunch) on a clock set back a day: reading the draft orders it after.
    const again = createRepositories(db);
    clockAt('2026-04-30T08:00:00.000Z');
    await again.inspections.get(inspection.id);
    await again.inspections.setCursor(inspection.id, steps[5]!.key);
    expect(await again.inspections.get(inspection.id)).toMatchObject({ cursor: steps[5]!.key, answeredCount: 2, lastAnsweredAt: '2026-05-01T08:00:00.000Z' });
    await answer(again, inspection.id, steps[5]!, { next: steps[6]!.key });
    expect(await again.inspections.get(inspection.id)).toMatchObject({ cursor: steps[6]!.key, answeredCount: 3 });
  });

  it('resumes a draft saved before answers carried their next step at the row’s own cursor', async () => {
    const { db, repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    const row = await answer(repos, inspection.id, steps[0]!, { next: steps[1]!.key });
    const legacy: AnswerRow = { ...row };
    delete legacy.next;
    delete legacy.stamp;
    await db.answers.put(legacy);
    await db.inspections.update(inspection.id, { cursor: steps[3]!.key });
    expect(await repos.inspections.get(inspection.id)).toMatchObject({ cursor: steps[3]!.key, answeredCount: 1 });
  });

  it('lists drafts with the progress their answers give, and completed rows as stored', async () => {
    const { repos } = await seeded();
    const { inspection: draftRow, steps } = await startInspection(repos);
    const { inspection: doneRow } = await startInspection(repos);
    await answer(repos, draftRow.id, steps[0]!, { fail: true });
    await answer(repos, draftRow.id, steps[1]!);
    await answerAll(repos, doneRow.id, steps, new Set([steps.find((s) => s.item.kind === 'check')!.key]));
    await repos.inspections.complete(doneRow.id);
    const byId = new Map((await repos.inspections.listByHospital(HOSPITAL)).map((r) => [r.id, r]));
    expect(byId.get(draftRow.id)).toMatchObject({ status: 'draft', answeredCount: 2, findingCount: 1 });
    expect(byId.get(doneRow.id)).toMatchObject({ status: 'completed', answeredCount: steps.length, findingCount: 1 });
  });

  it('reads an inspection’s or a subject’s answers by id range, never a neighbour’s', async () => {
    const { db, repos } = await seeded();
    const row = (inspectionId: string, subject: string): AnswerRow => ({
      id: answerId(inspectionId, `${subject}#a`), inspectionId, stepKey: `${subject}#a`, subject, templateId: 't', itemId: 'a',
      value: { kind: 'check', result: 'pass' }, outcome: 'pass', note: '', photoCount: 0, answeredAt: '2026-01-01T00:00:00.000Z',
    });
    await db.answers.bulkPut([row('a', 'system:s'), row('a', 'system:s2'), row('ab', 'system:s'), row('a-b', 'system:s'), row('b', 'system:s')]);
    expect((await repos.inspections.answers('a')).map((r) => r.id).sort()).toEqual(['a|system:s#a', 'a|system:s2#a']);
    await db.lastInspected.bulkPut([{ key: 'h|system:s', inspectionId: 'a', completedAt: '2026-01-02T00:00:00.000Z' }]);
    const previous = await repos.inspections.previousAnswers('h', ['system:s'], 'other');
    expect([...previous.values()].map((r) => r.id)).toEqual(['a|system:s#a']);
  });

  it('refuses to save to an inspection that does not exist', async () => {
    const { repos } = await seeded();
    const { steps } = await startInspection(repos);
    await expectStoreError(answer(repos, 'no-such-inspection', steps[0]!), 'not_found');
  });

  it('refuses to complete while items are unanswered, and changes nothing', async () => {
    const { db, repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    await answerAll(repos, inspection.id, steps.slice(0, -1));
    await expectStoreError(repos.inspections.complete(inspection.id), 'invalid');
    expect(await repos.inspections.get(inspection.id)).toMatchObject({ status: 'draft', answeredCount: steps.length - 1 });
    expect(await db.lastInspected.count()).toBe(0);
  });

  it('completes once every item is answered and records the last inspection of each subject', async () => {
    const { db, repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    await answerAll(repos, inspection.id, steps);
    clockAt('2026-03-02T08:00:00.000Z');
    const done = await repos.inspections.complete(inspection.id);
    expect(done).toMatchObject({ status: 'completed', completedAt: '2026-03-02T08:00:00.000Z', answeredCount: steps.length });
    expect(await repos.inspections.get(inspection.id)).toEqual(done);
    const subjects = [...new Set(steps.map((s) => s.subject))];
    expect(subjects).toHaveLength(1 + SCREENS.length + 1);
    const last = await db.lastInspected.bulkGet(subjects.map((s) => `${HOSPITAL}|${s}`));
    expect(last.every((l) => l?.inspectionId === inspection.id && l.completedAt === done.completedAt)).toBe(true);
    expect(await repos.inspections.countByStatus(HOSPITAL)).toEqual({ draft: 0, completed: 1, signed: 0 });
    await expectStoreError(repos.inspections.complete(inspection.id), 'not_draft');
  });

  it('refuses every write once completed and leaves the record as it was', async () => {
    const { repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    await answerAll(repos, inspection.id, steps);
    await repos.inspections.complete(inspection.id);
    const before = { row: await repos.inspections.get(inspection.id), answers: await repos.inspections.answers(inspection.id) };
    await expectStoreError(answer(repos, inspection.id, steps[0]!, { fail: true, next: steps[3]!.key }), 'not_draft');
    await expectStoreError(repos.inspections.setCursor(inspection.id, steps[2]!.key), 'not_draft');
    await expectStoreError(
      repos.attachments.add({
        inspectionId: inspection.id,
        answerId: answerId(inspection.id, steps[0]!.key),
        blob: new Blob(['x']),
        type: 'image/jpeg',
        width: 1,
        height: 1,
      }),
      'not_draft',
    );
    expect(await repos.inspections.get(inspection.id)).toEqual(before.row);
    expect(await repos.inspections.answers(inspection.id)).toEqual(before.answers);
  });

  it('gives the previous answers of the last completed inspection of the same subject', async () => {
    const { repos } = await seeded();
    const screenSubject = `asset:${SCREENS[0]}`;
    const screenCheck = (steps: Step[]) => steps.find((s) => s.subject === screenSubject && s.item.kind === 'check')!;

    clockAt('2026-01-10T08:00:00.000Z');
    const first = await startInspection(repos);
    await answerAll(repos, first.inspection.id, first.steps);
    await repos.inspections.complete(first.inspection.id);

    clockAt('2026-02-10T08:00:00.000Z');
    const second = await startInspection(repos);
    await answerAll(repos, second.inspection.id, second.steps, new Set([screenCheck(second.steps).key]));
    await repos.inspections.complete(second.inspection.id);

    clockAt('2026-03-10T08:00:00.000Z');
    const third = await startInspection(repos);
    const previous = await repos.inspections.previousAnswers(HOSPITAL, [screenSubject, `asset:${SCREENS[1]}`], third.inspection.id);
    const perScreen = third.steps.filter((s) => s.subject === screenSubject).length;
    expect(previous.size).toBe(perScreen * 2);
    const prev = previous.get(screenCheck(third.steps).key)!;
    expect(prev).toMatchObject({ inspectionId: second.inspection.id, outcome: 'fail', completedAt: '2026-02-10T08:00:00.000Z' });
    expect([...previous.values()].every((a) => a.inspectionId === second.inspection.id)).toBe(true);
    // Only the subjects asked for.
    expect([...previous.keys()].every((k) => k.startsWith('asset:'))).toBe(true);
    // Nothing for a subject never completed, nor when the last one is the inspection itself.
    expect((await repos.inspections.previousAnswers(HOSPITAL, ['asset:never-inspected'], third.inspection.id)).size).toBe(0);
    expect((await repos.inspections.previousAnswers(HOSPITAL, [screenSubject], second.inspection.id)).size).toBe(0);
    expect((await repos.inspections.previousAnswers('gd-provincial', [screenSubject], third.inspection.id)).size).toBe(0);
  });

  it('lists a hospital’s inspections newest first, one page at a time', async () => {
    const { repos } = await seeded();
    const ids: string[] = [];
    for (let day = 1; day <= 5; day++) {
      clockAt(`2026-04-0${day}T08:00:00.000Z`);
      ids.push((await startInspection(repos)).inspection.id);
    }
    // An answer keeps the order (the indexed time is not bumped per answer) but is shown as the
    // latest activity; completing the oldest makes it the newest.
    clockAt('2026-04-09T08:00:00.000Z');
    const { steps } = await plan(repos);
    await answer(repos, ids[1]!, steps[0]!);
    await repos.inspections.create({ hospitalId: 'gd-provincial', contractId: 'x', engineer: 'e', targets: [], totalSteps: 0, firstStep: null });
    expect((await repos.inspections.listByHospital(HOSPITAL, 3)).map((i) => i.id)).toEqual([ids[4], ids[3], ids[2]]);
    expect((await repos.inspections.get(ids[1]!))!.lastAnsweredAt).toBe('2026-04-09T08:00:00.000Z');
    await answerAll(repos, ids[0]!, steps);
    await repos.inspections.complete(ids[0]!);

    const page = await repos.inspections.listByHospital(HOSPITAL, 3);
    expect(page.map((i) => i.id)).toEqual([ids[0], ids[4], ids[3]]);
    expect(await repos.inspections.listByHospital(HOSPITAL)).toHaveLength(5);
    expect(await repos.inspections.listByHospital('nowhere')).toEqual([]);
  });
});

// ---------- schema upgrade ----------

describe('schema upgrade from version 1', () => {
  type V1Inspection = Omit<InspectionRow, 'answeredCount' | 'findingCount'>;

  function v1Inspection(id: string, status: 'draft' | 'completed', completedAt?: string): V1Inspection {
    return {
      id,
      hospitalId: HOSPITAL,
      contractId: CONTRACT,
      engineer: '李工',
      status,
      createdAt: '2025-12-01T08:00:00.000Z',
      updatedAt: completedAt ?? '2025-12-01T09:00:00.000Z',
      ...(completedAt ? { completedAt } : {}),
      targets: [],
      cursor: null,
      totalSteps: 3,
    };
  }

  function v1Answer(inspectionId: string, subject: string, itemId: string, outcome: AnswerRow['outcome']): AnswerRow {
    const stepKey = `${subject}#${itemId}`;
    return {
      id: answerId(inspectionId, stepKey),
      inspectionId,
      stepKey,
      subject,
      templateId: 't',
      itemId,
      value: outcome === 'fail' ? { kind: 'check', result: 'fail' } : { kind: 'check', result: 'pass' },
      outcome,
      note: outcome === 'fail' ? 'broken' : '',
      photoCount: 0,
      answeredAt: '2025-12-01T08:30:00.000Z',
    };
  }

  it('backfills the counters and lastInspected without losing a row', async () => {
    const name = uniqueName();
    const old = databaseAt(1, name);
    // Ids sort the older inspection's answers first, so "latest" must come from completedAt, not order.
    const inspections = [
      v1Inspection('a-older', 'completed', '2025-12-01T10:00:00.000Z'),
      v1Inspection('b-newer', 'completed', '2025-12-05T10:00:00.000Z'),
      v1Inspection('draft', 'draft'),
      v1Inspection('empty', 'completed', '2025-12-06T10:00:00.000Z'),
    ];
    const answers = [
      v1Answer('a-older', 'system:s', 'a', 'pass'),
      v1Answer('a-older', 'asset:x', 'b', 'fail'),
      v1Answer('b-newer', 'system:s', 'a', 'fail'),
      v1Answer('b-newer', 'system:s', 'c', 'out_of_range'),
      v1Answer('b-newer', 'type:t', 'd', 'pass'),
      v1Answer('draft', 'system:s', 'a', 'fail'),
      v1Answer('draft', 'asset:y', 'b', 'na'),
    ];
    await old.table('inspections').bulkAdd(inspections);
    await old.table('answers').bulkAdd(answers);
    await old.table('hospitals').add(catalog.hospitals[0]!.hospital);
    old.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);

    const byId = new Map((await db.inspections.toArray()).map((i) => [i.id, i]));
    expect(byId.size).toBe(inspections.length);
    expect(byId.get('a-older')).toMatchObject({ answeredCount: 2, findingCount: 1, status: 'completed', engineer: '李工' });
    expect(byId.get('b-newer')).toMatchObject({ answeredCount: 3, findingCount: 2 });
    expect(byId.get('draft')).toMatchObject({ answeredCount: 2, findingCount: 1, status: 'draft' });
    expect(byId.get('empty')).toMatchObject({ answeredCount: 0, findingCount: 0, totalSteps: 3 });

    expect((await db.answers.toArray()).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...answers].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(await db.hospitals.count()).toBe(1);

    const last = (await db.lastInspected.toArray()).sort((a, b) => a.key.localeCompare(b.key));
    expect(last).toEqual([
      { key: `${HOSPITAL}|asset:x`, inspectionId: 'a-older', completedAt: '2025-12-01T10:00:00.000Z' },
      { key: `${HOSPITAL}|system:s`, inspectionId: 'b-newer', completedAt: '2025-12-05T10:00:00.000Z' },
      { key: `${HOSPITAL}|type:t`, inspectionId: 'b-newer', completedAt: '2025-12-05T10:00:00.000Z' },
    ]);

    // Since v5 answers have no secondary index; the repositories read them by id range.
    expect(db.backendDB().transaction('answers').objectStore('answers').indexNames.length).toBe(0);
    // The upgraded database works with the repositories (answers read by id range since v5).
    const repos = createRepositories(db);
    const previous = await repos.inspections.previousAnswers(HOSPITAL, ['system:s', 'asset:x', 'asset:y'], 'draft');
    expect([...previous.keys()].sort()).toEqual(['asset:x#b', 'system:s#a', 'system:s#c']);
    expect(previous.get('system:s#a')).toMatchObject({ inspectionId: 'b-newer', outcome: 'fail' });
    await expectStoreError(answer(repos, 'a-older', { key: 'system:s#a', subject: 'system:s', templateId: 't', item: { kind: 'check', id: 'a' } } as Step), 'not_draft');
  });

  it('opens an empty version-1 database', async () => {
    const name = uniqueName();
    const old = databaseAt(1, name);
    await old.open();
    old.close();
    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(await db.lastInspected.count()).toBe(0);
    expect(await db.inspections.count()).toBe(0);
  });
});

describe('schema upgrade from version 4', () => {
  it('keeps a draft the old store saved: its answers, resume point and counters, and it takes new answers', async () => {
    const name = uniqueName();
    const old = databaseAt(4, name);
    // As v4's saveAnswer left a draft: cursor and counters on the row, answers without next or stamp.
    const draft: InspectionRow = {
      id: 'd', hospitalId: HOSPITAL, contractId: CONTRACT, engineer: '李工', status: 'draft', createdAt: '2026-10-01T08:00:00.000Z',
      updatedAt: '2026-10-01T08:00:00.000Z', lastAnsweredAt: '2026-10-01T08:05:00.000Z', targets: [], cursor: 'system:s#c', totalSteps: 3, answeredCount: 2, findingCount: 1,
    };
    const oldAnswer = (inspectionId: string, itemId: string, outcome: AnswerRow['outcome']): AnswerRow => ({
      id: answerId(inspectionId, `system:s#${itemId}`), inspectionId, stepKey: `system:s#${itemId}`, subject: 'system:s', templateId: 't', itemId,
      value: { kind: 'check', result: outcome === 'fail' ? 'fail' : 'pass' }, outcome, note: outcome === 'fail' ? 'broken' : '', photoCount: 0, answeredAt: '2026-10-01T08:05:00.000Z',
    });
    await old.table('inspections').bulkAdd([draft, { ...draft, id: 'd-2', status: 'completed' }]);
    await old.table('answers').bulkAdd([oldAnswer('d', 'a', 'fail'), oldAnswer('d', 'b', 'pass'), oldAnswer('d-2', 'a', 'pass')]);
    old.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.backendDB().transaction('answers').objectStore('answers').indexNames.length).toBe(0);
    const repos = createRepositories(db);
    expect(await repos.inspections.get('d')).toMatchObject({ cursor: 'system:s#c', answeredCount: 2, findingCount: 1, lastAnsweredAt: '2026-10-01T08:05:00.000Z' });
    expect((await repos.inspections.answers('d')).map((a) => a.id)).toEqual(['d|system:s#a', 'd|system:s#b']);

    const step = (itemId: string) => ({ key: `system:s#${itemId}`, subject: 'system:s', templateId: 't', item: { kind: 'check', id: itemId } }) as Step;
    await answer(repos, 'd', step('c'), { next: 'system:s#a' });
    expect(await repos.inspections.get('d')).toMatchObject({ cursor: 'system:s#a', answeredCount: 3, findingCount: 1 });
    expect(await repos.inspections.complete('d')).toMatchObject({ status: 'completed', answeredCount: 3, findingCount: 1 });
  });
});
