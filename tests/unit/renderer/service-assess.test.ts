/**
 * The record repository's 附件1 writes (issue 12): a spot check is refused while the record is open
 * and stored once it is resolved, an assessment keeps its trimmed reason, a note over its limit is
 * refused whole, and every stored event queues the record for the office.
 */
import { describe, expect, it } from 'vitest';
import { foldRecord } from '../../../src-shared/service/fold';
import { SERVICE_LIMITS } from '../../../src-shared/service/record';
import { CONTRACT, HOSPITAL, clockAt, expectStoreError, seeded } from './store-fixtures';

describe('spot checks and assessments through the record repository', () => {
  it('refuses a spot check on an open record, stores it once resolved, and keeps the assessment', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { db, repos } = await seeded();
    const svc = repos.serviceRecords;
    const row = await svc.create({
      hospitalId: HOSPITAL,
      contractId: CONTRACT,
      subject: { kind: 'contract' },
      channel: 'phone',
      reporter: { name: '王护士' },
      kind: 'fault',
      levelId: 'severe',
      reportedAt: '2026-11-02T01:30:00.000Z',
      title: '叫号屏不显示',
      description: '',
      by: '张工',
    });
    const early = await svc.spotCheck(row.id, { evaluator: 'department', result: 'pass', note: '' }, '张工');
    expect(early.ok ? [] : early.problems.map((p) => p.code)).toEqual(['spot_check_before_resolution']);
    expect(foldRecord((await svc.get(row.id))!.record).spotChecks).toEqual({});

    expect((await svc.stepNow(row.id, 'resolved', '张工')).ok).toBe(true);
    await db.outbox.clear();
    const checked = await svc.spotCheck(row.id, { evaluator: 'it_office', result: 'fail', note: '未提前通知' }, '张工');
    expect(checked.ok).toBe(true);
    const assessed = await svc.assess(row.id, { adverseEvent: false, noticeFailure: true, reason: '  升级前未通知信息科  ' }, '张工');
    expect(assessed.ok).toBe(true);
    const state = foldRecord((await svc.get(row.id))!.record);
    expect(state.spotChecks.it_office).toMatchObject({ result: 'fail', note: '未提前通知', by: '张工' });
    expect(state.assessment).toMatchObject({ adverseEvent: false, noticeFailure: true, reason: '升级前未通知信息科' });
    expect(await db.outbox.get(`service:${row.id}`)).toMatchObject({ kind: 'service', state: 'pending' });

    await expectStoreError(svc.spotCheck(row.id, { evaluator: 'department', result: 'pass', note: 'x'.repeat(SERVICE_LIMITS.reason + 1) }, '张工'), 'too_long');
    await expectStoreError(svc.assess(row.id, { adverseEvent: true, noticeFailure: false, reason: '   ' }, '张工'), 'svc_invalid');
    expect(foldRecord((await svc.get(row.id))!.record).assessment?.adverseEvent).toBe(false);
  });
});
