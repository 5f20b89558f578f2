/**
 * The service-record repository over fake-indexeddb: create and append with the contract's rules,
 * limits refused whole, event ids, the outbox, the device-clock check, a record made from a
 * failed inspection item, the finding's level confirmed and printed, and the upgrade to v7.
 */
import { describe, expect, it } from 'vitest';
import { foldRecord } from '../../../src-shared/service/fold';
import { SERVICE_LIMITS, type ServiceEvent } from '../../../src-shared/service/record';
import { buildSteps, type Target } from '../../../src-shared/domain/steps';
import { outcomeOf } from '../../../src-shared/domain/answer';
import { translate } from '../../../src-shared/i18n/translate';
import { localized } from '../../../src-shared/i18n/translate';
import { createRepositories, type Repositories } from '../../../src-renderer/db/index';
import { SCHEMA_VERSION } from '../../../src-renderer/db/database';
import { answerId, type AnswerRow, type InspectionRow } from '../../../src-renderer/db/rows';
import { ServiceRuleError, type NewServiceRecord } from '../../../src-renderer/db/repositories/service-records';
import { loadSession } from '../../../src-renderer/features/inspection/session';
import { buildReportInput } from '../../../src-renderer/features/signoff/report-input';
import { answer, catalog, clockAt, CONTRACT, databaseAt, expectStoreError, HOSPITAL, openDb, seeded, startInspection, uniqueName } from './store-fixtures';

const REPORTED = '2026-11-02T01:30:00.000Z';

