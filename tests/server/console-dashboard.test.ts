/**
 * Issue 12 point 5 at the office: the console's dashboard across hospitals and engineers, over real
 * HTTP. Reports and service records go in through the devices' push endpoints; the dashboard then
 * shows each contract's window with done vs due, late inspections, findings by system, faults by
 * level, SLA compliance, follow-ups, deliverables missing and seed 004's 附件1 grade so far this
 * quarter; the filters narrow it; the export opens in exceljs; a contract without a cadence and a
 * period that has ended are said in words; nobody without a session sees it.
 */
import type { SignOffVerdictValue } from '../../src-shared/period/types';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contract } from '../../src-shared/catalog/reference';
import type { ServiceEvent } from '../../src-shared/service/record';
import type { FaultPush } from '../../src-shared/sync/envelope';
import { paths } from '../../src-shared/sync/protocol';
import { fillPeriodFacts } from '../../src-server/dashboard/facts';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport, type ReportOptions } from './helpers/report';
import { append, eventId, newRecord, stepEvent } from './helpers/service';

let office: TestOffice;
let admin: ConsoleClient;
let yunan: TestDevice;
let wuhan: TestDevice;
let zhanjiang: TestDevice;
/** 2026-04-10 10:00 in China: yunan's Q2 (from 04-01), wuhan's first half-year and first 附件1 quarter (03-01…05-31), zhanjiang's April. */
const APRIL = new Date('2026-04-10T02:00:00.000Z');
/** The office's clock: one test moves it to December and back. */
let now = APRIL;

async function push(device: TestDevice, options: ReportOptions): Promise<void> {
  const report = await makeReport(device, { photos: 0, ...options });
  await pushBlobs(device, report.blobs);
  const res = await pushReport(device, report.envelope);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function pushRecord(device: TestDevice, record: FaultPush): Promise<void> {
  const res = await device.call('PUT', paths.fault(record.id), record);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** A record made on the device with these events before its first push: still version 1. */
const first = (record: FaultPush): FaultPush => ({ ...record, version: 1 });

const event = (fields: Record<string, unknown>, by = '陈杰'): ServiceEvent => ({ id: eventId(), recordedAt: String(fields.at ?? fields.recordedAt), by, ...fields }) as ServiceEvent;

/** The page's table with this data-table name, as rows of cell texts. */
function table(page: string, name: string): string[][] {
  const match = new RegExp(`<table data-table="${name}"[^>]*>([\\s\\S]*?)</table>`).exec(page);
  if (!match) return [];
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(match[1]!)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()));
}

