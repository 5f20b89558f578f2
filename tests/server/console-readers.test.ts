/**
 * Issue 14 point 1 at the console: a read-only user (a hospital's IT office, an auditor) scoped to
 * one hospital, over real HTTP, against an office holding reports, service records and deliverables
 * of two. Every list and export shows theirs only; another hospital's report, PDF, record, file or
 * download is "not found" (so its existence does not show); every POST of the console and the
 * bundle import answer 403 and are audited; a disabled user's session stops at once; an
 * administrator still sees both hospitals.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverableEntryId, type DeliverableEntry } from '../../src-shared/period/deliverable';
import { DOCX } from '../../src-shared/period/sniff-deliverable';
import { paths } from '../../src-shared/sync/protocol';
import { hashPassword } from '../../src-server/auth/passwords';
import { docx } from '../helpers/zip';
import { consoleClient, logIn, type ConsoleClient } from './helpers/console';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport, sha256, type ReportFixture } from './helpers/report';
import { newRecord } from './helpers/service';

const PASSWORD = 'correct horse battery';
const YUNAN = '郁南县人民医院';
const WUHAN = '武汉市中心医院';
/** 2026-06-15 10:00 in China: the Wuhan contract's first quarter (March–May) is over. */
const NOW = new Date('2026-06-15T02:00:00.000Z');

let office: TestOffice;
let yunan: TestDevice;
let wuhan: TestDevice;
let admin: ConsoleClient;
let reader: ConsoleClient;
let yunanReport: ReportFixture;
let wuhanReport: ReportFixture;

const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('武汉现场照片'), Buffer.from([0xff, 0xd9])]);
const minutes = Buffer.from(docx('需求沟通会议纪要 2026Q1'));
const minutesEntry: DeliverableEntry = {
  id: deliverableEntryId('whch-drg-2026', 'meeting-minutes', '2026-03-01'),
  hospitalId: 'wuhan-central',
  contractId: 'whch-drg-2026',
  deliverableId: 'meeting-minutes',
  windowStart: '2026-03-01',
  windowEnd: '2026-05-31',
  current: { revision: 1, by: '王莉', at: '2026-05-10T02:00:00.000Z', value: { state: 'attached', name: '需求沟通会议纪要.docx', mime: DOCX, sha256: sha256(minutes), size: minutes.length } },
  history: [],
};
const yunanRecord = newRecord('rd-y1', { title: 'HIS 门诊收费缓慢' });
const wuhanRecord = {
  ...newRecord('rd-w1', { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', levelId: 'fatal', title: 'DRG 分组接口报错', by: '王莉', subject: { kind: 'system', systemId: 'wh-drg' } }),
  photos: [{ sha256: sha256(photo), size: photo.length, mime: 'image/jpeg' as const }],
};

const addReader = async (username: string, hospitalIds: string[]): Promise<void> => {
  await office.ctx.store.createAdmin(
    { username, passwordHash: await hashPassword(PASSWORD), createdAt: NOW.toISOString(), role: 'reader', hospitalIds },
    { actor: 'test', action: 'admin.create', outcome: 'ok', target: username, details: {} },
  );
};
/** The session's CSRF token, from the logout form every page carries. */
const csrfOf = async (client: ConsoleClient): Promise<string> => /name="csrf" value="([^"]+)"/.exec((await client.get('/console')).body)![1]!;
const download = (client: ConsoleClient, path: string) => fetch(`${office.url}${path}`, { headers: { cookie: client.cookie } });
/** Every cell of every sheet, as text. */
async function workbookText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const cells: string[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
  return cells.join('\n');
}
const optionValues = (page: string, name: string): string[] => {
  const select = new RegExp(`<select name="${name}">([\\s\\S]*?)</select>`).exec(page)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]!).filter(Boolean);
};