function input(overrides: Partial<NewServiceRecord> = {}): NewServiceRecord {
  return {
    hospitalId: HOSPITAL,
    contractId: CONTRACT,
    subject: { kind: 'contract' },
    channel: 'phone',
    reporter: { name: '王护士', department: '门诊部', phone: '13800000000' },
    kind: 'fault',
    levelId: 'severe',
    reportedAt: REPORTED,
    title: '叫号屏不显示',
    description: '内科诊室叫号屏黑屏',
    by: '张工',
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

function withOfficeClock(offsetMs: number | undefined): { db: ReturnType<typeof openDb>; repos: Repositories } {
  const db = openDb();
  // The office is `offsetMs` behind this device's clock (the device runs fast by that much).
  const repos = createRepositories(db, { officeClock: async () => ({ deviceNow: new Date().toISOString(), ...(offsetMs === undefined ? {} : { officeEstimate: new Date(Date.now() - offsetMs).toISOString() }) }) });
  return { db, repos };
}

describe('service records: create and append', () => {
  it('creates a record with its first events, ids <writer>-<n>, index fields and an outbox row', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { db, repos } = await seeded();
    await repos.syncState.setEnrollment({ deviceId: 'dev-7f3a' } as Parameters<Repositories['syncState']['setEnrollment']>[0]);
    const row = await repos.serviceRecords.create(input());
    expect(row).toMatchObject({ hospitalId: HOSPITAL, contractId: CONTRACT, status: 'open', reportedAt: REPORTED, followUpDue: 0, officeVersion: 0, nextEventNo: 5 });
    expect(row.record.createdBy).toBe('dev-7f3a');
    expect(row.record.events.map((e) => e.id)).toEqual(['dev-7f3a-1', 'dev-7f3a-2', 'dev-7f3a-3', 'dev-7f3a-4']);
    const state = foldRecord(row.record);
    expect(state).toMatchObject({ kind: 'fault', levelId: 'severe', status: 'open' });
    expect(state.texts).toMatchObject({ title: '叫号屏不显示', description: '内科诊室叫号屏黑屏' });
    expect(state.steps.reported?.at).toBe(REPORTED);
    expect(await db.outbox.get(`service:${row.id}`)).toMatchObject({ kind: 'service', recordId: row.id, state: 'pending', serviceChanges: 0 });

    // The writer id is kept: a later enrollment elsewhere does not change it.
    await repos.syncState.setEnrollment({ deviceId: 'other' } as Parameters<Repositories['syncState']['setEnrollment']>[0]);
    const second = await repos.serviceRecords.create(input());
    expect(second.record.events[0]!.id).toBe('dev-7f3a-1');
    expect(second.id).not.toBe(row.id);
  });

  it('applies edits made after a device clock that ran ahead when the record was made (the events keep their written order)', async () => {
    // The laptop's clock is ten minutes fast when the fault is opened…
    clockAt('2026-11-02T02:10:00.000Z');
    const { repos } = await seeded();
    const row = await repos.serviceRecords.create(input());
    // …and right again when the engineer corrects the description and lowers the level.
    clockAt('2026-11-02T02:02:00.000Z');
    expect((await repos.serviceRecords.setText(row.id, 'description', '更正后的描述', '张工')).ok).toBe(true);
    const lowered = await repos.serviceRecords.setLevel(row.id, 'general-error', '张工', '只影响一块屏');
    expect(lowered.ok).toBe(true);
    const state = foldRecord((await repos.serviceRecords.get(row.id))!.record);
    expect(state.texts.description).toBe('更正后的描述');
    expect(state.levelId).toBe('general-error');
    expect((await repos.serviceRecords.get(row.id))!.record.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses a level the contract does not have and a report time in the future, storing nothing', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { db, repos } = await seeded();
    const unknown = await rejection(repos.serviceRecords.create(input({ levelId: 'level-1' })));
    expect(unknown).toBeInstanceOf(ServiceRuleError);
    expect((unknown as ServiceRuleError).problems.map((p) => p.code)).toEqual(['level_unknown']);
    const future = await rejection(repos.serviceRecords.create(input({ reportedAt: '2026-11-02T03:00:00.000Z' })));
    expect((future as ServiceRuleError).problems.map((p) => p.code)).toEqual(['time_in_future']);
    expect(await db.serviceRecords.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    await expectStoreError(repos.serviceRecords.create(input({ contractId: 'whch-drg-2026' })), 'not_in_contract');
  });

  it('refuses over-long texts whole and keeps the longest accepted ones whole', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { db, repos } = await seeded();
    await expectStoreError(repos.serviceRecords.create(input({ title: '屏'.repeat(SERVICE_LIMITS.title + 1) })), 'too_long');
    await expectStoreError(repos.serviceRecords.create(input({ description: '黑'.repeat(SERVICE_LIMITS.text + 1) })), 'too_long');
    await expectStoreError(repos.serviceRecords.create(input({ reporter: { name: '王'.repeat(101) } })), 'too_long');
    expect(await db.serviceRecords.count()).toBe(0);

    const long = '黑'.repeat(SERVICE_LIMITS.text);
    const row = await repos.serviceRecords.create(input({ title: '屏'.repeat(SERVICE_LIMITS.title), description: long }));
    const before = row.record.events.length;
    await expectStoreError(repos.serviceRecords.setText(row.id, 'cause', '因'.repeat(SERVICE_LIMITS.text + 1), '张工'), 'too_long');
    await expectStoreError(repos.serviceRecords.pause(row.id, '等'.repeat(SERVICE_LIMITS.reason + 1), '张工'), 'too_long');
    expect((await repos.serviceRecords.get(row.id))!.record.events.length).toBe(before);
    expect((await repos.serviceRecords.setText(row.id, 'cause', '因'.repeat(SERVICE_LIMITS.text), '张工')).ok).toBe(true);
    const texts = foldRecord((await repos.serviceRecords.get(row.id))!.record).texts;
    expect(texts.description).toBe(long);
    expect(texts.cause.length).toBe(SERVICE_LIMITS.text);
    expect(texts.title.length).toBe(SERVICE_LIMITS.title);
  });

  it('runs the rules on every append, keeps both values of an edited time, and derives status, follow-up and the queue', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { db, repos } = await seeded();
    await db.contracts.update(CONTRACT, { followUpCalls: true });
    const { id } = await repos.serviceRecords.create(input());
    const svc = repos.serviceRecords;

    const early = await svc.stepAt(id, 'responded', '2026-11-02T01:00:00.000Z', '张工');
    expect(early).toEqual({ ok: false, problems: [expect.objectContaining({ code: 'step_before_report' })] });
    const responded = await svc.stepNow(id, 'responded', '张工');
    if (!responded.ok) throw new Error('refused');
    const respondedEvent = responded.row.record.events.at(-1)!;

    expect((await svc.append(id, { type: 'step', step: 'responded', at: '2026-11-02T01:45:00.000Z', corrects: respondedEvent.id, by: '张工' })).ok).toBe(false);
    const edited = await svc.editStep(id, respondedEvent.id, '2026-11-02T01:45:00.000Z', '电话回复时间记错', '张工');
    expect(edited.ok).toBe(true);
    const unknownEdit = await svc.editStep(id, 'nobody-9', '2026-11-02T01:50:00.000Z', '?', '张工');
    expect(unknownEdit.ok ? [] : unknownEdit.problems.map((p) => p.code)).toEqual(['correction_unknown']);
    let state = foldRecord((await svc.get(id))!.record);
    expect(state.steps.responded).toMatchObject({ at: '2026-11-02T01:45:00.000Z', history: [{ at: '2026-11-02T02:00:00.000Z', eventId: respondedEvent.id }] });

    expect((await svc.resume(id, '张工')).ok).toBe(false);
    expect((await svc.pause(id, '科室锁门，等钥匙', '张工')).ok).toBe(true);
    const twice = await svc.pause(id, '又等', '张工');
    expect(twice.ok ? [] : twice.problems.map((p) => p.code)).toEqual(['already_paused']);
    expect((await svc.resume(id, '张工')).ok).toBe(true);

    const tooSoon = await svc.followUp(id, { contact: '王护士', rating: 'good' }, '张工');
    expect(tooSoon.ok ? [] : tooSoon.problems.map((p) => p.code)).toEqual(['follow_up_before_resolution']);
    const resolved = await svc.stepNow(id, 'resolved', '张工');
    expect(resolved.ok && resolved.row).toMatchObject({ status: 'resolved', followUpDue: 1 });
    expect((await svc.awaitingFollowUp()).map((r) => r.id)).toEqual([id]);
    expect((await svc.openAll()).map((r) => r.id)).toEqual([id]);
    const called = await svc.followUp(id, { contact: '王护士', phone: '13800000000', rating: 'excellent', comment: '满意' }, '张工');
    expect(called.ok && called.row.followUpDue).toBe(0);
    const closed = await svc.stepNow(id, 'closed', '张工');
    expect(closed.ok && closed.row.status).toBe('closed');
    const afterClose = await svc.pause(id, '再等', '张工');
    expect(afterClose.ok ? [] : afterClose.problems.map((p) => p.code)).toEqual(['record_closed']);
    expect(await svc.openAll()).toEqual([]);
    expect(await svc.awaitingFollowUp()).toEqual([]);
    expect((await svc.forHospital(HOSPITAL, { from: '2026-11-01', to: '2026-11-03' })).map((r) => r.id)).toEqual([id]);
    expect(await svc.forHospital(HOSPITAL, { from: '2026-11-03' })).toEqual([]);

    state = foldRecord((await svc.get(id))!.record);
    expect(state.followUps).toHaveLength(1);
    expect(state.pauses).toEqual([expect.objectContaining({ reason: '科室锁门，等钥匙' })]);
    const out = await db.outbox.get(`service:${id}`);
    // Seven accepted appends: responded, its edit, pause, resume, resolved, follow-up, closed.
    expect(out).toMatchObject({ state: 'pending', serviceChanges: 7 });
    const ids = (await svc.get(id))!.record.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('changes the level within the contract only, and keeps the first classification', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { repos } = await seeded();
    const { id } = await repos.serviceRecords.create(input());
    const wrong = await repos.serviceRecords.setLevel(id, 'fatal', '张工');
    expect(wrong.ok ? [] : wrong.problems.map((p) => p.code)).toEqual(['level_unknown']);
    const lower = await repos.serviceRecords.setLevel(id, 'general-error', '张工', '只影响一台屏');
    expect(lower.ok && foldRecord(lower.row.record)).toMatchObject({ levelId: 'general-error', firstLevelId: 'severe' });
  });

  it('puts a synced record back in the queue when it is appended to', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { db, repos } = await seeded();
    const { id } = await repos.serviceRecords.create(input());
    await db.outbox.update(`service:${id}`, { state: 'synced' });
    await repos.serviceRecords.stepNow(id, 'responded', '张工');
    expect(await db.outbox.get(`service:${id}`)).toMatchObject({ state: 'pending', serviceChanges: 1 });
  });

  it('stops at the limits of events and photos', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { db, repos } = await seeded();
    const row = await repos.serviceRecords.create(input());
    const filler: ServiceEvent[] = Array.from({ length: SERVICE_LIMITS.events - row.record.events.length - 1 }, (_, i) => ({
      id: `filler-${i}`, type: 'text', field: 'cause', value: `第 ${i} 次`, by: '张工', recordedAt: '2026-11-02T01:59:00.000Z',
    }));
    await db.serviceRecords.put({ ...row, record: { ...row.record, events: [...row.record.events, ...filler] } });
    expect((await repos.serviceRecords.setText(row.id, 'cause', '最后一条', '张工')).ok).toBe(true);
    await expectStoreError(repos.serviceRecords.setText(row.id, 'cause', '多一条', '张工'), 'svc_too_many_events');
    expect((await repos.serviceRecords.get(row.id))!.record.events).toHaveLength(SERVICE_LIMITS.events);

    const other = await repos.serviceRecords.create(input());
    const jpeg = (text: string): Blob => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), text], { type: 'image/jpeg' });
    // A file called a JPEG that is not one is refused before it becomes part of the record.
    await expectStoreError(repos.serviceRecords.addPhoto(other.id, new Blob(['not a photo'], { type: 'image/jpeg' })), 'svc_not_that_file');
    for (let i = 0; i < SERVICE_LIMITS.photos; i++) await repos.serviceRecords.addPhoto(other.id, jpeg(`photo ${i}`));
    await expectStoreError(repos.serviceRecords.addPhoto(other.id, jpeg('one more')), 'svc_too_many_photos');
    // A scan "PDF" that is a text file is refused: the office would refuse the record for it, and an event cannot be taken back.
    const before = (await repos.serviceRecords.get(other.id))!.record.events.length;
    await expectStoreError(
      repos.serviceRecords.attachDocument(other.id, { document: 'maintenance_sheet_scan', number: 'WHS-1', blob: new Blob(['hello'], { type: 'application/pdf' }), by: '张工' }),
      'svc_not_that_file',
    );
    const scan = await repos.serviceRecords.attachDocument(other.id, { document: 'maintenance_sheet_scan', number: 'WHS-2', blob: new Blob(['%PDF-1.7\n…'], { type: 'application/pdf' }), by: '张工' });
    expect(scan.ok).toBe(true);
    expect((await repos.serviceRecords.get(other.id))!.record.events).toHaveLength(before + 1);
    expect((await repos.serviceRecords.get(other.id))!.record.photos).toHaveLength(SERVICE_LIMITS.photos);
    expect(await repos.serviceRecords.photos(other.id)).toHaveLength(SERVICE_LIMITS.photos);
    await expectStoreError(repos.serviceRecords.addPhoto(other.id, new Blob(['%PDF'], { type: 'application/pdf' })), 'svc_invalid');

    // Many rewrites of a 4,000-character text that JSON writes six bytes a character (control
    // characters pasted from another program, "\u0001"): under the event limit, heavier than one push may be.
    const heavy = await repos.serviceRecords.create(input());
    const rewrites: ServiceEvent[] = Array.from({ length: 1400 }, (_, i) => ({
      id: `rewrite-${i}`, type: 'text', field: 'cause', value: '\u0001'.repeat(SERVICE_LIMITS.text), by: '张工', recordedAt: '2026-11-02T01:59:00.000Z',
    }));
    await db.serviceRecords.put({ ...heavy, record: { ...heavy.record, events: [...heavy.record.events, ...rewrites] } });
    await expectStoreError(repos.serviceRecords.setText(heavy.id, 'cause', '果'.repeat(SERVICE_LIMITS.text), '张工'), 'svc_too_heavy');
    expect((await repos.serviceRecords.get(heavy.id))!.record.events).toHaveLength(heavy.record.events.length + 1400);
  });
});

