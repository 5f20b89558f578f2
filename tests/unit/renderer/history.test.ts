/**
 * Finding inspections in the store (fake-indexeddb): what an inspection covers kept as index keys
 * on every write, the hospital list's filters over its whole history with paging, a unit's
 * history, deleting drafts (never a completed or signed inspection), and the v5 → v6 upgrade.
 */
import { describe, expect, it } from 'vitest';
import type { Target } from '../../../src-shared/domain/steps';
import { SCHEMA_VERSION, type XunjianDb } from '../../../src-renderer/db/database';
import { createRepositories, type Repositories } from '../../../src-renderer/db/index';
import { historyRepository, type InspectionFilter } from '../../../src-renderer/db/repositories/history';
import { answerId, type AnswerRow, type InspectionRow, type InspectionStatus } from '../../../src-renderer/db/rows';
import { answer, answerAll, CONTRACT, expectStoreError, HOSPITAL, openDb, SCREENS, seeded, startInspection, uniqueName, databaseAt } from './store-fixtures';

const SYSTEM = `${CONTRACT}/mz-queue`;
const [SCREEN_A, SCREEN_B] = SCREENS as [string, string];

const systemTarget: Target = { kind: 'system', systemId: SYSTEM, templateId: 'queue-software', templateVersion: 1 };
const screens = (...assetIds: string[]): Target => ({ kind: 'hardware', templateId: 'queue-room-screen', templateVersion: 1, assetIds });

/** A stored inspection as the app leaves it, started on day `day` of 2026 (UTC), changed a few hours later. */
function row(id: string, day: number, status: InspectionStatus, targets: Target[], hospitalId = HOSPITAL): InspectionRow {
  const created = new Date(Date.UTC(2026, 0, 1 + day, 1));
  const updated = new Date(created.getTime() + 3 * 3_600_000).toISOString();
  return {
    id, hospitalId, contractId: CONTRACT, engineer: '李工', status, createdAt: created.toISOString(), updatedAt: updated,
    targets, cursor: null, totalSteps: 10, answeredCount: status === 'draft' ? 0 : 10, findingCount: 0,
    ...(status === 'draft' ? {} : { completedAt: updated }),
  };
}

function storedAnswer(inspectionId: string, subject: string, itemId: string, outcome: AnswerRow['outcome'] = 'pass'): AnswerRow {
  const stepKey = `${subject}#${itemId}`;
  return {
    id: answerId(inspectionId, stepKey), inspectionId, stepKey, subject, templateId: 'queue-room-screen', itemId,
    value: { kind: 'check', result: outcome === 'fail' ? 'fail' : 'pass' }, outcome, note: outcome === 'fail' ? '屏幕黑屏' : '', photoCount: 0,
    answeredAt: '2026-03-01T02:00:00.000Z',
  };
}

/**
 * 130 inspections at the hospital, one a day: all cover the software system, every 10th day also
 * screen A, every 13th screen B. Days 0-9 are drafts, then even days signed and odd days
 * completed. Plus one inspection of screen A filed under another hospital.
 */
async function longHistory(db: XunjianDb): Promise<InspectionRow[]> {
  const rows: InspectionRow[] = [];
  for (let day = 0; day < 130; day++) {
    const targets = [systemTarget];
    const units = [day % 10 === 0 ? SCREEN_A : '', day % 13 === 0 ? SCREEN_B : ''].filter(Boolean);
    if (units.length > 0) targets.push(screens(...units));
    rows.push(row(`i-${String(day).padStart(3, '0')}`, day, day < 10 ? 'draft' : day % 2 === 0 ? 'signed' : 'completed', targets));
  }
  rows.push(row('elsewhere', 5, 'signed', [screens(SCREEN_A)], 'wuhan-central'));
  await db.inspections.bulkAdd(rows);
  return rows;
}

const ids = (rows: readonly InspectionRow[]): string[] => rows.map((r) => r.id);
const day = (d: number): string => new Date(Date.UTC(2026, 0, 1 + d)).toISOString();

describe('what an inspection covers', () => {
  it('is stored as index keys on create, and follows its targets on every later write', async () => {
    const { db, repos } = await seeded();
    const { inspection } = await startInspection(repos);
    const stored = await db.inspections.get(inspection.id);
    expect(stored!.subjects!.sort()).toEqual([`asset:${SCREEN_A}`, `asset:${SCREEN_B}`, `system:${SYSTEM}`, 'type:queue-room-screen']);

    // A unit added to the draft (put) and one taken away (modify): the keys follow, nothing else changes.
    await db.inspections.put({ ...stored!, targets: [systemTarget, screens(SCREEN_A, SCREEN_B, 'mz-nk-rs-03')] });
    expect((await db.inspections.where('subjects').equals('asset:mz-nk-rs-03').primaryKeys())).toEqual([inspection.id]);
    await db.inspections
      .where('id')
      .equals(inspection.id)
      .modify((r) => {
        r.targets = [screens(SCREEN_B)];
      });
    expect(await db.inspections.where('subjects').equals(`system:${SYSTEM}`).count()).toBe(0);
    expect((await db.inspections.get(inspection.id))!.subjects).toEqual(['type:queue-room-screen', `asset:${SCREEN_B}`]);

    // A cursor move rewrites the row: the keys stay.
    await repos.inspections.setCursor(inspection.id, 'x');
    expect(await db.inspections.where('subjects').equals(`asset:${SCREEN_B}`).primaryKeys()).toEqual([inspection.id]);
  });
});

