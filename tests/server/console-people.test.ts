/**
 * The console's people pages over real HTTP (issue 14 point 1): engineers added and edited through
 * their forms (two administrators → a conflict, nothing overwritten), deactivation refusing the
 * engineer's device and codes, an enrollment code issued in the console enrolling a device, the QR
 * code of its link, devices by engineer, console users with roles and the last-administrator
 * guard, a reader refused everywhere, and the lists as .xlsx.
 */
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AdminError, createConsoleUser } from '../../src-server/admin/operations';
import { runAdmin } from '../../src-server/cli/admin';
import { caFingerprint, handoverString } from '../../src-shared/sync/enrollment-code';
import { paths } from '../../src-shared/sync/protocol';
import { consoleClient, logIn, type ConsoleClient } from './helpers/console';
import { enroll, enrolledDevice, http, newDeviceKey } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';

let office: TestOffice;
let admin: ConsoleClient;
let bob: ConsoleClient;
let reader: ConsoleClient;
const PASSWORD = 'correct horse battery';

/** The session's CSRF token, from any admin page's logout form. */
const csrfOf = (page: string): string => /name="csrf" value="([^"]+)"/.exec(page)![1]!;
const versionOf = (page: string): string => /name="version" value="(\d+)"/.exec(page)![1]!;
/** The one-time token of an engineer page's code form, and the state a user page's form was filled from. */
const codeFormOf = (page: string): string => /name="form" value="([^"]+)"/.exec(page)![1]!;
const stateOf = (page: string): string => /name="state" value="([0-9a-f]+)"/.exec(page)![1]!;
const textOf = (fragment: string): string => fragment.replace(/<[^>]+>/g, '').trim();

async function postAs(client: ConsoleClient, path: string, form: Record<string, string>) {
  const csrf = csrfOf((await client.get('/console/engineers')).body);
  return client.post(path, { csrf, ...form });
}

async function readSheet(bytes: ArrayBuffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes);
  const sheet = book.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(sheet.getRow(1).font?.bold).toBe(true);
  return rows;
}

