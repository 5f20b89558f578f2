/**
 * Every limit the screen shows is the store's too (domain/limits.ts): what is over it is refused
 * with its own code and the limit, and nothing already saved changes. Progress counts a finding
 * that still owes its note as not done, in the store as on the screen.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src-shared/domain/limits';
import { buildSteps, type Target } from '../../../src-shared/domain/steps';
import { paperScanKey } from '../../../src-renderer/db/repositories/attachments';
import { answerId } from '../../../src-renderer/db/rows';
import { startInspection as startFromForm } from '../../../src-renderer/features/new-inspection/start-inspection';
import { StoreError } from '../../../src-renderer/db/store-error';
import { answer, answerAll, CONTRACT, expectStoreError, HOSPITAL, plan, seeded, startInspection } from './store-fixtures';

const photo = (): Blob => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' });

describe('limits in the store', () => {
  it('refuses a note or a text answer one character over its limit, and keeps what was saved', async () => {
    const { repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    const check = steps.find((s) => s.item.kind === 'check')!;
    await answer(repos, inspection.id, check, { fail: true, note: '风'.repeat(LIMITS.note) });
    const error = await answer(repos, inspection.id, check, { fail: true, note: '风'.repeat(LIMITS.note + 1) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'too_long', params: { max: LIMITS.note } });
    const [kept] = (await repos.inspections.answers(inspection.id)).filter((a) => a.stepKey === check.key);
    expect(kept!.note).toHaveLength(LIMITS.note);

    const text = steps.find((s) => s.item.kind === 'text')!;
    const save = (t: string) =>
      repos.inspections.saveAnswer({ inspectionId: inspection.id, stepKey: text.key, subject: text.subject, templateId: text.templateId, itemId: text.item.id, value: { kind: 'text', text: t }, outcome: 'pass', note: '', photoCount: 0, cursor: text.key });
    await save('记'.repeat(LIMITS.textAnswer));
    await expectStoreError(save('记'.repeat(LIMITS.textAnswer + 1)), 'too_long');
  });

  it('refuses an engineer name over its limit, and an inspection larger than one report holds', async () => {
    const { repos } = await seeded();
    const { targets, steps } = await plan(repos);
    const base = { hospitalId: HOSPITAL, contractId: CONTRACT, targets, totalSteps: steps.length, firstStep: steps[0]!.key };
    expect((await repos.inspections.create({ ...base, engineer: '李'.repeat(LIMITS.personName) })).engineer).toHaveLength(LIMITS.personName);
    await expectStoreError(repos.inspections.create({ ...base, engineer: '李'.repeat(LIMITS.personName + 1) }), 'too_long');
    await expectStoreError(repos.inspections.create({ ...base, engineer: '李工', totalSteps: LIMITS.steps + 1 }), 'too_large');
    await expectStoreError(repos.inspections.create({ ...base, engineer: '李工', requiredPhotos: LIMITS.photosPerInspection + 1 }), 'too_large');
    const units = Array.from({ length: LIMITS.subjects }, (_, i) => `u${i}`);
    const many: Target[] = [{ kind: 'hardware', templateId: 'queue-room-screen', templateVersion: 1, assetIds: units }];
    await expectStoreError(repos.inspections.create({ ...base, engineer: '李工', targets: many, totalSteps: 10 }), 'too_large');
  });

  it('takes at most the photos an item and an inspection hold, and the paper scans a sheet holds', async () => {
    const { repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    const add = (stepKey: string) =>
      repos.attachments.add({ inspectionId: inspection.id, answerId: answerId(inspection.id, stepKey), blob: photo(), type: 'image/jpeg', width: 1, height: 1 });
    for (let i = 0; i < LIMITS.photosPerAnswer; i++) await add(steps[0]!.key);
    await expectStoreError(add(steps[0]!.key), 'too_many_photos');
    // Spread over items until the inspection is full.
    let n = LIMITS.photosPerAnswer;
    for (let s = 1; n < LIMITS.photosPerInspection; s++) {
      for (let i = 0; i < LIMITS.photosPerAnswer && n < LIMITS.photosPerInspection; i++, n++) await add(steps[s]!.key);
    }
    await expectStoreError(add(steps.at(-1)!.key), 'too_many_photos');
    expect((await repos.attachments.listForInspection(inspection.id)).length).toBe(LIMITS.photosPerInspection);
    // Room kept for photo items not taken yet counts against the limit too.
    const other = (await startInspection(repos)).inspection;
    // With 92 kept, 8 fit: together the inspection's 100.
    for (let i = 0; i < 8; i++) await repos.attachments.add({ inspectionId: other.id, answerId: answerId(other.id, steps[i]!.key), blob: photo(), type: 'image/jpeg', width: 1, height: 1 }, { reserve: LIMITS.photosPerInspection - 8 });
    const kept = await repos.attachments.add({ inspectionId: other.id, answerId: answerId(other.id, steps[8]!.key), blob: photo(), type: 'image/jpeg', width: 1, height: 1 }, { reserve: LIMITS.photosPerInspection - 8 }).catch((e: unknown) => e);
    expect(kept).toMatchObject({ code: 'photos_reserved', params: { max: LIMITS.photosPerInspection, reserved: LIMITS.photosPerInspection - 8 } });

    // Scans of the paper sheet count apart from the items' photos.
    for (const step of steps) await answer(repos, inspection.id, step);
    await repos.inspections.complete(inspection.id);
    for (let i = 0; i < LIMITS.paperScans; i++) await repos.attachments.addPaperScan(inspection.id, { blob: photo(), width: 1, height: 1 });
    await expectStoreError(repos.attachments.addPaperScan(inspection.id, { blob: photo(), width: 1, height: 1 }), 'too_many_scans');
    expect(await repos.attachments.paperScans(inspection.id)).toHaveLength(LIMITS.paperScans);
    expect((await repos.attachments.listForInspection(inspection.id)).filter((a) => a.answerId === paperScanKey(inspection.id))).toHaveLength(LIMITS.paperScans);
  });
});

describe('progress in the store', () => {
  it('counts a finding that owes its note as not done, and refuses to complete until it is given', async () => {
    const { repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    const check = steps.find((s) => s.item.kind === 'check' && s.item.onFail.require === 'note')!;
    await answerAll(repos, inspection.id, steps);
    const owes = { ...(await repos.inspections.answers(inspection.id)).find((a) => a.stepKey === check.key)! };
    await repos.inspections.saveAnswer({ ...owes, value: { kind: 'check', result: 'fail' }, outcome: 'fail', note: '', requires: 'note', cursor: check.key });
    expect(await repos.inspections.get(inspection.id)).toMatchObject({ answeredCount: steps.length - 1, findingCount: 1 });
    await expectStoreError(repos.inspections.complete(inspection.id), 'invalid');
    await repos.inspections.saveAnswer({ ...owes, value: { kind: 'check', result: 'fail' }, outcome: 'fail', note: '屏幕闪烁', requires: 'note', cursor: check.key });
    expect(await repos.inspections.get(inspection.id)).toMatchObject({ answeredCount: steps.length });
    expect((await repos.inspections.complete(inspection.id)).status).toBe('completed');
  });

  it('takes a text answer back, and adds a unit of the contract to a draft at the pinned template version', async () => {
    const { repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    const text = steps.find((s) => s.item.kind === 'text')!;
    await answer(repos, inspection.id, text);
    await repos.inspections.clearAnswer(inspection.id, text.key);
    expect((await repos.inspections.answers(inspection.id)).some((a) => a.stepKey === text.key)).toBe(false);
    expect((await repos.inspections.get(inspection.id))!.cursor).toBe(text.key);

    const added = 'mz-wk-rs-01';
    const targets = inspection.targets.map((t) => (t.kind === 'hardware' ? { ...t, assetIds: [...t.assetIds, added] } : t));
    const templates = await repos.reference.templatesAt(targets.map((t) => ({ id: t.templateId, version: t.templateVersion })));
    const assets = new Map((await repos.reference.getAssets(targets.flatMap((t) => (t.kind === 'hardware' ? t.assetIds : [])))).map((a) => [a.id, a]));
    const total = buildSteps(targets, templates, assets).length;
    const row = await repos.inspections.addUnit(inspection.id, { assetId: added, templateId: 'queue-room-screen', templateVersion: 1 }, { totalSteps: total, requiredPhotos: 0 });
    expect(row.totalSteps).toBe(total);
    expect(row.targets.find((t) => t.kind === 'hardware')).toMatchObject({ templateVersion: 1, assetIds: [...inspection.targets.flatMap((t) => (t.kind === 'hardware' ? t.assetIds : [])), added] });
    // Not a second time, and not once the draft is closed.
    await answerAll(repos, inspection.id, buildSteps(row.targets, templates, assets));
    await repos.inspections.complete(inspection.id);
    await expectStoreError(repos.inspections.addUnit(inspection.id, { assetId: 'mz-wk-rs-02', templateId: 'queue-room-screen', templateVersion: 1 }, { totalSteps: total + 5, requiredPhotos: 0 }), 'not_draft');
  });
});

describe('starting an inspection', () => {
  it('refuses a system or unit of another contract or hospital, whatever the form sends', async () => {
    const { repos } = await seeded();
    const [own] = await repos.reference.listSystems(CONTRACT);
    const [foreign] = await repos.reference.listSystems('whch-drg-2026');
    expect(foreign).toBeDefined();
    const start = (systems: typeof own[]) => startFromForm(repos, { hospitalId: HOSPITAL, contractId: CONTRACT, engineer: '王工', systems: systems as NonNullable<typeof own>[], assets: [] });
    await expectStoreError(start([own, foreign]), 'not_in_contract');
    expect((await start([own])).hospitalId).toBe(HOSPITAL);
  });
});

