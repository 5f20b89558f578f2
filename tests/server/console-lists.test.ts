/**
 * Issue 14 "export every list" for the reports list and the audit log, over real HTTP: the reports
 * list's .xlsx with the page's filter and columns (a reader's hospitals only, audited); the audit
 * log in Beijing time and in words, filtered, paged and exported (administrators only); the login
 * limit naming how long to wait.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src-server/auth/passwords';
import { consoleClient, logIn, type ConsoleClient } from './helpers/console';
import { enrolledDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport, type ReportFixture } from './helpers/report';

const PASSWORD = 'correct horse battery';
/** 2026-06-15 10:00 in China. */
const NOW = new Date('2026-06-15T02:00:00.000Z');
let clock = NOW;

let office: TestOffice;
let admin: ConsoleClient;
let reader: ConsoleClient;
let yunanReport: ReportFixture;
let wuhanReport: ReportFixture;

const download = (client: ConsoleClient, path: string, headers: Record<string, string> = {}) => fetch(`${office.url}${path}`, { headers: { cookie: client.cookie, ...headers } });
/** The first sheet as rows of text, the header row first. */
async function sheetRows(res: Response): Promise<string[][]> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const sheet = book.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}
/** The audit page's table body rows, as their cells' text. */
const auditRows = (page: string): string[][] =>
  [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()),
  );