describe('service records: the device clock', () => {
  it('writes the office estimate and the gap on each event, and the fold flags a gap over five minutes', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { repos } = withOfficeClock(10 * 60_000);
    await repos.reference.applyCatalog(catalog);
    const row = await repos.serviceRecords.create(input());
    expect(row.record.events[0]!.clock).toEqual({ officeEstimate: '2026-11-02T01:50:00.000Z', skewMs: 600_000, basis: 'monotonic' });
    expect(foldRecord(row.record).skewed).toHaveLength(row.record.events.length);

    const close = withOfficeClock(30_000);
    await close.repos.reference.applyCatalog(catalog);
    const fine = await close.repos.serviceRecords.create(input());
    expect(fine.record.events[0]!.clock?.skewMs).toBe(30_000);
    expect(foldRecord(fine.record).skewed).toEqual([]);

    const never = withOfficeClock(undefined);
    await never.repos.reference.applyCatalog(catalog);
    expect((await never.repos.serviceRecords.create(input())).record.events[0]!.clock).toBeUndefined();
  });
});

/** An inspection of one kiosk whose 「机柜外观与固定」 failed with a note and two photos. */
async function failedCabinet(repos: Repositories): Promise<{ inspection: InspectionRow; answer: AnswerRow }> {
  const targets: Target[] = [{ kind: 'hardware', templateId: 'queue-kiosk', templateVersion: 1, assetIds: ['mz-nk-ks-01'] }];
  const templates = await repos.reference.templatesAt([{ id: 'queue-kiosk', version: 1 }]);
  const assets = new Map((await repos.reference.getAssets(['mz-nk-ks-01'])).map((a) => [a.id, a]));
  const steps = buildSteps(targets, templates, assets);
  const inspection = await repos.inspections.create({ hospitalId: HOSPITAL, contractId: CONTRACT, engineer: '张工', targets, totalSteps: steps.length, firstStep: steps[0]!.key });
  const step = steps.find((s) => s.item.id === 'ks-cabinet')!;
  const value = { kind: 'check', result: 'fail' } as const;
  const saved = await repos.inspections.saveAnswer({
    inspectionId: inspection.id, stepKey: step.key, subject: step.subject, templateId: step.templateId, itemId: step.item.id, value, outcome: outcomeOf(step.item, value),
    note: '维护门锁坏了，底座有一颗螺丝松动', photoCount: 0, requires: step.item.onFail.require, severity: 'major', faultLevelId: 'severe', cursor: step.key,
  });
  for (const bytes of ['门锁照片', '螺丝照片']) {
    await repos.attachments.add({ inspectionId: inspection.id, answerId: saved.id, blob: new Blob([bytes], { type: 'image/jpeg' }), type: 'image/jpeg', width: 10, height: 10 });
  }
  return { inspection, answer: (await repos.inspections.answers(inspection.id)).find((a) => a.id === saved.id)! };
}

