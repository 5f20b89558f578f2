/** The office console: login required, reports by hospital/system/period with PDF and verification, devices with revoke, languages, escaping. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { consoleClient, logIn, type ConsoleClient } from './helpers/console';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { alterStoredBlob } from './helpers/alter-blob';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport, sha256, type ReportFixture } from './helpers/report';

let office: TestOffice;
let device: TestDevice;
let admin: ConsoleClient;
let report: ReportFixture;

beforeAll(async () => {
  office = await startTestOffice({ rateLimits: { login: { max: 6, windowMs: 60_000 } } });
  await office.addEngineer('he-ming', ['yunan-peoples'], '何明 <b>');
  device = await enrolledDevice(office, 'he-ming', ['yunan-peoples']);
  report = await makeReport(device, { photos: 1 });
  await pushBlobs(device, report.blobs);
  expect((await pushReport(device, report.envelope)).status).toBe(201);
  await office.addConsoleUser('admin', 'correct horse battery');
  admin = await consoleClient(office, 'admin', 'correct horse battery');
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('office console', () => {
  it('sends a visitor without a session to the login page, and refuses a wrong password', async () => {
    for (const path of ['/console', '/console/devices', `/console/reports/${report.envelope.id}/pdf`]) {
      const res = await http(`${office.url}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/console/login');
    }
    // /console/ with its slash, as typed or bookmarked: the console, not the API's JSON 404.
    for (const [path, to] of [['/console/', '/console'], ['/console/?lang=en', '/console?lang=en']] as const) {
      const slashed = await http(`${office.url}${path}`, { redirect: 'manual' });
      expect(slashed.status).toBe(301);
      expect(slashed.headers.get('location')).toBe(to);
    }
    const wrong = await logIn(office, 'admin', 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('用户名或密码错误');
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('sets an httpOnly, SameSite=Strict session cookie and serves pages with a strict CSP', async () => {
    const res = await logIn(office, 'admin', 'correct horse battery');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('xj_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const page = await admin.get('/console');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('lists the pushed report, filtered by hospital, system and period', async () => {
    const list = await admin.get('/console');
    expect(list.status).toBe(200);
    expect(list.body).toContain(report.envelope.reportNumber);
    expect(list.body).toContain('郁南县人民医院');
    // The engineer's name is escaped, not markup.
    expect(list.body).toContain('何明 &lt;b&gt;');
    expect(list.body).not.toContain('何明 <b>');

    const match = async (query: string) => (await admin.get(`/console?${query}`)).body.includes(report.envelope.reportNumber);
    expect(await match('hospital=yunan-peoples')).toBe(true);
    expect(await match('hospital=queue-demo')).toBe(false);
    expect(await match('hospital=yunan-peoples&system=system:yn-his')).toBe(true);
    expect(await match('hospital=yunan-peoples&system=system:yn-pacs')).toBe(false);
    expect(await match('from=2026-03-01&to=2026-03-31')).toBe(true);
    expect(await match('from=2026-04-01')).toBe(false);
  });

  it('opens the PDF and shows that its hash and signature verify, and that the PDF names this record', async () => {
    const detail = await admin.get(`/console/reports/${report.envelope.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.match(/data-check="ok"/g)).toHaveLength(5);
    expect(detail.body).toContain('PDF 对应本记录');
    expect(detail.body).not.toContain('data-check="failed"');
    expect(detail.body).toContain(report.envelope.hash);

    const pdf = await fetch(`${office.url}/console/reports/${report.envelope.id}/pdf`, { headers: { cookie: admin.cookie } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).equals(report.pdf)).toBe(true);
  });

  it('says a PDF changed in the store since it was accepted is damaged, not missing, and fails every check that needs it', async () => {
    const damaged = await makeReport(device, { photos: 0 });
    await pushBlobs(device, damaged.blobs);
    expect((await pushReport(device, damaged.envelope)).status).toBe(201);
    await alterStoredBlob(office, sha256(damaged.pdf));

    const detail = await admin.get(`/console/reports/${damaged.envelope.id}`);
    expect(detail.status).toBe(200);
    // The record hash still checks; the PDF's hash, signature, naming and signer cannot.
    expect(detail.body.match(/data-check="ok"/g)).toHaveLength(1);
    expect(detail.body.match(/data-check="failed"/g)).toHaveLength(4);
    expect(detail.body).toMatch(/the PDF in the blob store is damaged: its \d+ bytes hash to [0-9a-f]{64}/);
    expect(detail.body).not.toContain('missing from the blob store');

    // The record (kept as a blob under its hash) damaged too: the page still shows, every check failed.
    await alterStoredBlob(office, damaged.envelope.hash, 20);
    const both = await admin.get(`/console/reports/${damaged.envelope.id}`);
    expect(both.status).toBe(200);
    expect(both.body).not.toContain('data-check="ok"');
    expect(both.body).toMatch(/the record in the blob store is damaged: its \d+ bytes hash to [0-9a-f]{64}/);
  });

  it('speaks English with ?lang=en or an English Accept-Language', async () => {
    expect((await admin.get('/console?lang=en')).body).toContain('Received reports');
    expect((await admin.get('/console', { 'accept-language': 'en-GB,en;q=0.9' })).body).toContain('Received reports');
    expect((await admin.get('/console', { 'accept-language': 'zh-CN,zh;q=0.9' })).body).toContain('已接收的报告');
  });

  it('lists devices and revokes one only with the session’s CSRF token', async () => {
    const devices = await admin.get('/console/devices');
    expect(devices.body).toContain(device.id);
    const csrf = /name="csrf" value="([^"]+)"/.exec(devices.body)![1]!;

    const forged = await admin.post(`/console/devices/${device.id}/revoke`, { csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect((await device.call('GET', paths.me)).status).toBe(200);

    const revoked = await admin.post(`/console/devices/${device.id}/revoke`, { csrf });
    expect(revoked.status).toBe(303);
    expect((await device.call('GET', paths.me)).status).toBe(401);
    expect((await admin.get('/console/devices')).body).toContain('已吊销');
    // The report received before stays valid; the page says the device was revoked since.
    const detail = await admin.get(`/console/reports/${report.envelope.id}`);
    expect(detail.body).not.toContain('data-check="failed"');
    expect(detail.body).toContain('该设备已于');
    const [entry] = await office.ctx.store.listAudit({ limit: 1, action: 'device.revoke' });
    expect(entry).toMatchObject({ actor: 'admin:admin', target: device.id });
  });

  it('ends the session on logout, and rate-limits login attempts', async () => {
    const other = await consoleClient(office, 'admin', 'correct horse battery');
    const csrf = await other.csrf();
    expect((await other.post('/console/logout', { csrf })).status).toBe(303);
    expect((await other.get('/console')).status).toBe(303);

    const answers: { status: number; body: unknown }[] = [];
    for (let i = 0; i < 8; i++) answers.push(await logIn(office, 'admin', 'guessing'));
    const limited = answers.find((a) => a.status === 429);
    expect(limited).toBeDefined();
    // The person at the login page reads why, in their language, on the login page itself.
    expect(String(limited!.body)).toMatch(/尝试次数过多，请 \d+ 秒后再试。/);
    expect(String(limited!.body)).toContain('name="password"');
  });
});
