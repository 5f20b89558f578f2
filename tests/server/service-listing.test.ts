/**
 * Issue 11 item 8 at the office: service records listed with their SLA state at the office's now
 * (moving it makes a breach appear), filtered, scoped to the engineer's hospitals; the console's
 * list, record page, files and .xlsx export.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../src-shared/service/record';
import type { FaultPush } from '../../src-shared/sync/envelope';
import { paths } from '../../src-shared/sync/protocol';
import { FaultDetail, FaultList } from '../../src-shared/sync/service-records';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { pushBlobs, sha256 } from './helpers/report';
import { append, eventId, newRecord, stepEvent } from './helpers/service';
import { signedPdf } from './helpers/signed-pdf';

let office: TestOffice;
let yunan: TestDevice;
let wuhan: TestDevice;
let admin: ConsoleClient;
/** The office's clock, moved by the tests. Starts 2026-03-16 10:00 in China. */
let now = new Date('2026-03-16T02:00:00.000Z');

/**
 * svc-r1's fault report: signed by the yunan device and naming svc-r1 and its number, as the office
 * verifies (service-documents.test.ts). Made once the device is enrolled; the event below gets its
 * hash and size then, before r1 (which holds the event) is pushed.
 */
let pdf: Buffer;
const faultReport: Extract<ServiceEvent, { type: 'document' }> = {
  id: eventId('dev-a'),
  recordedAt: '2026-03-16T09:40:00.000+08:00',
  by: '陈杰',
  type: 'document',
  document: 'fault_report',
  number: 'FR-2026-0001',
  sha256: '0'.repeat(64),
  size: 1,
  mime: 'application/pdf',
};
/** Level 1: respond in 30 min, on site and resolved in 6 h. Responded in 10 min; a correction with its reason. */
const r1: FaultPush = append(
  newRecord('svc-r1', { levelId: 'level-1', title: 'HIS 住院收费中断', reportedAt: '2026-03-16T09:00:00.000+08:00' }),
  stepEvent('responded', '2026-03-16T09:12:00.000+08:00'),
  faultReport,
);
r1.events.push(stepEvent('responded', '2026-03-16T09:10:00.000+08:00', { corrects: r1.events[3]!.id, reason: '以电话记录为准', recordedAt: '2026-03-16T09:45:00.000+08:00' }));
r1.version = 1;
/** Level 2: respond within an hour of 09:30; nobody has. */
const r2 = newRecord('svc-r2', { levelId: 'level-2', title: 'PACS 影像调阅缓慢', reportedAt: '2026-03-16T09:30:00.000+08:00' });
const w1 = newRecord('svc-w1', { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', levelId: 'fatal', title: 'DRG 分组接口报错', reportedAt: '2026-03-10T14:00:00.000+08:00', subject: { kind: 'system', systemId: 'wh-drg' } });

const list = async (d: TestDevice, q = ''): Promise<FaultList> => {
  const res = await d.call(`GET`, `${paths.faults}${q}`);
  expect(res.status).toBe(200);
  return FaultList.parse(res.body);
};
const ids = (l: FaultList) => l.records.map((r) => r.id).sort();

beforeAll(async () => {
  office = await startTestOffice({ now: () => now });
  yunan = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
  wuhan = await enrolledDevice(office, 'wang-li', ['wuhan-central']);
  await office.addConsoleUser('admin', 'correct horse battery');
  admin = await consoleClient(office, 'admin', 'correct horse battery');
  pdf = await signedPdf(['Fault report FR-2026-0001'], yunan.keyPem, [yunan.certificatePem, yunan.caCertificatePem], { reportId: 'svc-r1', reportNumber: 'FR-2026-0001', hash: 'b'.repeat(64) });
  Object.assign(faultReport, { sha256: sha256(pdf), size: pdf.length });
  await pushBlobs(yunan, new Map([[sha256(pdf), pdf]]));
  for (const [d, r] of [[yunan, r1], [yunan, r2], [wuhan, w1]] as const) expect((await d.call('PUT', paths.fault(r.id), r)).status).toBe(201);
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('listing service records with their SLA state', () => {
  it('shows an engineer the records of their hospitals only, with each clock read at the office\'s now', async () => {
    const mine = await list(yunan);
    expect(ids(mine)).toEqual(['svc-r1', 'svc-r2']);
    expect((await list(yunan, '?hospital=wuhan-central')).total).toBe(0);
    const r2Now = mine.records.find((r) => r.id === 'svc-r2')!;
    expect(r2Now.clocks.find((c) => c.step === 'respond')).toMatchObject({ status: 'running', remainingMs: 30 * 60_000 });
    expect(r2Now.breached).toBe(false);
    const r1Now = mine.records.find((r) => r.id === 'svc-r1')!;
    // The corrected time counts: responded at 09:10, within 30 minutes.
    const respond = r1Now.clocks.find((c) => c.step === 'respond')!;
    expect(respond.status).toBe('met');
    expect(Date.parse(respond.doneAt!)).toBe(Date.parse('2026-03-16T09:10:00.000+08:00'));
    expect(ids(await list(wuhan))).toEqual(['svc-w1']);
  });

  it('lists a record as breached once the office\'s clock passes its due time', async () => {
    expect((await list(yunan, '?breached=true')).total).toBe(0);
    now = new Date('2026-03-16T03:00:00.000Z'); // 11:00 in China: R2's response was due at 10:30.
    const breached = await list(yunan, '?breached=true');
    expect(ids(breached)).toEqual(['svc-r2']);
    expect(breached.records[0]!.clocks.find((c) => c.step === 'respond')).toMatchObject({ status: 'breached', remainingMs: -30 * 60_000 });
    // An open pause stops the clock where it began: paused before the due time, not breached.
    const pause: ServiceEvent = { id: eventId('dev-a'), recordedAt: '2026-03-16T10:20:00.000+08:00', by: '陈杰', type: 'pause', at: '2026-03-16T10:20:00.000+08:00', reason: '等待医院确认停机窗口' };
    expect((await yunan.call('PUT', paths.fault('svc-r2'), append(r2, pause))).status).toBe(201);
    expect((await list(yunan, '?breached=true')).total).toBe(0);
    const resume: ServiceEvent = { id: eventId('dev-a'), recordedAt: '2026-03-16T10:50:00.000+08:00', by: '陈杰', type: 'resume', at: '2026-03-16T10:50:00.000+08:00' };
    expect((await yunan.call('PUT', paths.fault('svc-r2'), append(append(r2, pause), resume))).status).toBe(201);
  });

  it('filters by state, level, period and engineer', async () => {
    expect(ids(await list(yunan, '?level=level-1'))).toEqual(['svc-r1']);
    expect((await list(yunan, '?state=resolved')).total).toBe(0);
    const resolved = append(r1, stepEvent('arrived', '2026-03-16T10:30:00.000+08:00'), stepEvent('resolved', '2026-03-16T10:55:00.000+08:00'));
    expect((await yunan.call('PUT', paths.fault('svc-r1'), resolved)).status).toBe(201);
    expect(ids(await list(yunan, '?state=resolved'))).toEqual(['svc-r1']);
    expect(ids(await list(yunan, '?state=open'))).toEqual(['svc-r2']);
    expect(ids(await list(yunan, '?from=2026-03-16&to=2026-03-16'))).toEqual(['svc-r1', 'svc-r2']);
    expect((await list(yunan, '?to=2026-03-15')).total).toBe(0);
    expect(ids(await list(yunan, '?engineer=chen-jie'))).toEqual(['svc-r1', 'svc-r2']);
    expect((await list(yunan, '?engineer=wang-li')).total).toBe(0);
    expect((await yunan.call('GET', `${paths.faults}?state=lost`)).status).toBe(400);
  });

  it('gives one record with the history of its versions, and another hospital\'s record as if absent', async () => {
    const res = await yunan.call('GET', `${paths.faults}/svc-r1`);
    expect(res.status).toBe(200);
    const detail = FaultDetail.parse(res.body);
    expect(detail.versions.map((v) => [v.version, v.addedEvents.length])).toEqual([
      [1, 6],
      [2, 2],
    ]);
    expect(detail.summary).toMatchObject({ status: 'resolved', levelId: 'level-1' });
    const hidden = await yunan.call('GET', `${paths.faults}/svc-w1`);
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain('wuhan');
    expect((await yunan.call('GET', `${paths.faults}/svc-nothing`)).status).toBe(404);
  });
});

describe('the console', () => {
  it('lists open and breached work across engineers with time left or overdue', async () => {
    now = new Date('2026-03-16T04:00:00.000Z'); // 12:00: R2 (paused 30 min) was due 11:00.
    const page = await admin.get('/console/service-records?state=open&breached=1');
    expect(page.status).toBe(200);
    expect(page.body).toContain('PACS 影像调阅缓慢');
    expect(page.body).not.toContain('HIS 住院收费中断');
    // However the clock counts the pause, the page says what the office's reading says.
    const overdue = -(await list(yunan, '?state=open')).records.find((r) => r.id === 'svc-r2')!.clocks.find((c) => c.step === 'respond')!.remainingMs;
    expect(overdue).toBeGreaterThan(0);
    const minutes = Math.round(overdue / 60_000);
    expect(page.body).toContain(`data-status="breached">响应 · 已超时 ${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分`);
    const all = await admin.get('/console/service-records');
    for (const title of ['PACS 影像调阅缓慢', 'HIS 住院收费中断', 'DRG 分组接口报错']) expect(all.body).toContain(title);
    const wang = await admin.get('/console/service-records?engineer=wang-li');
    expect(wang.body).toContain('DRG 分组接口报错');
    expect(wang.body).not.toContain('PACS');
    expect((await http(`${office.url}/console/service-records`)).status).toBe(303);
  });

  it('shows a record\'s timeline with the correction and its reason, its versions and its document', async () => {
    const page = await admin.get('/console/service-records/svc-r1');
    expect(page.status).toBe(200);
    expect(page.body).toContain('以电话记录为准');
    expect(page.body).toContain('2026-03-16 09:12');
    expect(page.body).toContain('书面故障说明报告 FR-2026-0001');
    const link = new RegExp(`href="(/console/service-records/svc-r1/files/${sha256(pdf)})"`).exec(page.body);
    expect(link).not.toBeNull();
    const file = await admin.get(link![1]!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.body.startsWith('%PDF-')).toBe(true);
    expect(file.body).toContain('/SubFilter /ETSI.CAdES.detached');
    expect(page.body).toContain('签名有效');
    expect((await admin.get(`/console/service-records/svc-r2/files/${sha256(pdf)}`)).status).toBe(404);
    expect((await admin.get('/console/service-records/svc-none')).status).toBe(404);
  });

  it('exports the filtered list as .xlsx: Chinese headers, one row per record, clocks and outcomes, China-time dates, the events', async () => {
    const res = await fetch(`${office.url}/console/service-records.xlsx?hospital=yunan-peoples&from=2026-03-01&to=2026-03-31`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('service-records_yunan-peoples_2026-03-01_2026-03-31.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('维护记录')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    for (const h of ['编号', '医院', '合同', '系统/设备', '类别', '级别', '报修人', '报修方式', '报修时间', '响应时间', '出发时间', '到场/远程时间', '解决/方案时间', '关闭时间', '响应承诺时限', '响应到期时间', '响应实际', '响应结果', '暂停时长', '回访评价', '描述', '原因', '处理结果']) {
      expect(headers).toContain(h);
    }
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.rowCount).toBe(3);
    const col = (h: string) => headers.indexOf(h) + 1;
    const rowOf = (id: string) => [2, 3].map((n) => sheet.getRow(n)).find((r) => r.getCell(1).value === id)!;
    const r1Row = rowOf('svc-r1');
    const r2Row = rowOf('svc-r2');
    expect(r1Row.getCell(col('医院')).value).toBe('郁南县人民医院');
    expect(r1Row.getCell(col('级别')).value).toBe('一级故障');
    // A real date showing 09:10 in China: the corrected response.
    const responded = r1Row.getCell(col('响应时间')).value as Date;
    expect(responded).toBeInstanceOf(Date);
    expect(responded.toISOString()).toBe('2026-03-16T09:10:00.000Z');
    expect(r1Row.getCell(col('响应时间')).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(r1Row.getCell(col('响应承诺时限')).value).toBe('30 分钟');
    expect(r1Row.getCell(col('响应结果')).value).toBe('按时');
    expect(r1Row.getCell(col('解决结果')).value).toBe('按时');
    const overdue = -(await list(yunan, '?state=open')).records.find((r) => r.id === 'svc-r2')!.clocks.find((c) => c.step === 'respond')!.remainingMs;
    expect(r2Row.getCell(col('响应结果')).value).toBe(`未完成（已超时 ${String(Math.round(overdue / 360_000) / 10)} 小时）`);
    expect(r2Row.getCell(col('暂停时长')).value).toBe('0.5 小时');
    const events = book.getWorksheet('事件记录')!;
    const reasons = events.getColumn(8).values.filter((v): v is string => typeof v === 'string');
    expect(reasons).toContain('以电话记录为准');
    expect(events.rowCount).toBe(1 + 8 + 5);
  });
});