beforeAll(async () => {
  office = await startTestOffice();
  await office.addConsoleUser('admin', PASSWORD);
  await createConsoleUser(office.ctx, { username: 'bob', password: PASSWORD, role: 'admin' }, 'test');
  await createConsoleUser(office.ctx, { username: 'auditor', password: PASSWORD, role: 'reader', hospitalIds: ['yunan-peoples'] }, 'test');
  [admin, bob, reader] = await Promise.all([consoleClient(office, 'admin', PASSWORD), consoleClient(office, 'bob', PASSWORD), consoleClient(office, 'auditor', PASSWORD)]);
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('engineers in the console', () => {
  it('adds an engineer through the form; refused input keeps what was typed and names the field', async () => {
    const list = await admin.get('/console/engineers');
    expect(list.status).toBe(200);
    expect(list.body).toContain('name="hospital:yunan-peoples"');
    expect(list.body).toContain('郁南县人民医院');

    const bad = await postAs(admin, '/console/engineers', { id: 'Zhang Wei', name: '张伟', 'hospital:yunan-peoples': '1' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('data-problem="id"');
    expect(bad.body).toContain('编号：请使用小写字母和数字');
    expect(bad.body).toContain('value="Zhang Wei"');
    expect(bad.body).toContain('value="张伟"');
    expect(bad.body).toMatch(/name="hospital:yunan-peoples" value="1" checked/);

    const unknown = await postAs(admin, '/console/engineers', { id: 'zhang-wei', name: '张伟', 'hospital:atlantis': '1' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('医院：atlantis 不是本办公室的医院');
    expect(await office.ctx.store.getEngineer('zhang-wei')).toBeUndefined();

    const made = await postAs(admin, '/console/engineers', { id: 'zhang-wei', name: '张伟', 'hospital:yunan-peoples': '1', 'hospital:queue-demo': '1' });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/console/engineers/zhang-wei?done=created');
    expect((await office.ctx.store.getEngineer('zhang-wei'))?.hospitalIds).toEqual(['queue-demo', 'yunan-peoples']);

    const again = await admin.get('/console/engineers');
    const row = /<tr data-engineer="zhang-wei"[\s\S]*?<\/tr>/.exec(again.body)![0];
    expect(row).toContain('张伟');
    expect(row).toContain('郁南县人民医院');
  });

  it('two administrators edit one engineer: the second save is refused and the first kept', async () => {
    await office.addEngineer('li-na', ['yunan-peoples'], '李娜');
    const pageA = (await admin.get('/console/engineers/li-na')).body;
    const pageB = (await bob.get('/console/engineers/li-na')).body;
    const first = await admin.post('/console/engineers/li-na', { csrf: csrfOf(pageA), version: versionOf(pageA), name: '李娜（一组）', 'hospital:yunan-peoples': '1', 'hospital:queue-demo': '1' });
    expect(first.status).toBe(303);
    const second = await bob.post('/console/engineers/li-na', { csrf: csrfOf(pageB), version: versionOf(pageB), name: '李娜 B', 'hospital:wuhan-central': '1' });
    expect(second.status).toBe(409);
    expect(second.body).toContain('data-testid="conflict"');
    expect(second.body).toContain('admin已修改了这条记录');
    expect(second.body).toContain('李娜 B');
    const stored = await office.ctx.store.getEngineer('li-na');
    expect(stored).toMatchObject({ name: '李娜（一组）', hospitalIds: ['queue-demo', 'yunan-peoples'] });
  });

  it('deactivating refuses the engineer’s device at sync and a code issued before; reactivating lets them back', async () => {
    const device = await enrolledDevice(office, 'wang-fang', ['yunan-peoples']);
    expect((await device.call('GET', paths.me)).status).toBe(200);
    const earlier = await office.enrollmentCode('wang-fang');
    const page = (await admin.get('/console/engineers/wang-fang')).body;
    expect(textOf(/data-testid="deactivate-explain">([\s\S]*?)<\/p>/.exec(page)![1]!)).toContain('1 台有效设备在下次同步时会被办公室拒绝');

    const unconfirmed = await admin.post('/console/engineers/wang-fang/deactivate', { csrf: csrfOf(page), version: versionOf(page) });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toContain('data-problem="confirm"');
    expect((await office.ctx.store.getEngineer('wang-fang'))?.deactivatedAt).toBeNull();

    const done = await admin.post('/console/engineers/wang-fang/deactivate', { csrf: csrfOf(page), version: versionOf(page), confirm: '1' });
    expect(done.status).toBe(303);
    expect((await device.call('GET', paths.me)).status).toBe(401);
    const refused = await enroll(office, earlier, newDeviceKey());
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'enrollment_code_invalid' } });
    // No new code for a deactivated engineer: the form is gone, and a forged POST is refused.
    const after = (await admin.get('/console/engineers/wang-fang')).body;
    expect(after).not.toContain('/console/engineers/wang-fang/code');
    // The code form of the page from before the deactivation, sent now: refused, and the form stays unused.
    expect((await admin.post('/console/engineers/wang-fang/code', { csrf: csrfOf(after), form: codeFormOf(page), days: '7', officeUrl: office.url })).status).toBe(400);

    const back = await admin.post('/console/engineers/wang-fang/reactivate', { csrf: csrfOf(after), version: versionOf(after) });
    expect(back.status).toBe(303);
    expect((await device.call('GET', paths.me)).status).toBe(200);
  });

  it('issues a code shown once with its link and QR code; a device enrolls with it', async () => {
    await office.addEngineer('zhao-lei', ['yunan-peoples'], '赵磊');
    const page = (await admin.get('/console/engineers/zhao-lei')).body;
    expect(page).toContain(`name="officeUrl" type="url" value="${office.url}"`);

    const badDays = await admin.post('/console/engineers/zhao-lei/code', { csrf: csrfOf(page), form: codeFormOf(page), days: '91', officeUrl: office.url });
    expect(badDays.status).toBe(400);
    expect(badDays.body).toContain('有效天数：请填写 1 到 90 之间的整数');
    expect(badDays.body).toContain('value="91"');
    const badUrl = await admin.post('/console/engineers/zhao-lei/code', { csrf: csrfOf(page), form: codeFormOf(page), days: '7', officeUrl: 'not an address' });
    expect(badUrl.body).toContain('data-problem="officeUrl"');

    // An office behind a proxy at a sub-path keeps its prefix in the link (a code for that, then the one the test enrolls with).
    // The refusals above left the form unused.
    const proxied = await admin.post('/console/engineers/zhao-lei/code', { csrf: csrfOf(page), form: codeFormOf(page), days: '7', officeUrl: 'https://it.hospital.cn/xunjian/' });
    expect(proxied.body).toMatch(/value="https:\/\/it\.hospital\.cn\/xunjian\/enroll#[A-Z2-9-]{19}" data-testid="link"/);
    expect(proxied.body).not.toContain('data-testid="loopback"');
    // The console's own address pasted in is cut back to the office's.
    const fresh = (await admin.get('/console/engineers/zhao-lei')).body;
    const issued = await admin.post('/console/engineers/zhao-lei/code', { csrf: csrfOf(fresh), form: codeFormOf(fresh), days: '7', officeUrl: `${office.url}/console/engineers/zhao-lei` });
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const code = textOf(/data-testid="code">([\s\S]*?)<\/p>/.exec(issued.body)![1]!);
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    // Plain HTTP: the link carries the code alone, at the office's origin.
    const link = `${office.url}/enroll#${code}`;
    expect(issued.body).toContain(`value="${link}" data-testid="link"`);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(issued.body)![0];
    expect(svg).toBe((await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })).trim());
    expect(svg).not.toContain('style=');
    // The test office is at 127.0.0.1: laptops could not reach it there, and the page says so above the QR code.
    expect(issued.body).toMatch(/data-testid="loopback">[^<]*127\.0\.0\.1[^<]*笔记本无法通过它访问办公室[\s\S]*data-testid="qr"/);
    // Plain HTTP: the link holds the code alone, so no fingerprint is shown beside it.
    expect(issued.body).toContain('注册链接只包含注册码');
    expect(issued.body).not.toContain('data-testid="fingerprint"');

    // The code is kept as a hash only, and the audit entry does not carry it.
    const audit = await office.ctx.store.listAudit({ limit: 5, action: 'enrollment.code' });
    expect(audit[0]).toMatchObject({ actor: 'admin:admin', target: 'zhao-lei' });
    expect(JSON.stringify(audit)).not.toContain(code);

    const enrolled = await enroll(office, code, newDeviceKey());
    expect(enrolled.status).toBe(201);
    expect((await enroll(office, code, newDeviceKey())).status).toBe(403);

    const landing = await http<string>(`${office.url}/enroll`, { headers: { 'accept-language': 'en' } });
    expect(landing.status).toBe(200);
    expect(landing.body).toContain('enrollment code for the Xunjian');
  });

  it('a resubmitted code form issues no second code; the page lists unused codes, never the code itself, and revokes one', async () => {
    await office.addEngineer('zhou-min', ['yunan-peoples'], '周敏');
    const page = (await admin.get('/console/engineers/zhou-min')).body;
    // The console is opened at 127.0.0.1 here, which prefills the address: a warning box, not a grey hint.
    expect(page).toMatch(/class="notice warn loopback" role="alert" data-testid="loopback">[^<]*127\.0\.0\.1[^<]*笔记本无法通过 127\.0\.0\.1 或 localhost 访问办公室/);
    expect(page).toContain('没有未使用且未过期的注册码');
    const fields = { csrf: csrfOf(page), form: codeFormOf(page), days: '7', officeUrl: 'http://192.168.1.10:8080' };
    const first = await admin.post('/console/engineers/zhou-min/code', fields);
    expect(first.status).toBe(200);
    expect(first.body).not.toContain('data-testid="loopback"');
    const code = textOf(/data-testid="code">([\s\S]*?)<\/p>/.exec(first.body)![1]!);

    // Reload or back-and-resubmit: the same form again issues nothing, says so, and offers a fresh form.
    const again = await admin.post('/console/engineers/zhou-min/code', fields);
    expect(again.status).toBe(409);
    expect(again.body).not.toContain('data-testid="code"');
    const outstanding = await office.ctx.store.listOutstandingCodes('zhou-min', office.ctx.now().toISOString());
    expect(outstanding).toHaveLength(1);
    const id = outstanding[0]!.id;
    const refusal = textOf(/data-testid="code-refused">([\s\S]*?)<\/p>/.exec(again.body)![1]!);
    expect(refusal).toContain(`没有再次签发：此表单已在`);
    expect(refusal).toContain(`签发过注册码 ${id}`);
    expect(codeFormOf(again.body)).not.toBe(fields.form);
    expect(again.body).toContain('value="http://192.168.1.10:8080"');
    // A token this office never gave out (a restart, another login) is out of date.
    const stale = await admin.post('/console/engineers/zhou-min/code', { ...fields, form: 'not-a-form-token' });
    expect(stale.status).toBe(409);
    expect(stale.body).toContain('此表单已过期');
    expect(await office.ctx.store.listOutstandingCodes('zhou-min', office.ctx.now().toISOString())).toHaveLength(1);

    // The engineer's page lists the code by its short id, issuer and validity, never the code or its hash.
    const listed = (await admin.get('/console/engineers/zhou-min')).body;
    const row = /<tr data-code="([0-9a-f]{8})">([\s\S]*?)<\/tr>/.exec(listed)!;
    expect(row[1]).toBe(id);
    expect(textOf(row[2]!)).toMatch(/admin/);
    expect(listed).not.toContain(code);
    expect(listed).not.toMatch(new RegExp(`${id}[0-9a-f]`));

    expect((await admin.post(`/console/engineers/zhou-min/codes/${id}/revoke`, {})).status).toBe(403);
    const revoked = await admin.post(`/console/engineers/zhou-min/codes/${id}/revoke`, { csrf: csrfOf(listed) });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe(`/console/engineers/zhou-min?revoked=${id}#codes`);
    expect((await enroll(office, code, newDeviceKey())).status).toBe(403);
    expect((await office.ctx.store.listAudit({ limit: 1, action: 'enrollment.revoke' }))[0]).toMatchObject({ actor: 'admin:admin', target: 'zhou-min', details: { codeId: id } });
    const after = (await admin.get(`/console/engineers/zhou-min?revoked=${id}`)).body;
    expect(after).toContain(`已作废注册码 ${id}。`);
    expect(after).not.toContain(`data-code="${id}"`);
    const twice = await admin.post(`/console/engineers/zhou-min/codes/${id}/revoke`, { csrf: csrfOf(listed) });
    expect(twice.headers.get('location')).toBe(`/console/engineers/zhou-min?gone=${id}#codes`);
  });

  it('bounds an engineer’s name at 100 characters with a clear message; a long name wraps in its own cell', async () => {
    const tooLong = '长'.repeat(101);
    const refused = await postAs(admin, '/console/engineers', { id: 'long-name', name: tooLong });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('姓名：最多 100 个字符（现在 101 个）');
    expect(refused.body).toContain(`value="${tooLong}"`);
    expect(await office.ctx.store.getEngineer('long-name')).toBeUndefined();
    const page = (await admin.get('/console/engineers/zhou-min')).body;
    const edit = await admin.post('/console/engineers/zhou-min', { csrf: csrfOf(page), version: versionOf(page), name: tooLong, 'hospital:yunan-peoples': '1' });
    expect(edit.status).toBe(400);
    expect(edit.body).toContain('data-problem="name"');
    expect((await office.ctx.store.getEngineer('zhou-min'))?.name).toBe('周敏');

    expect((await postAs(admin, '/console/engineers', { id: 'long-name', name: '长'.repeat(100) })).status).toBe(303);
    const list = (await admin.get('/console/engineers')).body;
    expect(list).toContain('maxlength="100"');
    const row = /<tr data-engineer="long-name"[\s\S]*?<\/tr>/.exec(list)![0];
    expect(row).toContain(`<td class="name">${'长'.repeat(100)}</td>`);
    expect(row).toMatch(/<td class="nowrap"><a class="button" href="\/console\/engineers\/long-name">/);
    const css = (await admin.get('/console/static/console.css')).body;
    expect(css).toContain('table.people td.name { overflow-wrap: anywhere;');
  });

  it('refuses a name holding a line break, a tab or a text-direction override, when added and when edited', async () => {
    for (const name of ['张\n伟', '张\t伟', '张伟\u202e', '\u2066张伟']) {
      const refused = await postAs(admin, '/console/engineers', { id: 'odd-name', name });
      expect(refused.status, JSON.stringify(name)).toBe(400);
      expect(refused.body).toContain('姓名：不能包含换行、制表符等控制字符');
      expect(await office.ctx.store.getEngineer('odd-name')).toBeUndefined();
    }
    const page = (await admin.get('/console/engineers/zhou-min')).body;
    const edit = await admin.post('/console/engineers/zhou-min?lang=en', { csrf: csrfOf(page), version: versionOf(page), name: '周\r敏', 'hospital:yunan-peoples': '1' });
    expect(edit.status).toBe(400);
    expect(edit.body).toContain('Name: it cannot hold control characters');
    expect((await office.ctx.store.getEngineer('zhou-min'))?.name).toBe('周敏');
    // A zero-width joiner inside a name stays allowed (some scripts need it).
    expect((await postAs(admin, '/console/engineers', { id: 'zwj-name', name: '阿\u200d依' })).status).toBe(303);
  });

  it('in English, states use their labels and hospitals are joined with commas, on the page and in the export', async () => {
    const page = (await admin.get('/console/engineers?lang=en')).body;
    const row = textOf(/<tr data-engineer="zhang-wei"[\s\S]*?<\/tr>/.exec(page)![0]);
    expect(row).toContain('Active');
    expect(row).not.toContain('active');
    expect(row).toMatch(/\S, \S/);
    expect(row).not.toContain('、');
    const book = await readSheet(await (await fetch(`${office.url}/console/engineers.xlsx?lang=en`, { headers: { cookie: admin.cookie } })).arrayBuffer());
    const zhang = book.find((r) => r[0] === 'zhang-wei')!;
    expect(zhang[2]).toMatch(/\S, \S/);
    expect(zhang[4]).toBe('Active');
  });

  it('lists devices with their engineer, filtered by engineer', async () => {
    const all = await admin.get('/console/devices');
    expect(all.body).toContain('赵磊');
    expect(all.body).toContain('最近同步（精确到分钟）');
    const one = await admin.get('/console/devices?engineer=wang-fang');
    expect(one.body).toContain('wang-fang');
    expect(one.body).not.toContain('>赵磊<');
  });
});

describe('console users', () => {
  it('adds a reader only with a hospital, and sets a new password that logs them out', async () => {
    const none = await postAs(admin, '/console/users', { username: 'it-office', password: 'long enough password', role: 'reader' });
    expect(none.status).toBe(400);
    expect(none.body).toContain('医院：只读账号至少需要一家可查看的医院');
    expect(none.body).toContain('value="it-office"');
    const short = await postAs(admin, '/console/users', { username: 'it-office', password: 'short', role: 'reader', 'hospital:yunan-peoples': '1' });
    expect(short.body).toContain('密码：至少 10 个字符');
    const made = await postAs(admin, '/console/users', { username: 'it-office', password: 'long enough password', role: 'reader', 'hospital:yunan-peoples': '1' });
    expect(made.status).toBe(303);
    expect(await office.ctx.store.getAdmin('it-office')).toMatchObject({ role: 'reader', hospitalIds: ['yunan-peoples'] });

    const itOffice = await consoleClient(office, 'it-office', 'long enough password');
    expect((await postAs(admin, '/console/users/it-office/password', { password: 'another long password' })).status).toBe(303);
    expect((await itOffice.get('/console')).status).toBe(303);
    expect((await logIn(office, 'it-office', 'another long password')).status).toBe(303);
  });

  it('two administrators edit one console user: the stale save is refused and the revoked hospital stays revoked', async () => {
    await createConsoleUser(office.ctx, { username: 'yunan-it', password: PASSWORD, role: 'reader', hospitalIds: ['wuhan-central', 'yunan-peoples'] }, 'test');
    const pageA = (await admin.get('/console/users/yunan-it')).body;
    const pageB = (await bob.get('/console/users/yunan-it')).body;
    const first = await admin.post('/console/users/yunan-it', { csrf: csrfOf(pageA), state: stateOf(pageA), role: 'reader', 'hospital:yunan-peoples': '1' });
    expect(first.status).toBe(303);
    const second = await bob.post('/console/users/yunan-it', { csrf: csrfOf(pageB), state: stateOf(pageB), role: 'reader', 'hospital:yunan-peoples': '1', 'hospital:wuhan-central': '1' });
    expect(second.status).toBe(409);
    const banner = textOf(/data-testid="conflict">([\s\S]*?)<\/div>/.exec(second.body)![1]!);
    expect(banner).toContain('admin已修改了这条记录');
    expect(banner).toContain('武汉市中心医院');
    expect(await office.ctx.store.getAdmin('yunan-it')).toMatchObject({ hospitalIds: ['yunan-peoples'] });
    expect((await office.ctx.store.listAudit({ limit: 1, target: 'yunan-it' }))[0]).toMatchObject({ actor: 'admin:bob', outcome: 'refused', details: { reason: 'conflict' } });
    // The form under the message shows the user as they are now; saved from there, bob's change is written.
    expect(second.body).not.toMatch(/name="hospital:wuhan-central" value="1" checked/);
    expect(stateOf(second.body)).not.toBe(stateOf(pageB));
    const retried = await bob.post('/console/users/yunan-it', { csrf: csrfOf(pageB), state: stateOf(second.body), role: 'reader', 'hospital:yunan-peoples': '1', 'hospital:queue-demo': '1' });
    expect(retried.status).toBe(303);
    expect(await office.ctx.store.getAdmin('yunan-it')).toMatchObject({ hospitalIds: ['queue-demo', 'yunan-peoples'] });
    // A post without the form's state is not from the page: refused the same way.
    expect((await admin.post('/console/users/yunan-it', { csrf: csrfOf(pageA), role: 'admin' })).status).toBe(409);
    expect(await office.ctx.store.getAdmin('yunan-it')).toMatchObject({ role: 'reader' });
  });

  it('refuses every change from a reader with 403 and changes nothing', async () => {
    const page = await reader.get('/console');
    const csrf = csrfOf(page.body);
    for (const path of ['/console/engineers', '/console/engineers/zhang-wei', '/console/devices', '/console/users', '/console/users/admin', '/console/engineers.xlsx', '/console/devices.xlsx', '/console/users.xlsx'])
      expect((await reader.get(path)).status, path).toBe(403);
    const before = JSON.stringify([await office.ctx.store.listEngineers(), await office.ctx.store.listAdmins(), await office.ctx.store.listDevices()]);
    const posts: [string, Record<string, string>][] = [
      ['/console/engineers', { id: 'x-y', name: 'X', 'hospital:yunan-peoples': '1' }],
      ['/console/engineers/zhang-wei', { version: '1', name: 'X' }],
      ['/console/engineers/zhang-wei/deactivate', { version: '1', confirm: '1' }],
      ['/console/engineers/zhang-wei/reactivate', { version: '1' }],
      ['/console/engineers/zhang-wei/code', { days: '7', officeUrl: office.url }],
      ['/console/engineers/zhang-wei/codes/0123abcd/revoke', {}],
      [`/console/devices/${(await office.ctx.store.listDevices())[0]!.id}/revoke`, {}],
      ['/console/users', { username: 'sneaky', password: 'long enough password', role: 'admin' }],
      ['/console/users/auditor', { role: 'admin' }],
      ['/console/users/admin/password', { password: 'long enough password' }],
    ];
    for (const [path, form] of posts) expect((await reader.post(path, { csrf, ...form })).status, path).toBe(403);
    expect(JSON.stringify([await office.ctx.store.listEngineers(), await office.ctx.store.listAdmins(), await office.ctx.store.listDevices()])).toBe(before);
  });

  it('exports engineers, devices and users as workbooks', async () => {
    const get = (path: string) => fetch(`${office.url}${path}`, { headers: { cookie: admin.cookie } });
    const engineers = await readSheet(await (await get('/console/engineers.xlsx')).arrayBuffer());
    expect(engineers[0]).toEqual(['编号', '姓名', '负责医院', '设备数', '状态', '最近同步', '创建时间']);
    expect(engineers.find((r) => r[0] === 'zhang-wei')?.[2]).toContain('郁南县人民医院');
    const devices = await readSheet(await (await get('/console/devices.xlsx?engineer=zhao-lei&lang=en')).arrayBuffer());
    expect(devices[0]![0]).toBe('Device ID');
    expect(devices.slice(1).map((r) => r[2])).toEqual(['zhao-lei']);
    const users = await readSheet(await (await get('/console/users.xlsx')).arrayBuffer());
    expect(users.find((r) => r[0] === 'auditor')?.[1]).toBe('只读');
    expect((await office.ctx.store.listAudit({ limit: 5, action: 'users.export' }))[0]?.actor).toBe('admin:admin');
  });

  it('adds users from the CLI: an administrator by default, a reader with --role reader and hospitals', async () => {
    vi.stubEnv('XUNJIAN_ADMIN_PASSWORD', 'long enough password');
    const say = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await runAdmin(office.ctx, ['user', 'add', 'night-admin'], {});
      await runAdmin(office.ctx, ['user', 'add', 'auditor-2'], { role: 'reader', hospitals: 'yunan-peoples,queue-demo' });
      await expect(runAdmin(office.ctx, ['user', 'add', 'auditor-3'], { role: 'reader' })).rejects.toThrow(AdminError);
    } finally {
      say.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(await office.ctx.store.getAdmin('night-admin')).toMatchObject({ role: 'admin', hospitalIds: [] });
    expect(await office.ctx.store.getAdmin('auditor-2')).toMatchObject({ role: 'reader', hospitalIds: ['queue-demo', 'yunan-peoples'] });
    expect(await office.ctx.store.getAdmin('auditor-3')).toBeUndefined();
    // Disabled again, so that `admin` is the last active administrator in the next test.
    await office.ctx.store.updateAdmin('night-admin', { role: 'admin', hospitalIds: [], disabled: true }, { actor: 'test', action: 'admin.disable', outcome: 'ok', target: 'night-admin', details: {} });
  });

  it('keeps one active administrator: the last cannot disable or demote themself', async () => {
    const bobPage = (await admin.get('/console/users/bob')).body;
    const disabled = await admin.post('/console/users/bob', { csrf: csrfOf(bobPage), state: stateOf(bobPage), role: 'admin', disabled: '1' });
    expect(disabled.status).toBe(303);
    // Disabling ends bob's sessions at once.
    expect((await bob.get('/console/engineers')).status).toBe(303);

    const own = (await admin.get('/console/users/admin')).body;
    const demote = await admin.post('/console/users/admin', { csrf: csrfOf(own), state: stateOf(own), role: 'reader', 'hospital:yunan-peoples': '1' });
    expect(demote.status).toBe(400);
    expect(demote.body).toContain('“admin”是最后一个有效的管理员');
    const disable = await admin.post('/console/users/admin', { csrf: csrfOf(own), state: stateOf(own), role: 'admin', disabled: '1' });
    expect(disable.status).toBe(400);
    expect(disable.body).toContain('data-problem="disabled"');
    expect(await office.ctx.store.getAdmin('admin')).toMatchObject({ role: 'admin', disabledAt: null });
  });
});

/** One HTTPS request trusting only the office CA, with the answer's headers (the session cookie). */
function httpsRequest(url: string, options: { ca: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false, ca: options.ca }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('an enrollment code from an office that serves HTTPS itself', () => {
  it('puts the code and the CA fingerprint in the link, and refuses an http:// address', async () => {
    const tlsOffice = await startTestOffice({ tls: { names: ['127.0.0.1'] } });
    try {
      await tlsOffice.addConsoleUser('admin', PASSWORD);
      await tlsOffice.addEngineer('sun-li', ['yunan-peoples'], '孙丽');
      const ca = tlsOffice.ctx.keys.ca.certificatePem;
      const form = (fields: Record<string, string>) => ({ ca, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, body: new URLSearchParams(fields).toString() });
      let cookie = '';
      const login = await httpsRequest(`${tlsOffice.url}/console/login`, form({ username: 'admin', password: PASSWORD }));
      expect(login.status).toBe(303);
      cookie = /xj_session=[^;]+/.exec(login.headers['set-cookie']!.join(';'))![0];
      const page = await httpsRequest(`${tlsOffice.url}/console/engineers/sun-li`, { ca, headers: { cookie } });
      expect(page.body).toContain(`name="officeUrl" type="url" value="${tlsOffice.url}"`);
      const csrf = csrfOf(page.body);

      const plain = await httpsRequest(`${tlsOffice.url}/console/engineers/sun-li/code`, form({ csrf, form: codeFormOf(page.body), days: '3', officeUrl: tlsOffice.url.replace('https:', 'http:') }));
      expect(plain.status).toBe(400);
      expect(plain.body).toContain('地址必须以 https:// 开头');

      const issued = await httpsRequest(`${tlsOffice.url}/console/engineers/sun-li/code`, form({ csrf, form: codeFormOf(page.body), days: '3', officeUrl: tlsOffice.url }));
      expect(issued.status).toBe(200);
      const code = textOf(/data-testid="code">([\s\S]*?)<\/p>/.exec(issued.body)![1]!);
      const handover = handoverString(code, await caFingerprint(ca));
      expect(issued.body).toContain(`value="${tlsOffice.url}/enroll#${handover}" data-testid="link"`);
      expect(issued.body).toContain(`value="${handover}" data-testid="handover"`);
      expect(issued.body).toContain(`data-testid="fingerprint">${await caFingerprint(ca)}<`);
    } finally {
      await tlsOffice.close();
    }
  });
});