// Both ways the repository reads matches: their rows sorted here (few), or the hospital's order (many).
describe.each([
  ['few matches', undefined],
  ['many matches', 5],
])('finding a hospital’s inspections (%s)', (_, readMatches) => {
  const search = (db: XunjianDb, repos: Repositories, filter: InspectionFilter, limit = 50) =>
    historyRepository(db, repos.inspections, readMatches).search(HOSPITAL, filter, limit);

  it('unfiltered, pages the list as before: newest change first', async () => {
    const { db, repos } = await seeded();
    const rows = await longHistory(db);
    const first = await search(db, repos, {});
    expect(first).toMatchObject({ total: null, more: true });
    expect(ids(first.rows)).toEqual(ids(rows.slice(80, 130)).reverse());
    const all = await search(db, repos, {}, 500);
    expect(all.rows).toHaveLength(130);
    expect(all.more).toBe(false);
  });

  it('filters the whole history, not the first page: by unit, system, type, state and start date, combined', async () => {
    const { db, repos } = await seeded();
    await longHistory(db);
    const unitA = await search(db, repos, { subjects: [`asset:${SCREEN_A}`] });
    // Days 0, 10, …, 120: most of them far behind the newest 50.
    expect(ids(unitA.rows)).toEqual([120, 110, 100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0].map((d) => `i-${String(d).padStart(3, '0')}`));
    expect(unitA).toMatchObject({ total: 13, more: false });

    expect((await search(db, repos, { subjects: ['type:queue-room-screen'] })).total).toBe(13 + 10 - 1);
    expect((await search(db, repos, { subjects: [`system:${SYSTEM}`] })).total).toBe(130);
    expect((await search(db, repos, { subjects: [`asset:${SCREEN_A}`, `asset:${SCREEN_B}`] })).rows.map((r) => r.id)).toEqual(['i-000']);

    const drafts = await search(db, repos, { status: 'draft' });
    expect(drafts.total).toBe(10);
    expect(drafts.rows.every((r) => r.status === 'draft')).toBe(true);

    const signedB = await search(db, repos, { status: 'signed', subjects: [`asset:${SCREEN_B}`] });
    expect(ids(signedB.rows)).toEqual(['i-104', 'i-078', 'i-052', 'i-026']);

    // Started on days 20..29: the upper bound is exclusive, as the screen passes the day after.
    const window = await search(db, repos, { startedFrom: day(20), startedBefore: day(30) });
    expect(ids(window.rows)).toEqual(Array.from({ length: 10 }, (_, k) => `i-0${29 - k}`));
    const since = await search(db, repos, { startedFrom: day(125), status: 'completed' });
    expect(ids(since.rows)).toEqual(['i-129', 'i-127', 'i-125']);
    expect((await search(db, repos, { startedBefore: day(0) })).total).toBe(0);
  });

  it('pages a filtered list and counts all matches', async () => {
    const { db, repos } = await seeded();
    await longHistory(db);
    const page = await search(db, repos, { status: 'signed' }, 50);
    expect(page).toMatchObject({ total: 60, more: true });
    expect(page.rows).toHaveLength(50);
    const next = await search(db, repos, { status: 'signed' }, 100);
    expect(next).toMatchObject({ total: 60, more: false });
    expect(ids(next.rows.slice(0, 50))).toEqual(ids(page.rows));
  });

  it('shows a filtered draft with the progress its answers give', async () => {
    const { db, repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    await answer(repos, inspection.id, steps[0]!, { fail: true, next: steps[1]!.key });
    await answer(repos, inspection.id, steps[1]!, { next: steps[2]!.key });
    const page = await search(db, repos, { status: 'draft', subjects: [`asset:${SCREEN_B}`] });
    expect(page.rows).toEqual([expect.objectContaining({ id: inspection.id, answeredCount: 2, findingCount: 1 })]);
  });
});

describe('a unit’s history', () => {
  it('lists every inspection that covered the unit, newest first, with its answers for that unit only', async () => {
    const { db, repos } = await seeded();
    await db.inspections.bulkAdd([
      row('old', 1, 'signed', [systemTarget, screens(SCREEN_A, SCREEN_B)]),
      row('new', 40, 'completed', [screens(SCREEN_A)]),
      row('other-unit', 50, 'completed', [screens(SCREEN_B)]),
    ]);
    await db.answers.bulkAdd([
      storedAnswer('old', `asset:${SCREEN_A}`, 'rs-mount'),
      storedAnswer('old', `asset:${SCREEN_A}`, 'rs-display-quality', 'fail'),
      storedAnswer('old', `asset:${SCREEN_B}`, 'rs-mount', 'fail'),
      storedAnswer('old', 'type:queue-room-screen', 'rs-spares', 'fail'),
      storedAnswer('old', `system:${SYSTEM}`, 'x'),
      storedAnswer('new', `asset:${SCREEN_A}`, 'rs-mount'),
    ]);
    const visits = await repos.history.unitHistory(SCREEN_A);
    expect(visits.map((v) => v.inspection.id)).toEqual(['new', 'old']);
    expect(visits[1]!.answers.map((a) => [a.itemId, a.outcome])).toEqual([
      ['rs-display-quality', 'fail'],
      ['rs-mount', 'pass'],
    ]);
    expect(await repos.history.unitHistory('mz-nk-rs-09')).toEqual([]);
  });
});

describe('deleting a draft', () => {
  it('deletes the draft, its answers and its photos, and nothing of another inspection', async () => {
    const { db, repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    const { inspection: kept } = await startInspection(repos);
    for (const id of [inspection.id, kept.id]) {
      await answer(repos, id, steps[0]!);
      await answer(repos, id, steps[1]!);
      await repos.attachments.add({ inspectionId: id, answerId: answerId(id, steps[1]!.key), blob: new Blob(['x'], { type: 'image/jpeg' }), type: 'image/jpeg', width: 1, height: 1 });
    }
    await answer(repos, inspection.id, steps[2]!);

    expect(await repos.drafts.contents(inspection.id)).toEqual({ answers: 3, photos: 1 });
    expect(await repos.drafts.delete(inspection.id)).toEqual({ answers: 3, photos: 1 });
    expect(await repos.inspections.get(inspection.id)).toBeUndefined();
    expect(await repos.inspections.answers(inspection.id)).toEqual([]);
    expect(await db.attachments.where('inspectionId').equals(inspection.id).count()).toBe(0);
    expect(await db.inspections.where('subjects').equals(`asset:${SCREEN_A}`).primaryKeys()).toEqual([kept.id]);

    expect(await repos.drafts.contents(kept.id)).toEqual({ answers: 2, photos: 1 });
    await expectStoreError(repos.drafts.delete(inspection.id), 'not_found');
  });

  it('refuses a completed inspection and a signed one, and leaves them whole', async () => {
    const { db, repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    await answerAll(repos, inspection.id, steps);
    await repos.inspections.complete(inspection.id);
    await expectStoreError(repos.drafts.contents(inspection.id), 'not_draft');
    await expectStoreError(repos.drafts.delete(inspection.id), 'not_draft');

    const completed = (await db.inspections.get(inspection.id))!;
    await db.inspections.put({ ...completed, status: 'signed' });
    await expectStoreError(repos.drafts.delete(inspection.id), 'signed');
    expect(await repos.inspections.get(inspection.id)).toMatchObject({ status: 'signed' });
    expect(await repos.inspections.answers(inspection.id)).toHaveLength(steps.length);
  });
});

describe('schema upgrade from version 5', () => {
  it('fills what each stored inspection covers from its targets, so the filters find old inspections', async () => {
    const name = uniqueName();
    const old = databaseAt(5, name);
    const before = [
      row('signed-1', 3, 'signed', [systemTarget, screens(SCREEN_A)]),
      row('done-2', 4, 'completed', [screens(SCREEN_B)]),
      row('draft-3', 5, 'draft', [systemTarget]),
      row('empty', 6, 'draft', []),
    ];
    await old.table('inspections').bulkAdd(before);
    await old.table('answers').bulkAdd([storedAnswer('signed-1', `asset:${SCREEN_A}`, 'rs-mount', 'fail')]);
    old.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    const indexes = [...db.backendDB().transaction('inspections').objectStore('inspections').indexNames];
    expect(indexes).toEqual(expect.arrayContaining(['subjects', '[hospitalId+createdAt]', '[hospitalId+updatedAt]']));

    // Every row is still there as it was, with its subjects added.
    const after = new Map((await db.inspections.toArray()).map((r) => [r.id, r]));
    for (const r of before) {
      const { subjects, ...rest } = after.get(r.id)!;
      expect(rest).toEqual(r);
      expect(subjects).toBeDefined();
    }
    expect(after.get('empty')!.subjects).toEqual([]);

    const repos = createRepositories(db);
    expect(ids((await repos.history.search(HOSPITAL, { subjects: [`system:${SYSTEM}`] }, 50)).rows)).toEqual(['draft-3', 'signed-1']);
    expect(ids((await repos.history.search(HOSPITAL, { startedFrom: day(4) }, 50)).rows)).toEqual(['empty', 'draft-3', 'done-2']);
    const visits = await repos.history.unitHistory(SCREEN_A);
    expect(visits).toEqual([{ inspection: expect.objectContaining({ id: 'signed-1' }), answers: [expect.objectContaining({ itemId: 'rs-mount', outcome: 'fail' })] }]);
  });
});