beforeAll(async () => {
  office = await startTestOffice({ now: () => clock, rateLimits: { login: { max: 4, windowMs: 60_000 } } });
  await office.addEngineer('chen-jie', ['yunan-peoples'], '陈杰');
  await office.addEngineer('wang-li', ['wuhan-central'], '王莉');
  const yunan = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
  const wuhan = await enrolledDevice(office, 'wang-li', ['wuhan-central']);
  yunanReport = await makeReport(yunan, { photos: 0 });
  wuhanReport = await makeReport(wuhan, { photos: 0, hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', completedAt: '2026-04-01T16:00:00+08:00', system: { id: 'wh-drg', templateId: 'drg', templateVersion: 1 } });
  for (const [device, report] of [[yunan, yunanReport], [wuhan, wuhanReport]] as const) {
    await pushBlobs(device, report.blobs);
    expect((await pushReport(device, report.envelope)).status).toBe(201);
  }
  await office.addConsoleUser('admin', PASSWORD);
  await office.ctx.store.createAdmin(
    { username: 'auditor', passwordHash: await hashPassword(PASSWORD), createdAt: NOW.toISOString(), role: 'reader', hospitalIds: ['yunan-peoples'] },
    { actor: 'test', action: 'admin.create', outcome: 'ok', target: 'auditor', details: {} },
  );
  admin = await consoleClient(office, 'admin', PASSWORD);
  reader = await consoleClient(office, 'auditor', PASSWORD);
}, 120_000);
afterAll(() => office.close(), 60_000);

describe('the reports list export', () => {
  it('downloads the filtered list with the page\'s columns in Chinese, Beijing times, and is audited', async () => {
    const page = await admin.get('/console?hospital=yunan-peoples');
    expect(page.body).toContain('href="/console/reports.xlsx?hospital=yunan-peoples"');
    const res = await download(admin, '/console/reports.xlsx?hospital=yunan-peoples&from=2026-03-01&to=2026-03-31');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="reports_yunan-peoples_2026-03-01_2026-03-31.xlsx"');
    const [headers, ...rows] = await sheetRows(res);
    expect(headers).toEqual(['报告编号', '医院', '合同', '巡检对象', '工程师', '完成时间', '签字时间', '接收时间']);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row[0]).toBe(yunanReport.envelope.reportNumber);
    expect(row[1]).toBe('郁南县人民医院');
    expect(row[2]).not.toBe('yunan-maint-2026');
    expect(row[4]).toBe('陈杰');
    // The device's 10:30 in China, the signature's 10:41; received at the office's clock.
    expect(row[5]).toBe('2026-03-14 10:30');
    expect(row[6]).toBe('2026-03-14 10:41');
    expect(row[7]).toBe('2026-06-15 10:00');
    const [entry] = await office.ctx.store.listAudit({ limit: 1, action: 'reports.export' });
    expect(entry).toMatchObject({ actor: 'admin:admin', outcome: 'ok', target: 'reports_yunan-peoples_2026-03-01_2026-03-31.xlsx', details: { reports: 1 } });
  });

  it('writes English headers, and gives a reader their hospitals only', async () => {
    const [headers, ...all] = await sheetRows(await download(admin, '/console/reports.xlsx?lang=en'));
    expect(headers).toEqual(['Report no.', 'Hospital', 'Contract', 'Inspected', 'Engineer', 'Completed', 'Signed', 'Received']);
    expect(all.map((r) => r[0]).sort()).toEqual([yunanReport.envelope.reportNumber, wuhanReport.envelope.reportNumber].sort());

    const [, ...mine] = await sheetRows(await download(reader, '/console/reports.xlsx'));
    expect(mine.map((r) => r[0])).toEqual([yunanReport.envelope.reportNumber]);
    const [, ...other] = await sheetRows(await download(reader, '/console/reports.xlsx?hospital=wuhan-central'));
    expect(other).toEqual([]);
    const [entry] = await office.ctx.store.listAudit({ limit: 1, action: 'reports.export' });
    expect(entry).toMatchObject({ actor: 'admin:auditor', details: { reports: 0 } });
  });
});

describe('the audit log page', () => {
  beforeAll(async () => {
    // Entries on earlier days, one with details that must be escaped, one of an action the console has no words for.
    clock = new Date('2026-05-01T20:00:00.000Z'); // 2026-05-02 04:00 in China
    await office.ctx.store.audit({ actor: 'cli', action: 'engineer.create', outcome: 'ok', target: 'li-ming', details: { name: '<b>李明</b>', hospitalIds: ['yunan-peoples', 'wuhan-central'] } });
    await office.ctx.store.audit({ actor: 'admin:admin', action: 'mystery.thing', outcome: 'refused', target: 'x-1', details: { reason: 'because' } });
    clock = new Date('2026-05-10T02:00:00.000Z');
    for (let i = 0; i < 120; i++) await office.ctx.store.audit({ actor: 'admin:admin', action: 'reference.contract.save', outcome: 'ok', target: `contract-${i}`, details: {} });
    clock = NOW;
  });

  it('shows Beijing time, actions, outcomes and actors in words, and the details as escaped key: value lines', async () => {
    const page = await admin.get('/console/audit?action=engineer.create&lang=zh-CN');
    expect(page.status).toBe(200);
    const rows = auditRows(page.body);
    const cli = rows.find((r) => r[4] === 'li-ming')!;
    expect(cli.slice(0, 4)).toEqual(['2026-05-02 04:00', '命令行', '添加工程师', '成功']);
    expect(cli[5]).toContain('hospitalIds: yunan-peoples, wuhan-central');
    expect(page.body).toContain('name: &lt;b&gt;李明&lt;/b&gt;');
    expect(page.body).not.toContain('<b>李明');
    // The full JSON stays on a detail line.
    expect(page.body).toMatch(/<details><summary>完整记录<\/summary><code>\{&quot;name&quot;/);
    expect(page.body).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d[^"]*<\/td>/);

    const refused = auditRows((await admin.get('/console/audit?outcome=refused&actor=admin')).body);
    expect(refused.find((r) => r[4] === 'x-1')!.slice(1, 4)).toEqual(['用户 admin', 'mystery.thing', '拒绝']);
    expect(refused.every((r) => r[3] === '拒绝')).toBe(true);

    const en = auditRows((await admin.get('/console/audit?action=reference.contract.save&lang=en')).body);
    expect(en[0]!.slice(1, 4)).toEqual(['User admin', 'Contract saved', 'Done']);
    await admin.get('/console?lang=zh-CN');
  });

  it('filters by action, target, day range and "hide logins", and pages 100 at a time', async () => {
    const first = await admin.get('/console/audit?action=reference.contract.save');
    expect(auditRows(first.body)).toHaveLength(100);
    expect(first.body).toContain('第 1–100 条');
    expect(first.body).toContain('href="/console/audit?action=reference.contract.save&amp;page=2"');
    const second = await admin.get('/console/audit?action=reference.contract.save&page=2');
    const rest = auditRows(second.body);
    expect(rest).toHaveLength(20);
    expect(rest.at(-1)![4]).toBe('contract-0');
    expect(second.body).not.toContain('page=3');

    expect(auditRows((await admin.get('/console/audit?target=contract-11')).body).map((r) => r[4]).sort()).toEqual(['contract-11', 'contract-110', 'contract-111', 'contract-112', 'contract-113', 'contract-114', 'contract-115', 'contract-116', 'contract-117', 'contract-118', 'contract-119']);
    // 2026-05-02 in Beijing holds the two entries written at 04:00 there (20:00 UTC the day before).
    const day = auditRows((await admin.get('/console/audit?from=2026-05-02&to=2026-05-02')).body);
    expect(day.map((r) => r[4]).sort()).toEqual(['li-ming', 'x-1']);
    expect(auditRows((await admin.get('/console/audit?from=2026-05-03&to=2026-05-09')).body)).toEqual([]);

    const noLogins = auditRows((await admin.get('/console/audit?action=-console.login')).body);
    expect(noLogins.length).toBeGreaterThan(0);
    expect(noLogins.some((r) => r[2] === '登录控制台')).toBe(false);
    expect(auditRows((await admin.get('/console/audit?action=console.login')).body).every((r) => r[2] === '登录控制台')).toBe(true);
  });

  it('exports the filtered log for administrators (audited), and is forbidden to readers', async () => {
    const res = await download(admin, '/console/audit.xlsx?from=2026-05-02&to=2026-05-02');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit_2026-05-02_2026-05-02.xlsx"');
    const [headers, ...rows] = await sheetRows(res);
    expect(headers).toEqual(['时间', '操作者', '操作', '操作代码', '结果', '对象', '详情', '详情（JSON）', '来源地址']);
    expect(rows.map((r) => r.slice(0, 6))).toEqual([
      ['2026-05-02 04:00', '用户 admin', 'mystery.thing', 'mystery.thing', '拒绝', 'x-1'],
      ['2026-05-02 04:00', '命令行', '添加工程师', 'engineer.create', '成功', 'li-ming'],
    ]);
    expect(JSON.parse(rows[1]![7]!)).toEqual({ name: '<b>李明</b>', hospitalIds: ['yunan-peoples', 'wuhan-central'] });
    const [entry] = await office.ctx.store.listAudit({ limit: 1, action: 'audit.export' });
    expect(entry).toMatchObject({ actor: 'admin:admin', outcome: 'ok', details: { entries: 2 } });

    expect((await reader.get('/console/audit')).status).toBe(403);
    expect((await download(reader, '/console/audit.xlsx')).status).toBe(403);
    expect(auditRows((await admin.get('/console/audit?action=console.forbidden')).body).filter((r) => r[1] === '用户 auditor')).toHaveLength(2);
  });
});

describe('the login limit', () => {
  it('says how many seconds to wait, in the user\'s language', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await logIn(office, 'admin', 'guessing'));
    const limited = answers.find((a) => a.status === 429);
    expect(limited).toBeDefined();
    expect(String(limited!.body)).toMatch(/尝试次数过多，请 (\d+) 秒后再试。/);
    const seconds = Number(/请 (\d+) 秒后再试/.exec(String(limited!.body))![1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    const en = await fetch(`${office.url}/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      body: 'username=admin&password=guessing',
    });
    expect(en.status).toBe(429);
    expect(await en.text()).toMatch(/Too many attempts; try again in \d+ s\./);
  });
});