describe('service records from inspection findings', () => {
  it('makes a record from a failed item in one step: note, photos, origin, both links; a second call returns it', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { db, repos } = await seeded();
    const { inspection, answer: finding } = await failedCabinet(repos);
    clockAt('2026-11-02T05:00:00.000Z');
    const row = await repos.serviceRecords.createFromFinding(finding.id, { kind: 'fault', levelId: 'general-error', by: '张工' });
    expect(row.record).toMatchObject({
      channel: 'inspection',
      subject: { kind: 'asset', assetId: 'mz-nk-ks-01' },
      reporter: { name: '张工' },
      origin: { inspectionId: inspection.id, answerId: finding.id, itemLabel: '机柜外观与固定', suggestedLevelId: 'severe' },
    });
    const state = foldRecord(row.record);
    expect(state.texts).toMatchObject({ title: '机柜外观与固定', description: '维护门锁坏了，底座有一颗螺丝松动' });
    expect(state.levelId).toBe('general-error');
    // The clock starts when the finding was recorded, not when the record was made.
    expect(state.steps.reported?.at).toBe(finding.answeredAt);
    expect(row.record.photos).toHaveLength(2);
    const copies = await repos.serviceRecords.photos(row.id);
    expect(copies.map((c) => c.sha256).sort()).toEqual(row.record.photos.map((p) => p.sha256).sort());
    expect(row.record.photos.every((p) => p.mime === 'image/jpeg' && p.size > 0)).toBe(true);

    const linked = await db.answers.get(finding.id);
    expect(linked).toMatchObject({ serviceRecordId: row.id, faultLevelId: 'general-error', levelConfirmed: true });
    expect((await repos.serviceRecords.forAnswer(finding.id))?.id).toBe(row.id);
    const again = await repos.serviceRecords.createFromFinding(finding.id, { kind: 'fault', levelId: 'severe', by: '李工' });
    expect(again.id).toBe(row.id);
    expect(await db.serviceRecords.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('refuses an item that passed', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    const passed = await answer(repos, inspection.id, steps[0]!);
    await expectStoreError(repos.serviceRecords.createFromFinding(passed.id, { kind: 'fault', levelId: 'severe', by: '张工' }), 'svc_not_finding');
    await expectStoreError(repos.serviceRecords.createFromFinding(answerId(inspection.id, 'nothing'), { kind: 'fault', levelId: 'severe', by: '张工' }), 'svc_not_found');
  });

  it('sets a failed 「机柜外观与固定」 to a lower level within the contract; a new save keeps it and the report prints it', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { repos } = await seeded();
    const { inspection, answer: finding } = await failedCabinet(repos);
    expect(finding.faultLevelId).toBe('severe');
    const refused = await repos.serviceRecords.setFindingLevel(finding.id, 'level-3');
    expect(refused.ok ? [] : refused.problems.map((p) => p.code)).toEqual(['level_unknown']);
    expect((await repos.serviceRecords.setFindingLevel(finding.id, 'general-error')).ok).toBe(true);

    // The screen saves the answer again (a longer note) and sends the suggested level with it.
    const f = finding;
    await repos.inspections.saveAnswer({
      inspectionId: f.inspectionId, stepKey: f.stepKey, subject: f.subject, templateId: f.templateId, itemId: f.itemId, value: f.value, outcome: f.outcome,
      note: `${f.note}；已拍照`, photoCount: f.photoCount, severity: 'major', faultLevelId: 'severe', cursor: f.stepKey,
    });
    const kept = (await repos.inspections.answers(inspection.id)).find((a) => a.id === finding.id)!;
    expect(kept).toMatchObject({ faultLevelId: 'general-error', levelConfirmed: true });

    const session = await loadSession(repos, inspection.id);
    const tr = { locale: 'zh-CN' as const, t: (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('zh-CN', key, params), l: (text: { zh: string; en: string }) => localized('zh-CN', text) };
    const signoff = { hash: 'a'.repeat(64), signedAt: '2026-11-02T06:00:00.000Z', reportNumber: 'R-1', rating: { value: 'good' as const, comment: '' }, recommendations: '', duplicate: false };
    const report = await buildReportInput(tr, { inspection: { ...session.inspection, signoff }, session, photos: [], signatures: [] }, async () => ({ mime: 'image/jpeg', dataBase64: '', width: 1, height: 1 }));
    expect(report.findings).toEqual([expect.objectContaining({ item: '机柜外观与固定', level: '系统一般错误类故障' })]);
    const row = report.sections.flatMap((s) => s.rows).find((r) => r.item === '机柜外观与固定');
    expect(row?.level).toBe('系统一般错误类故障');
  });
});

describe('schema upgrade from version 6', () => {
  it('opens a version-6 database with its inspections and answers, and takes service records', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const name = uniqueName();
    const old = databaseAt(6, name);
    const row: InspectionRow = {
      id: 'v6', hospitalId: HOSPITAL, contractId: CONTRACT, engineer: '李工', status: 'draft', createdAt: '2026-10-01T08:00:00.000Z', updatedAt: '2026-10-01T08:00:00.000Z',
      targets: [], cursor: null, totalSteps: 1, answeredCount: 0, findingCount: 0, subjects: [],
    };
    const oldAnswer: AnswerRow = {
      id: answerId('v6', 'system:s#a'), inspectionId: 'v6', stepKey: 'system:s#a', subject: 'system:s', templateId: 't', itemId: 'a',
      value: { kind: 'check', result: 'fail' }, outcome: 'fail', note: 'broken', photoCount: 0, severity: 'major', faultLevelId: 'severe', answeredAt: '2026-10-01T08:05:00.000Z', stamp: 1,
    };
    await old.table('inspections').add(row);
    await old.table('answers').add(oldAnswer);
    old.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(await db.inspections.get('v6')).toMatchObject({ engineer: '李工' });
    expect(await db.answers.get(oldAnswer.id)).toEqual(oldAnswer);
    const repos = createRepositories(db);
    await repos.reference.applyCatalog(catalog);
    const created = await repos.serviceRecords.create(input());
    expect((await repos.serviceRecords.openAll()).map((r) => r.id)).toEqual([created.id]);
    expect(await db.serviceAttachments.count()).toBe(0);
  });
});