/** The POST routes the office registered, from Fastify's route tree (one path segment group per line, nested by indent). */
function postRoutes(): string[] {
  const tree = office.app.printRoutes({ method: 'POST', commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(path);
    if (m[3]?.split(',').map((s) => s.trim()).includes('POST')) routes.push(path);
  }
  return routes;
}

beforeAll(async () => {
  office = await startTestOffice({ now: () => NOW });
  await office.addEngineer('chen-jie', ['yunan-peoples'], '陈杰');
  await office.addEngineer('wang-li', ['wuhan-central'], '王莉');
  yunan = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
  wuhan = await enrolledDevice(office, 'wang-li', ['wuhan-central']);
  yunanReport = await makeReport(yunan, { photos: 1 });
  wuhanReport = await makeReport(wuhan, { photos: 1, hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', completedAt: '2026-04-01T16:00:00+08:00', system: { id: 'wh-drg', templateId: 'drg', templateVersion: 1 } });
  for (const [device, report] of [[yunan, yunanReport], [wuhan, wuhanReport]] as const) {
    await pushBlobs(device, report.blobs);
    expect((await pushReport(device, report.envelope)).status).toBe(201);
  }
  await pushBlobs(wuhan, new Map([[sha256(photo), photo], [sha256(minutes), minutes]]));
  expect((await yunan.call('PUT', paths.fault(yunanRecord.id), yunanRecord)).status).toBe(201);
  expect((await wuhan.call('PUT', paths.fault(wuhanRecord.id), wuhanRecord)).status).toBe(201);
  expect((await wuhan.call('PUT', paths.deliverable(minutesEntry.id), minutesEntry)).status).toBe(201);

  await office.addConsoleUser('admin', PASSWORD);
  await addReader('auditor', ['yunan-peoples']);
  admin = await consoleClient(office, 'admin', PASSWORD);
  reader = await consoleClient(office, 'auditor', PASSWORD);
}, 120_000);
afterAll(() => office.close(), 60_000);

describe('a read-only console user scoped to one hospital', () => {
  it('lists their hospital\'s reports only, offers only it in the filters, and finds nothing for another', async () => {
    const list = await reader.get('/console');
    expect(list.status).toBe(200);
    expect(list.body).toContain(yunanReport.envelope.reportNumber);
    expect(list.body).not.toContain(wuhanReport.envelope.reportNumber);
    expect(optionValues(list.body, 'hospital')).toEqual(['yunan-peoples']);
    expect(optionValues(list.body, 'system').every((s) => s.startsWith('system:yn-'))).toBe(true);
    expect(list.body).toContain(`只读账号：只显示${YUNAN}的数据。`);
    expect(list.body).not.toContain(WUHAN);

    const other = await reader.get('/console?hospital=wuhan-central');
    expect(other.status).toBe(200);
    expect(other.body).not.toContain(wuhanReport.envelope.reportNumber);
    expect(other.body).toContain('共 0 份');
  });

  it('opens their report and its PDF; another hospital\'s is not found, as if it did not exist', async () => {
    expect((await reader.get(`/console/reports/${yunanReport.envelope.id}`)).status).toBe(200);
    expect((await download(reader, `/console/reports/${yunanReport.envelope.id}/pdf`)).status).toBe(200);
    const other = await reader.get(`/console/reports/${wuhanReport.envelope.id}`);
    const missing = await reader.get('/console/reports/insp-no-such-report');
    expect(other.status).toBe(404);
    expect(other.body).toBe(missing.body);
    expect((await download(reader, `/console/reports/${wuhanReport.envelope.id}/pdf`)).status).toBe(404);
    // The administrator opens the same report: it exists.
    expect((await admin.get(`/console/reports/${wuhanReport.envelope.id}`)).status).toBe(200);
  });

  it('lists, opens and exports their service records only; another hospital\'s record and photo are not found', async () => {
    const list = await reader.get('/console/service-records');
    expect(list.body).toContain('data-record="rd-y1"');
    expect(list.body).not.toContain('data-record="rd-w1"');
    expect(optionValues(list.body, 'hospital')).toEqual(['yunan-peoples']);
    expect(optionValues(list.body, 'engineer')).toEqual(['chen-jie']);
    expect((await reader.get('/console/service-records?hospital=wuhan-central')).body).not.toContain('data-record="rd-w1"');

    expect((await reader.get('/console/service-records/rd-y1')).status).toBe(200);
    expect((await reader.get('/console/service-records/rd-w1')).status).toBe(404);
    const photoPath = `/console/service-records/rd-w1/files/${sha256(photo)}`;
    expect((await download(reader, photoPath)).status).toBe(404);
    expect((await download(admin, photoPath)).status).toBe(200);

    const text = await workbookText(await download(reader, '/console/service-records.xlsx'));
    expect(text).toContain('HIS 门诊收费缓慢');
    expect(text).not.toContain('DRG 分组接口报错');
    expect(await workbookText(await download(reader, '/console/service-records.xlsx?hospital=wuhan-central'))).not.toContain('DRG 分组接口报错');
    const [entry] = await office.ctx.store.listAudit({ limit: 1, action: 'service.export' });
    expect(entry).toMatchObject({ actor: 'admin:auditor', outcome: 'ok' });
  });

  it('shows their contracts in the deliverables register and its export; another hospital\'s file is not found', async () => {
    const page = await reader.get('/console/deliverables');
    expect(page.body).toContain('data-entry="yunan-maint-2026|');
    expect(page.body).not.toContain('whch-drg-2026');
    expect(page.body).not.toContain(WUHAN);
    expect(optionValues(page.body, 'hospital')).toEqual(['yunan-peoples']);
    expect((await reader.get('/console/deliverables?hospital=wuhan-central&contract=whch-drg-2026')).body).not.toContain('data-entry=');

    const filePath = `/console/deliverables/${encodeURIComponent(minutesEntry.id)}/files/${sha256(minutes)}`;
    expect((await download(reader, filePath)).status).toBe(404);
    expect((await download(admin, filePath)).status).toBe(200);

    const text = await workbookText(await download(reader, '/console/deliverables.xlsx'));
    expect(text).toContain(YUNAN);
    expect(text).not.toContain(WUHAN);
    const [entry] = await office.ctx.store.listAudit({ limit: 1, action: 'deliverable.export' });
    expect(entry).toMatchObject({ actor: 'admin:auditor', outcome: 'ok' });
  });

  it('counts their contracts only on the dashboard and in its export, and offers only their engineers', async () => {
    const page = await reader.get('/console/dashboard');
    expect(page.body).toContain('data-contract="yunan-maint-2026"');
    expect(page.body).not.toContain('whch-drg-2026');
    expect(page.body).not.toContain(WUHAN);
    expect(optionValues(page.body, 'hospital')).toEqual(['yunan-peoples']);
    expect(optionValues(page.body, 'engineer')).toEqual(['陈杰']);
    expect((await reader.get('/console/dashboard?hospital=wuhan-central&contract=whch-drg-2026')).body).not.toContain('data-contract=');

    const text = await workbookText(await download(reader, '/console/dashboard.xlsx'));
    expect(text).toContain(YUNAN);
    expect(text).not.toContain(WUHAN);
    const [entry] = await office.ctx.store.listAudit({ limit: 1, action: 'dashboard.export' });
    expect(entry).toMatchObject({ actor: 'admin:auditor', outcome: 'ok' });
  });

  it('is refused (403, audited) every POST of the console and the pages that only change data', async () => {
    const csrf = await csrfOf(reader);
    const posts = postRoutes().filter((p) => p.startsWith('/console/') && p !== '/console/login' && p !== '/console/logout');
    expect(posts).toContain('/console/devices/:id/revoke');
    for (const route of posts) {
      const path = route.replace(/:\w+/g, 'x');
      const res = await reader.post(path, { csrf });
      expect(res.status, path).toBe(403);
      expect(res.body, path).toContain('data-testid="forbidden"');
      const [entry] = await office.ctx.store.listAudit({ limit: 1, action: 'console.forbidden' });
      expect(entry, path).toMatchObject({ actor: 'admin:auditor', outcome: 'refused', target: path, details: { method: 'POST', role: 'reader' } });
    }
    for (const path of ['/console/import', '/console/audit', '/console/devices']) {
      const res = await reader.get(path);
      expect(res.status, path).toBe(403);
      expect(res.body).toContain('只读账号');
    }
    // The device the reader tried to revoke is still enrolled.
    expect((await yunan.call('GET', paths.me)).status).toBe(200);
  });

  it('cannot import a bundle: 403 as JSON before anything is read, and audited', async () => {
    const res = await http<{ error: { code: string } }>(`${office.url}${paths.bundles}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', cookie: reader.cookie, 'x-csrf-token': await csrfOf(reader) },
      body: Buffer.from('not read'),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    const [entry] = await office.ctx.store.listAudit({ limit: 1, action: 'console.forbidden' });
    expect(entry).toMatchObject({ actor: 'admin:auditor', outcome: 'refused', target: paths.bundles });
  });

  it('loses a session at once when the user is disabled, and sees nothing while assigned no hospital', async () => {
    await addReader('nobody', []);
    const empty = await consoleClient(office, 'nobody', PASSWORD);
    const list = await empty.get('/console');
    expect(list.body).toContain('data-scope="none"');
    expect(list.body).not.toContain(yunanReport.envelope.reportNumber);
    expect((await empty.get('/console/service-records')).body).not.toContain('data-record=');
    expect((await empty.get('/console/dashboard')).body).not.toContain('data-contract=');

    await office.ctx.store.updateAdmin('nobody', { role: 'reader', hospitalIds: [], disabled: true }, { actor: 'admin:admin', action: 'admin.update', outcome: 'ok', target: 'nobody', details: {} });
    for (const path of ['/console', '/console/service-records', `/console/reports/${yunanReport.envelope.id}/pdf`]) {
      const res = await http(`${office.url}${path}`, { headers: { cookie: empty.cookie }, redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe('/console/login');
    }
    expect((await logIn(office, 'nobody', PASSWORD)).status).toBe(401);
  });
});

describe('an administrator', () => {
  it('still sees both hospitals everywhere', async () => {
    const list = await admin.get('/console');
    expect(list.body).toContain(yunanReport.envelope.reportNumber);
    expect(list.body).toContain(wuhanReport.envelope.reportNumber);
    expect(list.body).not.toContain('data-scope');
    expect(optionValues(list.body, 'hospital')).toEqual(expect.arrayContaining(['yunan-peoples', 'wuhan-central']));
    const records = await admin.get('/console/service-records');
    expect(records.body).toContain('data-record="rd-y1"');
    expect(records.body).toContain('data-record="rd-w1"');
    expect((await admin.get('/console/deliverables')).body).toContain('data-entry="whch-drg-2026|');
    const dashboard = await admin.get('/console/dashboard');
    expect(dashboard.body).toContain('data-contract="yunan-maint-2026"');
    expect(dashboard.body).toContain('data-contract="whch-drg-2026"');
    expect(optionValues(dashboard.body, 'engineer')).toEqual(expect.arrayContaining(['陈杰', '王莉']));
  });
});