/** The 附件1 blocks in page order: the quarter, whether it is the chosen day's, its label and its grade line. */
function gradeBlocks(page: string): { start: string; current: boolean; scope: string; grade: string }[] {
  return [...page.matchAll(/<div class="grade[^"]*" data-grade-window="([^"]+)"( data-current)?>([\s\S]*?)<table/g)].map((m) => ({
    start: m[1]!,
    current: Boolean(m[2]),
    scope: /data-grade-scope>([^<]*)</.exec(m[3]!)?.[1] ?? '',
    grade: /data-figure="grade">([^<]*)</.exec(m[3]!)?.[1] ?? '',
  }));
}

/** The contracts table's grade column says the grade word, or — where the quarter cannot be graded. */
const gradeWord = (line: string): string => (line.startsWith('评价：') ? line.slice('评价：'.length) : '—');

const summaryRow = (page: string, contractId: string): string[] | undefined => {
  const m = new RegExp(`<tr data-contract="${contractId}">([\\s\\S]*?)</tr>`).exec(page.slice(page.indexOf('data-table="summary"')));
  return m ? [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()) : undefined;
};

beforeAll(async () => {
  office = await startTestOffice({ now: () => now });
  await office.addEngineer('chen-jie', ['yunan-peoples'], '陈杰');
  await office.addEngineer('wang-li', ['wuhan-central'], '王丽');
  await office.addEngineer('li-na', ['zhanjiang-central'], '李娜');
  yunan = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
  wuhan = await enrolledDevice(office, 'wang-li', ['wuhan-central']);
  zhanjiang = await enrolledDevice(office, 'li-na', ['zhanjiang-central']);
  await office.addConsoleUser('admin', 'correct horse battery');
  admin = await consoleClient(office, 'admin', 'correct horse battery');

  // Yunan (quarterly, 19 systems): two systems in Q1, one in Q2 (with a finding on LIS).
  await push(yunan, { completedAt: '2026-03-14T10:30:00+08:00', failed: true });
  await push(yunan, { completedAt: '2026-03-15T10:30:00+08:00', system: { id: 'yn-pacs', templateId: 'pacs', templateVersion: 1 } });
  await push(yunan, { completedAt: '2026-04-08T15:00:00+08:00', failed: true, system: { id: 'yn-lis', templateId: 'lis', templateVersion: 1 } });
  // Level 1 (respond 30 min, on site and resolved 6 h): all met. Level 2 (respond 1 h): never answered.
  await pushRecord(
    yunan,
    first(append(
      newRecord('dash-y1', { levelId: 'level-1', reportedAt: '2026-04-02T09:00:00.000+08:00', title: 'HIS 住院收费中断' }),
      stepEvent('responded', '2026-04-02T09:10:00.000+08:00'),
      stepEvent('arrived', '2026-04-02T10:00:00.000+08:00'),
      stepEvent('resolved', '2026-04-02T11:00:00.000+08:00'),
    )),
  );
  await pushRecord(yunan, newRecord('dash-y2', { levelId: 'level-2', reportedAt: '2026-04-03T09:30:00.000+08:00', title: 'PACS 影像调阅缓慢' }));
  // Zhanjiang (monthly, follow-up calls after every repair): one repair, called back, 优.
  await pushRecord(
    zhanjiang,
    first(append(
      newRecord('dash-z1', { hospitalId: 'zhanjiang-central', contractId: 'zjcph-5g-emergency-2026', levelId: 'general', reportedAt: '2026-04-06T10:00:00.000+08:00', by: '李娜', subject: { kind: 'system', systemId: 'zj-5g-emergency' }, title: '急救平台定位不刷新' }),
      event({ type: 'step', step: 'responded', at: '2026-04-06T10:20:00.000+08:00' }, '李娜'),
      event({ type: 'step', step: 'resolved', at: '2026-04-06T15:00:00.000+08:00' }, '李娜'),
      event({ type: 'follow_up', at: '2026-04-07T09:00:00.000+08:00', recordedAt: '2026-04-07T09:05:00.000+08:00', contact: '张科长', rating: 'excellent', comment: '' }, '李娜'),
    )),
  );
  // Seed 003's demo contract as an office might hold it: no cadence.
  const queue = (await office.ctx.store.getReference('contract', 'queue-demo-2026'))!;
  const inspection = { ...(queue.data as Contract).inspection };
  delete inspection.cadence;
  await office.ctx.store.upsertReference([{ ...queue, data: { ...(queue.data as Contract), inspection }, hash: 'f'.repeat(64) }], { actor: 'test', action: 'reference.import', outcome: 'ok', target: 'queue-demo-2026', details: {} });
}, 120_000);
afterAll(() => office.close(), 60_000);

describe('the office dashboard', () => {
  it('refuses a visitor without a session, page and export alike', async () => {
    for (const path of ['/console/dashboard', '/console/dashboard.xlsx']) {
      const res = await http(`${office.url}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/console/login');
    }
  });

  it('shows each contract\'s current window across hospitals, with charts as inline SVG the CSP allows', async () => {
    const page = await admin.get('/console/dashboard');
    expect(page.status).toBe(200);
    const body = page.body;
    expect(body).toContain('截至 2026-04-10 10:00');
    // Yunan Q2: one of 19 systems done, 18 still due, none late yet (17 from Q1 so far); the LIS finding; two faults.
    expect(summaryRow(body, 'yunan-maint-2026')).toEqual(['郁南县人民医院', '郁南县人民医院信息化系统售后维护服务项目', '2026-04-01 至 2026-06-30', '1', '19', '0', '17', '1', '2', '60%', '0/0/0', '0', '0', '—']);
    // Zhanjiang April: its platform and ambulance kits due, the repair called back 优.
    const zj = summaryRow(body, 'zjcph-5g-emergency-2026')!;
    expect(zj.slice(2, 6)).toEqual(['2026-04-01 至 2026-04-30', '0', '2', '0']);
    expect(zj[10]).toBe('1/0/0');
    // Guangdong's contract ended in 2025: said in words, no number.
    expect(body).toContain('医疗电子票据管理系统运维项目：2026-04-10 不在合同服务期（2024-07-01 至 2025-06-30）内');
    expect(summaryRow(body, 'gdph-einvoice-2024')!.slice(2)).toEqual(Array(12).fill('—'));
    // The demo contract without a cadence: its services are counted, its plan is not.
    expect(body).toContain('排队叫号售后服务项目（演示）：合同未规定巡检周期');
    expect(summaryRow(body, 'queue-demo-2026')!.slice(3, 6)).toEqual(['—', '—', '—']);

    expect(table(body, 'findings')).toEqual([['郁南县人民医院', 'LIS系统', '1']]);
    expect(table(body, 'faults')).toEqual([['郁南县人民医院', '一级故障', '1'], ['郁南县人民医院', '二级故障', '1'], ['湛江中心人民医院', '一般性故障', '1']]);
    // Deliverables whose window has begun and nothing was handed in: 004's six for its first quarter, 002's month, quarter and year.
    const missing = table(body, 'deliverables');
    expect(missing.filter((r) => r[0] === '武汉市中心医院').map((r) => r[2])).toEqual(['巡检报告', '系统应用效果评价报告（附件1）', '需求沟通会议纪要', '需求变更改造清单', '用户培训记录', '系统调优记录']);
    expect(missing.filter((r) => r[0] === '湛江中心人民医院').map((r) => r.slice(1))).toEqual([
      ['2026-04-01 至 2026-04-30', '月巡检报告'],
      ['2026-04-01 至 2026-06-30', '季度回访记录（信息科签字）'],
      ['2026-01-01 至 2026-12-31', '用户满意度反馈表'],
      ['2026-01-01 至 2026-12-31', '年度运维总结报告'],
    ]);
    expect(summaryRow(body, 'whch-drg-2026')!.slice(2, 13)).toEqual(['2026-03-01 至 2026-08-31', '0', '1', '0', '0', '0', '0', '—', '0/0/0', '6', '6']);
    expect(table(body, 'follow-ups')).toEqual([['优', '1'], ['良', '0'], ['差', '0'], ['应回访未回访', '0']]);
    expect(table(body, 'engineers')).toEqual([
      ['陈杰', '1', '1', '2', '2', '3', '2'],
      ['李娜', '0', '0', '1', '1', '2', '0'],
    ]);
    // Charts: inline SVG with no style attribute or block (the CSP forbids inline style), labelled.
    const svgs = body.match(/<svg [\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(5);
    for (const svg of svgs) {
      expect(svg).toMatch(/^<svg role="img" aria-label="[^"]+"/);
      expect(svg).not.toMatch(/ style="|<style/);
    }
    expect(page.headers.get('content-security-policy')).toContain("style-src 'self'");

    const english = (await admin.get('/console/dashboard?lang=en')).body;
    expect(english).toContain('<h1>Service dashboard</h1>');
    expect(english).toContain('Findings by system');
    expect(english).toContain('is outside the contract period (2024-07-01 to 2025-06-30)');
  });

  it('says plainly when 附件1 cannot be graded for want of spot checks, then grades the quarter so far', async () => {
    const before = (await admin.get('/console/dashboard?hospital=wuhan-central')).body;
    expect(before).toContain('2026年信息化项目售后维保（DRG智能化综合管理系统）：2026-03-01 至 2026-05-31，截至 2026-04-10 10:00');
    expect(before).toContain('无法评定（记录不全，见下）');
    expect(before).toContain('使用科室在本窗口没有抽查记录：合格率无法计算。');
    expect(table(before, 'grade')).toEqual([
      ['使用科室', '0', '0', '—', '—', '优秀'],
      ['信息中心', '0', '0', '—', '—', '优秀'],
    ]);

    // Both evaluators pass the sheet they sign: 100 % each, 优秀.
    const verdicts: SignOffVerdictValue[] = [
      { role: 'department', scale: 'pass_fail', value: 'pass' },
      { role: 'it_office', scale: 'pass_fail', value: 'pass' },
    ];
    await push(wuhan, { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', completedAt: '2026-04-01T16:00:00+08:00', system: { id: 'wh-drg', templateId: 'drg', templateVersion: 1 }, evaluation: { verdicts } });
    const graded = (await admin.get('/console/dashboard?hospital=wuhan-central')).body;
    expect(graded).toContain('评价：优秀');
    expect(table(graded, 'grade')).toEqual([
      ['使用科室', '1', '1', '100%', '优秀', '优秀'],
      ['信息中心', '1', '1', '100%', '优秀', '优秀'],
    ]);
    expect(summaryRow(graded, 'whch-drg-2026')![13]).toBe('优秀');

    // An adverse event caused by the service: the quarter is 不合格 even at 100 %.
    const w1 = first(append(
      newRecord('dash-w1', { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', levelId: 'fatal', reportedAt: '2026-04-05T10:00:00.000+08:00', by: '王丽', subject: { kind: 'system', systemId: 'wh-drg' }, title: 'DRG 分组结果错误' }),
      event({ type: 'step', step: 'written_report', at: '2026-04-05T10:30:00.000+08:00' }, '王丽'),
      event({ type: 'step', step: 'responded', at: '2026-04-05T10:40:00.000+08:00' }, '王丽'),
      event({ type: 'step', step: 'resolved', at: '2026-04-05T11:20:00.000+08:00' }, '王丽'),
    ));
    await pushRecord(wuhan, w1);
    await pushRecord(wuhan, append(w1, event({ type: 'assess', recordedAt: '2026-04-06T09:00:00.000+08:00', adverseEvent: true, noticeFailure: false, reason: '分组错误导致病案首页上报失败' }, '王丽')));
    const failed = (await admin.get('/console/dashboard?hospital=wuhan-central')).body;
    expect(failed).toContain('评价：不合格');
    expect(failed).toContain('因服务导致的恶性事件：1 起。');
    expect(table(failed, 'grade').map((r) => r[5])).toEqual(['不合格', '不合格']);
  });

  it('filters by engineer: their records only, while due and late stay the contract\'s', async () => {
    const page = (await admin.get(`/console/dashboard?engineer=${encodeURIComponent('陈杰')}`)).body;
    expect(page).toContain('按工程师筛选时，只统计该工程师名下的记录');
    expect(table(page, 'findings')).toEqual([['郁南县人民医院', 'LIS系统', '1']]);
    expect(page).toContain('窗口内没有回访记录，也没有应回访的记录。');
    expect(table(page, 'faults').map((r) => r[1]).sort()).toEqual(['一级故障', '二级故障']);
    const zj = summaryRow(page, 'zjcph-5g-emergency-2026')!;
    // Due is the contract's; the follow-up belongs to 李娜 and is not counted for 陈杰.
    expect(zj.slice(3, 5)).toEqual(['0', '2']);
    expect(zj[10]).toBe('0/0/0');
  });

  it('shows an earlier window of one contract with what was done and what became late', async () => {
    const page = (await admin.get('/console/dashboard?contract=yunan-maint-2026&window=2026-01-01')).body;
    expect(page).toMatch(/<option value="2026-01-01" selected>季度 1：2026-01-01 至 2026-03-31<\/option>/);
    expect(page).toContain('<option value="2026-04-01">季度 2：2026-04-01 至 2026-06-30（本期）</option>');
    // Q1: HIS and PACS inspected, the 17 other systems late (all that is late so far); the HIS backup finding.
    expect(summaryRow(page, 'yunan-maint-2026')!.slice(2, 8)).toEqual(['2026-01-01 至 2026-03-31', '2', '19', '17', '17', '1']);
    const late = table(page, 'late');
    expect(late).toHaveLength(17);
    expect(late.map((r) => r[2])).not.toContain('HIS系统');
    expect(table(page, 'findings')).toEqual([['郁南县人民医院', '医院信息系统（HIS）', '1']]);
    // Only the chosen contract.
    expect(summaryRow(page, 'whch-drg-2026')).toBeUndefined();
    // A day outside the contract's period: said, not counted.
    const outside = (await admin.get('/console/dashboard?contract=yunan-maint-2026&window=2027-02-01')).body;
    expect(outside).toContain('2027-02-01 不在合同服务期（2026-01-01 至 2026-12-31）内');
    expect(summaryRow(outside, 'yunan-maint-2026')!.slice(3)).toEqual(Array(11).fill('—'));
  });

  it('exports the same tables to an .xlsx file that opens', async () => {
    const res = await fetch(`${office.url}/console/dashboard.xlsx?contract=yunan-maint-2026&window=2026-01-01`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="dashboard_yunan-maint-2026_2026-01-01.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['概览', '逾期巡检', '发现问题', '故障', 'SLA', '回访', '缺交交付物', '附件1', '工程师']);
    const summary = book.getWorksheet('概览')!;
    expect(summary.getRow(2).values).toEqual([undefined, '郁南县人民医院', '郁南县人民医院信息化系统售后维护服务项目', '2026-01-01 至 2026-03-31', 2, 19, 17, 17, 0, 1, 0, '', 0, 0, 0, 0, 0, '', '2026-01-01 至 2026-04-10']);
    expect(book.getWorksheet('逾期巡检')!.rowCount).toBe(18);
    const audit = await office.ctx.store.listAudit({ limit: 5, action: 'dashboard.export' });
    expect(audit[0]).toMatchObject({ actor: 'admin:admin', outcome: 'ok' });
  });
});

describe('what each count covers', () => {
  it('puts each contract\'s late inspections and missing deliverables for the window beside the contract\'s so far, and says which is which', async () => {
    const page = (await admin.get('/console/dashboard')).body;
    expect(page).toContain('<th>逾期（本时段）</th><th>逾期（合同期至今）</th>');
    expect(page).toContain('<th>缺交（本时段）</th><th>缺交（合同期至今）</th>');
    // Yunan: nothing late in Q2 yet, but the 17 systems not inspected in Q1 are late: what the device counts.
    expect(summaryRow(page, 'yunan-maint-2026')!.slice(2, 7)).toEqual(['2026-04-01 至 2026-06-30', '1', '19', '0', '17']);
    expect(page).toContain('本时段没有逾期的巡检。');
    expect(page).toContain('郁南县人民医院：本时段（2026-04-01 至 2026-06-30）逾期 0 项；合同期至今（2026-01-01 至 2026-04-10）逾期 17 项。');
    // Zhanjiang: April's, Q2's and the year's four missing now; January to March's months and Q1 besides.
    const zj = summaryRow(page, 'zjcph-5g-emergency-2026')!;
    expect(zj.slice(11, 13)).toEqual(['4', '8']);
    expect(page).toContain('湛江中心人民医院：本时段（2026-04-01 至 2026-04-30）缺交 4 项；合同期至今（2026-01-01 至 2026-04-10）缺交 8 项。');
    // The export carries both, beside each other.
    const res = await fetch(`${office.url}/console/dashboard.xlsx?contract=yunan-maint-2026`, { headers: { cookie: admin.cookie } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('概览')!;
    expect((sheet.getRow(1).values as unknown[]).slice(6, 8)).toEqual(['逾期（本时段）', '逾期（合同期至今）']);
    expect((sheet.getRow(2).values as unknown[]).slice(6, 8)).toEqual([0, 17]);
    expect(sheet.getRow(2).values).toContain('2026-01-01 至 2026-04-10');
  });

  it('grades the quarter holding the chosen day first, the same in the contracts table, the 附件1 section and the export', async () => {
    // 2026-12-02 in China: wuhan's second half-year (09-01…02-28); its third 附件1 quarter (09-01…11-30) ended with no spot check,
    // the fourth (12-01…) has an adverse event.
    now = new Date('2026-12-02T02:00:00.000Z');
    try {
      const verdicts: SignOffVerdictValue[] = [
        { role: 'department', scale: 'pass_fail', value: 'pass' },
        { role: 'it_office', scale: 'pass_fail', value: 'pass' },
      ];
      await push(wuhan, { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', completedAt: '2026-12-01T16:00:00+08:00', system: { id: 'wh-drg', templateId: 'drg', templateVersion: 1 }, evaluation: { verdicts } });
      const w2 = first(append(
        newRecord('dash-w2', { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', levelId: 'fatal', reportedAt: '2026-12-01T10:00:00.000+08:00', by: '王丽', subject: { kind: 'system', systemId: 'wh-drg' }, title: 'DRG 分组服务中断' }),
        event({ type: 'step', step: 'written_report', at: '2026-12-01T10:10:00.000+08:00' }, '王丽'),
        event({ type: 'assess', recordedAt: '2026-12-01T18:00:00.000+08:00', adverseEvent: true, noticeFailure: false, reason: '升级未通知导致结算中断' }, '王丽'),
      ));
      await pushRecord(wuhan, w2);
      // The April session has expired by December: sign in again.
      const december = await consoleClient(office, 'admin', 'correct horse battery');

      const page = (await december.get('/console/dashboard?hospital=wuhan-central')).body;
      const blocks = gradeBlocks(page);
      expect(blocks.map((b) => [b.start, b.current, b.scope, b.grade])).toEqual([
        ['2026-12-01', true, '所选日期（2026-12-02）所在季度：即概览表中的评价', '评价：不合格'],
        ['2026-09-01', false, '本时段内的另一季度（已结束）', '无法评定（记录不全，见下）'],
      ]);
      expect(page).toContain('2026-12-01 至 2027-02-28，截至 2026-12-02 10:00');
      expect(page).toContain('2026-09-01 至 2026-11-30，截至 2026-11-30');
      // The table and the section agree.
      const row = summaryRow(page, 'whch-drg-2026')!;
      expect(row[2]).toBe('2026-09-01 至 2027-02-28');
      expect(row.at(-1)).toBe(gradeWord(blocks.find((b) => b.current)!.grade));
      expect(row.at(-1)).toBe('不合格');

      // The export: the same grade in the summary, the current quarter first in 附件1 and named so.
      const res = await fetch(`${office.url}/console/dashboard.xlsx?hospital=wuhan-central`, { headers: { cookie: december.cookie } });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await res.arrayBuffer());
      const summary = book.getWorksheet('概览')!;
      const gradeColumn = (summary.getRow(1).values as unknown[]).indexOf('附件1 评价');
      expect(summary.getRow(2).getCell(gradeColumn).value).toBe('不合格');
      const annex = book.getWorksheet('附件1')!;
      expect((annex.getRow(2).values as unknown[]).slice(3, 6)).toEqual(['2026-12-01 至 2027-02-28', '所选日期（2026-12-02）所在季度：即概览表中的评价', '不合格']);
      expect((annex.getRow(4).values as unknown[]).slice(3, 6)).toEqual(['2026-09-01 至 2026-11-30', '本时段内的另一季度（已结束）', '']);

      // A day in the ended quarter: that quarter is the one graded, in the table too (not the later one's 不合格).
      const october = (await december.get('/console/dashboard?contract=whch-drg-2026&window=2026-10-15')).body;
      const octBlocks = gradeBlocks(october);
      expect(octBlocks.map((b) => [b.start, b.current])).toEqual([['2026-09-01', true], ['2026-12-01', false]]);
      expect(octBlocks[1]!.scope).toBe('本时段内的另一季度（进行中）');
      expect(summaryRow(october, 'whch-drg-2026')!.at(-1)).toBe(gradeWord(octBlocks[0]!.grade));
      expect(summaryRow(october, 'whch-drg-2026')!.at(-1)).toBe('—');
    } finally {
      now = APRIL;
    }
  });
});

/**
 * The office's data as it was before the dashboard: no dashboard rows. A SQLite office is put back
 * to schema 5 (without what schemas 7 to 9 added too), so its migrations run again; PostgreSQL
 * starts at the current schema, so only its dashboard rows go.
 */
async function forgetDashboardRows(office: TestOffice): Promise<void> {
  if (office.database) {
    const client = new pg.Client({ connectionString: office.database });
    await client.connect();
    try {
      await client.query('DELETE FROM period_inspections; DELETE FROM period_services;');
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(path.join(office.dataDir, 'office.sqlite'));
  db.exec('DROP TABLE period_inspections; DROP TABLE period_services;');
  db.exec(`ALTER TABLE engineers DROP COLUMN deactivated_at; ALTER TABLE engineers DROP COLUMN version;
    ALTER TABLE admins DROP COLUMN role; ALTER TABLE admins DROP COLUMN hospital_ids; ALTER TABLE admins DROP COLUMN disabled_at;
    ALTER TABLE reference_items DROP COLUMN version; DROP TABLE reference_versions; DROP TABLE template_drafts; DROP TABLE import_previews;
    ALTER TABLE enrollment_codes DROP COLUMN created_by; DROP TABLE code_forms; DROP TABLE rate_limits;`);
  db.pragma('user_version = 5');
  db.close();
}

describe('an office upgraded to the dashboard', () => {
  it('derives the rows of the reports and records it already held, at start, and shows them', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-dashboard-upgrade-'));
    try {
      const before = await startTestOffice({ dataDir, now: () => now });
      await before.addEngineer('chen-jie', ['yunan-peoples'], '陈杰');
      await before.addConsoleUser('admin', 'correct horse battery');
      const device = await enrolledDevice(before, 'chen-jie', ['yunan-peoples']);
      await push(device, { completedAt: '2026-04-08T15:00:00+08:00', failed: true, system: { id: 'yn-lis', templateId: 'lis', templateVersion: 1 } });
      await pushRecord(device, newRecord('dash-up1', { levelId: 'level-2', reportedAt: '2026-04-03T09:30:00.000+08:00' }));
      await fillPeriodFacts(before.ctx);
      await before.close();
      await forgetDashboardRows(before);

      const after = await startTestOffice({ dataDir, now: () => now });
      try {
        await fillPeriodFacts(after.ctx);
        const range = { contractIds: ['yunan-maint-2026'], from: '2026-04-01', to: '2026-06-30' };
        expect((await after.ctx.store.listPeriodInspections(range)).map((f) => [f.engineer, f.day, f.inspection.findings.length])).toEqual([['陈杰', '2026-04-08', 1]]);
        expect((await after.ctx.store.listPeriodServices(range)).map((f) => [f.recordId, f.engineer, f.day])).toEqual([['dash-up1', '陈杰', '2026-04-03']]);
        const client = await consoleClient(after, 'admin', 'correct horse battery');
        const page = (await client.get('/console/dashboard?hospital=yunan-peoples')).body;
        expect(table(page, 'findings')).toEqual([['郁南县人民医院', 'LIS系统', '1']]);
        // Nothing from Q1 was pushed: all 19 systems are late so far.
        expect(summaryRow(page, 'yunan-maint-2026')!.slice(3, 9)).toEqual(['1', '19', '0', '19', '1', '1']);
      } finally {
        await after.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
