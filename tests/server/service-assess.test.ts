/**
 * Issue 12 at the office: a 004 service record carrying 附件1 events — spot checks by the user
 * department and the IT centre, an adverse-event / notice-failure assessment with its reason — is
 * accepted over HTTP, read back whole, and shown on the console's record page; a spot check on an
 * open record and an assessment without a reason are refused with their codes, nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../src-shared/service/record';
import type { FaultPush } from '../../src-shared/sync/envelope';
import { paths } from '../../src-shared/sync/protocol';
import { FaultDetail } from '../../src-shared/sync/service-records';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { append, eventId, newRecord, stepEvent } from './helpers/service';

let office: TestOffice;
let deviceA: TestDevice;
let deviceB: TestDevice;
let admin: ConsoleClient;
/** The office's clock: 2026-04-10 12:00 in China. */
const NOW = new Date('2026-04-10T04:00:00.000Z');

type ErrorBody = { error?: { code: string; problems?: { code: string; eventId: string }[] } };
const put = (d: TestDevice, body: FaultPush | Record<string, unknown>) => d.call<ErrorBody>('PUT', paths.fault(String(body.id)), body);

const wuhan = (id: string): FaultPush =>
  newRecord(id, { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', levelId: 'fatal', title: 'DRG 分组服务停止', reportedAt: '2026-04-08T09:00:00.000+08:00', subject: { kind: 'system', systemId: 'wh-drg' } });
const at = (time: string) => ({ recordedAt: `2026-04-08T${time}:00.000+08:00`, by: '王丽' });
const spot = (prefix: string, time: string, evaluator: 'department' | 'it_office', result: 'pass' | 'fail', note = ''): ServiceEvent => ({ id: eventId(prefix), ...at(time), type: 'spot_check', evaluator, result, note });
const assess = (prefix: string, time: string, reason: string): ServiceEvent => ({ id: eventId(prefix), ...at(time), type: 'assess', adverseEvent: true, noticeFailure: true, reason });

/** Handled: the written report at 09:05, answered 09:20, resolved 10:30. */
function handled(id: string): FaultPush {
  return append(
    wuhan(id),
    stepEvent('written_report', '2026-04-08T09:05:00.000+08:00'),
    stepEvent('responded', '2026-04-08T09:20:00.000+08:00'),
    stepEvent('resolved', '2026-04-08T10:30:00.000+08:00'),
  );
}

beforeAll(async () => {
  office = await startTestOffice({ now: () => NOW });
  deviceA = await enrolledDevice(office, 'wang-li', ['wuhan-central']);
  deviceB = await enrolledDevice(office, 'wang-li', ['wuhan-central']);
  await office.addConsoleUser('admin', 'correct horse battery');
  admin = await consoleClient(office, 'admin', 'correct horse battery');
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('附件1 events on a pushed service record', () => {
  it('accepts spot checks and an assessment, reads them back whole, and a second device appends another', async () => {
    const first = { ...handled('svc-a1'), version: 1 };
    first.events.push(spot('dev-a', '11:00', 'department', 'pass', '科室确认恢复正常'), assess('dev-a', '11:05', '分组服务停止导致结算延误，科室认定为恶性事件'));
    expect((await put(deviceA, first)).status).toBe(201);

    const second = append(first, spot('dev-b', '15:00', 'it_office', 'fail', '未按约定提前通知升级'));
    expect((await put(deviceB, second)).status).toBe(201);

    const res = await deviceA.call('GET', `${paths.faults}/svc-a1`);
    expect(res.status).toBe(200);
    const detail = FaultDetail.parse(res.body);
    const kept = detail.record.events.filter((e) => e.type === 'spot_check' || e.type === 'assess');
    expect(kept.map((e) => (e.type === 'spot_check' ? `${e.evaluator}:${e.result}:${e.note}` : `assess:${e.adverseEvent}:${e.noticeFailure}:${e.reason}`))).toEqual([
      'department:pass:科室确认恢复正常',
      'assess:true:true:分组服务停止导致结算延误，科室认定为恶性事件',
      'it_office:fail:未按约定提前通知升级',
    ]);
    expect(detail.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('shows both evaluators’ latest spot checks and the assessment with its reason on the console’s record page', async () => {
    const page = await admin.get('/console/service-records/svc-a1');
    expect(page.status).toBe(200);
    expect(page.body).toContain('附件1 服务评价');
    expect(page.body).toMatch(/data-spot-check="department">使用科室：<strong data-result="pass">合格<\/strong>/);
    expect(page.body).toMatch(/data-spot-check="it_office">信息中心：<strong data-result="fail">不合格<\/strong>/);
    expect(page.body).toMatch(/data-assessment data-adverse="true" data-notice="true"/);
    expect(page.body).toContain('原因：分组服务停止导致结算延误，科室认定为恶性事件');
    // The timeline lists each event in words.
    expect(page.body).toContain('服务效果抽查（信息中心）：不合格');
    expect(page.body).toContain('附件1 评定：有恶性事件；未提前通知导致故障');
  });

  it('refuses a spot check on a record not yet resolved with 422 spot_check_before_resolution, naming the event', async () => {
    const open = append(wuhan('svc-open'), stepEvent('written_report', '2026-04-08T09:05:00.000+08:00'));
    const check = spot('dev-a', '09:30', 'department', 'pass');
    const res = await put(deviceA, { ...open, version: 1, events: [...open.events, check] });
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 422, code: 'spot_check_before_resolution' });
    expect(res.body.error?.problems).toEqual([expect.objectContaining({ code: 'spot_check_before_resolution', eventId: check.id })]);
    expect(await office.ctx.store.getServiceRecord('svc-open')).toBeUndefined();
  });

  it('refuses an assessment without a reason as a malformed record, and stores nothing', async () => {
    const record = { ...handled('svc-noreason'), version: 1 };
    const blank = { id: eventId('dev-a'), ...at('11:00'), type: 'assess', adverseEvent: false, noticeFailure: true, reason: '  ' };
    const res = await put(deviceA, { ...record, events: [...record.events, blank] });
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'invalid_request' });
    expect(await office.ctx.store.getServiceRecord('svc-noreason')).toBeUndefined();
  });
});
