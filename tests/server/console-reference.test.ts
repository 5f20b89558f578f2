/**
 * Hospitals and contracts edited in the console, over real HTTP: created, pulled by a device,
 * bad input refused with nothing written, removals of places in use refused (a hospital's rooms; a
 * contract's hardware templates, campuses and systems), two administrators on one contract, fields
 * the form cannot show kept, a reader's view, and both exports read back.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignHospitals } from '../../src-server/admin/operations';
import { newContractFields } from '../../src-server/admin/contract-defaults';
import type { Asset, Contract, Hospital } from '../../src-shared/catalog/reference';
import { PullPage, paths, type ReferenceItem } from '../../src-shared/sync/protocol';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport } from './helpers/report';
import { newRecord } from './helpers/service';

let office: TestOffice;
let alice: ConsoleClient;
let bob: ConsoleClient;
let reader: ConsoleClient;
let device: TestDevice;

const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attrs = (tag: string): Record<string, string> => Object.fromEntries([...tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((m) => [m[1]!, unescape(m[2] ?? '')]));

/** What a browser would post from the page's first form with class "reference": its inputs as rendered. */
function formOf(page: string): Record<string, string> {
  const form = /<form method="post" action="[^"]*" class="reference">([\s\S]*?)<\/form>/.exec(page)![1]!;
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input ([^>]*)>/g)) {
    const a = attrs(m[1]!);
    if (!a.name) continue;
    if (a.type === 'checkbox' || a.type === 'radio') {
      if ('checked' in a) fields[a.name] = a.value || 'on';
    } else fields[a.name] = a.value ?? '';
  }
  for (const m of form.matchAll(/<textarea ([^>]*)>([\s\S]*?)<\/textarea>/g)) fields[attrs(m[1]!).name!] = unescape(m[2]!);
  for (const m of form.matchAll(/<select ([^>]*)>([\s\S]*?)<\/select>/g)) {
    const options = [...m[2]!.matchAll(/<option ([^>]*)>/g)].map((o) => attrs(o[1]!));
    fields[attrs(m[1]!).name!] = (options.find((o) => 'selected' in o) ?? options[0])?.value ?? '';
  }
  return fields;
}

const stored = async (kind: 'hospital' | 'contract', key: string) => office.ctx.store.getReference(kind, key);

async function pull(cursor?: string): Promise<{ items: ReferenceItem[]; cursor: string }> {
  const items: ReferenceItem[] = [];
  let next = cursor;
  for (;;) {
    const res = await device.call('GET', `${paths.reference}?limit=200${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
    const page = PullPage.parse(res.body);
    items.push(...page.items);
    next = page.cursor;
    if (!page.more) return { items, cursor: next };
  }
}

async function workbook(client: ConsoleClient, path: string): Promise<ExcelJS.Workbook> {
  const res = await fetch(`${office.url}${path}`, { headers: { cookie: client.cookie } });
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  return book;
}
const column = (book: ExcelJS.Workbook, sheet: number, col: number): string[] => {
  const values: string[] = [];
  book.worksheets[sheet]!.eachRow((row, n) => n > 1 && values.push(String(row.getCell(col).value ?? '')));
  return values;
};

beforeAll(async () => {
  office = await startTestOffice();
  for (const name of ['alice', 'bob', 'reader']) await office.addConsoleUser(name, 'correct horse battery');
  await office.ctx.store.updateAdmin('reader', { role: 'reader', hospitalIds: ['queue-demo'], disabled: false }, { actor: 'test', action: 'user.edit', outcome: 'ok', target: 'reader', details: {} });
  [alice, bob, reader] = await Promise.all([consoleClient(office, 'alice', 'correct horse battery'), consoleClient(office, 'bob', 'correct horse battery'), consoleClient(office, 'reader', 'correct horse battery')]);
  device = await enrolledDevice(office, 'li-na', ['queue-demo']);
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('hospitals in the console', () => {
  it('creates a hospital with two campuses, departments and rooms, then a contract; the device pulls both', async () => {
    const before = await pull();
    const csrf = await alice.csrf();
    const created = await alice.post('/console/hospitals/new', {
      csrf, hash: '', save: '1', id: 'foshan-first', nameZh: '佛山市第一人民医院', nameEn: 'Foshan First People’s Hospital', cityZh: '佛山', cityEn: 'Foshan',
      'campus.0.id': 'main', 'campus.0.nameZh': '本院', 'campus.0.nameEn': 'Main campus',
      'campus.1.id': 'east', 'campus.1.nameZh': '东院', 'campus.1.nameEn': 'East campus',
      'dept.0.campus': 'main', 'dept.0.id': 'outpatient', 'dept.0.nameZh': '门诊部', 'dept.0.nameEn': 'Outpatients', 'dept.0.rooms': '分诊台、1 诊室\n2 诊室',
      'dept.1.campus': 'east', 'dept.1.id': 'radiology', 'dept.1.nameZh': '放射科', 'dept.1.nameEn': 'Radiology', 'dept.1.rooms': 'CT 室；候诊区\nA,B 室',
      'dept.2.campus': '', 'dept.2.id': '', 'dept.2.nameZh': '', 'dept.2.nameEn': '', 'dept.2.rooms': '',
      'contact.0.role': 'it_office', 'contact.0.name': '周工', 'contact.0.phones': '0757-8313 0000',
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/console/hospitals/foshan-first?saved=1');
    const hospital = (await stored('hospital', 'foshan-first'))!.data as Hospital;
    expect(hospital.campuses.map((c) => [c.id, c.departments.map((d) => [d.id, d.rooms])])).toEqual([
      ['main', [['outpatient', ['分诊台', '1 诊室', '2 诊室']]]],
      ['east', [['radiology', ['CT 室', '候诊区', 'A,B 室']]]],
    ]);
    const page = await alice.get('/console/hospitals/foshan-first?saved=1');
    expect(page.body).toContain('已保存（第 1 版）');
    expect(page.body).toContain('放射科');

    const fields = { ...newContractFields(['main', 'east'], 'cn-mainland', '2026-01-01'), csrf, hash: '', save: '1', id: 'foshan-his-2026', nameZh: '佛山一院 HIS 维保', nameEn: 'Foshan HIS maintenance', seed: '招标文件 FS-2026-01', 'sys.0.id': 'his', 'sys.0.template': 'his', 'sys.0.nameZh': 'HIS 系统', 'sys.0.nameEn': 'HIS' };
    const contract = await alice.post('/console/hospitals/foshan-first/contracts/new', fields);
    expect(contract.status, contract.body.slice(0, 3000)).toBe(303);
    const saved = (await stored('contract', 'foshan-his-2026'))!;
    expect(saved.hospitalId).toBe('foshan-first');
    expect((saved.data as Contract).faultLevels.map((l) => l.respond)).toEqual([{ amount: 30, unit: 'minute' }, { amount: 1, unit: 'hour' }, { amount: 4, unit: 'working_hour' }]);
    expect((await alice.get('/console/hospitals')).body).toContain('佛山一院 HIS 维保');

    await assignHospitals(office.ctx, 'li-na', ['queue-demo', 'foshan-first'], 'test');
    const next = await pull(before.cursor);
    // A new hospital for the engineer starts the pull over (reset), so the new rows come with the rest.
    expect(next.items.map((i) => `${i.kind}/${i.key}`)).toEqual(expect.arrayContaining(['contract/foshan-his-2026', 'hospital/foshan-first']));
    expect(next.items.find((i) => i.kind === 'hospital' && i.key === 'foshan-first')!.data).toEqual(hospital);
  });

  it('refuses a level with no time, naming it, and writes nothing', async () => {
    const page = await alice.get('/console/contracts/foshan-his-2026');
    const fields = formOf(page.body);
    for (const step of ['respond', 'setOut', 'onSite', 'propose', 'resolve']) fields[`lvl.1.${step}Amount`] = '';
    fields.nameZh = '改了名字但不应保存';
    const before = await stored('contract', 'foshan-his-2026');
    const res = await alice.post('/console/contracts/foshan-his-2026', fields);
    expect(res.status).toBe(422);
    expect(res.body).toContain('故障级别第 2 行「响应」：故障级别 二级故障 (level-2) 没有任何时限');
    // What was typed is still in the form.
    expect(res.body).toContain('改了名字但不应保存');
    expect((await stored('contract', 'foshan-his-2026'))!.hash).toBe(before!.hash);
  });

  it('refuses to remove a room a unit is in, naming the unit; nothing is written', async () => {
    const asset = (await office.ctx.store.listReference('asset', 'queue-demo'))[0]!.data as Asset;
    const page = await alice.get('/console/hospitals/queue-demo?lang=en');
    const fields = formOf(page.body);
    const rooms = Object.keys(fields).find((k) => k.endsWith('.rooms') && fields[k.replace('.rooms', '.id')] === asset.departmentId)!;
    fields[rooms] = fields[rooms]!.split('\n').filter((r) => r !== asset.room).join('\n');
    const before = await stored('hospital', 'queue-demo');
    const res = await alice.post('/console/hospitals/queue-demo?lang=en', fields);
    expect(res.status).toBe(422);
    expect(res.body).toContain(`${asset.room} is still in use and cannot be removed`);
    expect(res.body).toContain(asset.assetTag);
    expect((await stored('hospital', 'queue-demo'))!.hash).toBe(before!.hash);
  });

  it('gives the second of two administrators saving one contract the conflict, keeping the first one’s content and the second one’s typing', async () => {
    const [pageA, pageB] = await Promise.all([alice.get('/console/contracts/foshan-his-2026'), bob.get('/console/contracts/foshan-his-2026')]);
    const a = { ...formOf(pageA.body), nameZh: '爱丽丝的名称' };
    const b = { ...formOf(pageB.body), nameZh: '鲍勃的名称' };
    expect((await alice.post('/console/contracts/foshan-his-2026', a)).status).toBe(303);
    const second = await bob.post('/console/contracts/foshan-his-2026', b);
    expect(second.status).toBe(409);
    expect(second.body).toContain('保存失败：在您打开此页面之后，alice已修改了这条记录');
    expect(second.body).toContain('鲍勃的名称');
    expect(((await stored('contract', 'foshan-his-2026'))!.data as Contract).name.zh).toBe('爱丽丝的名称');

    // The history lists both versions; the first can be read as it was.
    const history = await alice.get('/console/contracts/foshan-his-2026');
    expect(history.body).toMatch(/<td>2<\/td><td class="nowrap">[^<]+<\/td><td>alice<\/td>/);
    const old = await alice.get('/console/contracts/foshan-his-2026?version=1');
    expect(old.body).toContain('这是第 1 版');
    expect(old.body).toContain('佛山一院 HIS 维保');
    expect(old.body).toContain('<fieldset disabled>');
  });

  it('keeps what the form cannot edit: a catalog contract saved from its page keeps deliverables, evaluation and quotes', async () => {
    const before = (await stored('contract', 'whch-drg-2026'))!;
    const page = await alice.get('/console/contracts/whch-drg-2026');
    expect(page.body).toContain('以下内容控制台不能编辑，保存时原样保留');
    // Posted as rendered: nothing changes, not even the hash.
    expect((await alice.post('/console/contracts/whch-drg-2026', formOf(page.body))).status).toBe(303);
    expect((await stored('contract', 'whch-drg-2026'))!.hash).toBe(before.hash);

    const res = await alice.post('/console/contracts/whch-drg-2026', { ...formOf(page.body), nameEn: 'Wuhan Central DRG maintenance (renewed)' });
    expect(res.status).toBe(303);
    const after = (await stored('contract', 'whch-drg-2026'))!.data as Contract;
    const was = before.data as Contract;
    expect(after.name.en).toBe('Wuhan Central DRG maintenance (renewed)');
    expect({ ...after, name: was.name }).toEqual(was);
    expect(after.deliverables.length).toBeGreaterThan(0);
    expect(after.evaluation.annex004).toBeDefined();
  });

  it('lets a reader see their hospital only, read-only, and refuses every change with 403', async () => {
    const own = await reader.get('/console/hospitals/queue-demo');
    expect(own.status).toBe(200);
    expect(own.body).toContain('<fieldset disabled>');
    expect(own.body).not.toContain('name="save"');
    const other = await reader.get('/console/hospitals/wuhan-central');
    expect(other.status).toBe(404);
    // In the console's layout, with the way back.
    expect(other.body).toContain('没有这家医院或这份合同，或您的账号无权查看。');
    expect(other.body).toContain('<a href="/console/hospitals">返回医院与合同列表</a>');
    expect(other.body).toContain('退出登录');
    expect((await reader.get('/console/contracts/whch-drg-2026')).status).toBe(404);
    expect((await reader.get('/console/contracts/queue-demo-2026')).status).toBe(200);
    const list = await reader.get('/console/hospitals');
    expect(list.body).toContain('/console/hospitals/queue-demo');
    expect(list.body).not.toContain('/console/hospitals/wuhan-central');
    for (const path of ['/console/hospitals/queue-demo', '/console/hospitals/new', '/console/contracts/queue-demo-2026', '/console/hospitals/queue-demo/contracts/new']) {
      expect((await reader.post(path, { nameZh: 'x' })).status, path).toBe(403);
    }
    expect((await reader.get('/console/hospitals/new')).status).toBe(403);
    const book = await workbook(reader, '/console/hospitals.xlsx');
    expect(column(book, 0, 1)).toEqual(['queue-demo']);
  });

  it('exports hospitals (with departments and contacts) and contracts (with systems and level times)', async () => {
    const hospitals = await workbook(alice, '/console/hospitals.xlsx');
    expect(hospitals.worksheets.map((w) => w.name)).toEqual(['医院', '科室与房间', '联系人']);
    expect(column(hospitals, 0, 1)).toEqual(expect.arrayContaining(['foshan-first', 'queue-demo', 'wuhan-central']));
    const radiology = hospitals.worksheets[1]!.getRows(2, hospitals.worksheets[1]!.rowCount - 1)!.find((r) => r.getCell(4).value === 'radiology')!;
    expect(radiology.getCell(6).value).toBe('CT 室、候诊区、A,B 室');
    expect(column(hospitals, 2, 5)).toContain('周工');

    const contracts = await workbook(alice, '/console/contracts.xlsx?lang=en');
    expect(contracts.worksheets.map((w) => w.name)).toEqual(['Contracts', 'Systems', 'Fault levels']);
    const row = contracts.worksheets[0]!.getRows(2, contracts.worksheets[0]!.rowCount - 1)!.find((r) => r.getCell(2).value === 'foshan-his-2026')!;
    expect([row.getCell(4).value, row.getCell(5).value]).toEqual(['2026-01-01', '2026-12-31']);
    const level = contracts.worksheets[2]!.getRows(2, contracts.worksheets[2]!.rowCount - 1)!.find((r) => r.getCell(1).value === 'foshan-his-2026' && r.getCell(2).value === 'level-1')!;
    expect([6, 7, 8, 9, 10].map((c) => level.getCell(c).value)).toEqual(['30 minutes', '', '2 hours', '', '8 hours']);
    const level2 = contracts.worksheets[2]!.getRows(2, contracts.worksheets[2]!.rowCount - 1)!.find((r) => r.getCell(1).value === 'foshan-his-2026' && r.getCell(2).value === 'level-2')!;
    expect([6, 8, 10].map((c) => level2.getCell(c).value)).toEqual(['1 hour', '1 working day', '2 working days']);
  });

  it('heads every column of both workbooks for what it holds, in both languages', async () => {
    const heads = (book: ExcelJS.Workbook) => book.worksheets.map((w) => (w.getRow(1).values as unknown[]).slice(1));
    expect(heads(await workbook(alice, '/console/hospitals.xlsx?lang=en'))).toEqual([
      ['Hospital id', 'Name (Chinese)', 'Name (English)', 'City (Chinese)', 'City (English)', 'Campuses', 'Departments', 'Contracts', 'Units'],
      ['Hospital id', 'Campus id', 'Campus', 'Department id', 'Department', 'Rooms'],
      ['Hospital id', 'Role', 'Campus id', 'Department id', 'Name', 'Title', 'Phones', 'Note'],
    ]);
    expect(heads(await workbook(alice, '/console/hospitals.xlsx'))[2]).toEqual(['医院编号', '角色', '院区编号', '科室编号', '姓名', '职务', '电话', '备注']);
    expect(heads(await workbook(alice, '/console/contracts.xlsx?lang=en'))).toEqual([
      ['Hospital id', 'Contract id', 'Contract', 'Period start', 'Period end', 'Campus ids', 'Systems', 'Levels', 'Service hours', 'Holiday calendar', 'Inspections a year', 'Copies'],
      ['Contract id', 'System id', 'Checklist id', 'Name'],
      ['Contract id', 'Level id', 'Name', 'Answers to severity', 'Record kinds', 'Respond', 'Set out', 'On site', 'Propose', 'Resolve'],
    ]);
    expect(heads(await workbook(alice, '/console/contracts.xlsx'))[1]).toEqual(['合同编号', '系统编号', '检查表编号', '名称']);
  });
});

describe('what the forms say about bad input, and what they fill in', () => {
  it('names a bad time, no copies and an empty source in Chinese, without zod’s English', async () => {
    const fields = { ...newContractFields(['main'], 'cn-mainland', '2026-01-01'), csrf: await alice.csrf(), hash: '', save: '1', id: 'foshan-bad', nameZh: '坏合同', nameEn: '', seed: '', 'hours.start': '25:00', 'sign.copies': '0' };
    const res = await alice.post('/console/hospitals/foshan-first/contracts/new', fields);
    expect(res.status).toBe(422);
    const body = unescape(res.body);
    expect(body).toContain('「开始时间」：时间应为 00:00–23:59，如 08:30');
    expect(body).toContain('「份数」：至少为 1');
    expect(body).toContain('「依据（招标文件等）」：必须填写');
    expect(body).not.toMatch(/Too small|expected/);
    expect(await stored('contract', 'foshan-bad')).toBeUndefined();

    const en = unescape((await alice.post('/console/hospitals/foshan-first/contracts/new?lang=en', { ...fields, 'hours.start': '08:00', 'hours.end': '08:00', seed: 'x', 'sign.copies': '2' })).body);
    expect(en).toContain('"End": the start and end are the same (08:00)');
  });

  it('saves an overnight window and says it runs overnight; marks the required fields', async () => {
    const page = await alice.get('/console/contracts/foshan-his-2026');
    expect(page.body).toContain('<span class="req" title="必填">*</span>');
    const res = await alice.post('/console/contracts/foshan-his-2026', { ...formOf(page.body), 'hours.start': '18:00', 'hours.end': '07:00' });
    expect(res.status).toBe(303);
    expect((await alice.get(res.headers.get('location')!)).body).toContain('跨夜服务：每天 18:00 至次日 07:00。');
  });

  it('takes the Chinese names where English ones are empty and says so; full-width phone digits become ASCII', async () => {
    const res = await alice.post('/console/hospitals/new', {
      csrf: await alice.csrf(), hash: '', save: '1', id: 'zhaoqing', nameZh: '肇庆市第二人民医院', nameEn: '', cityZh: '肇庆', cityEn: '',
      'campus.0.id': 'main', 'campus.0.nameZh': '本院', 'campus.0.nameEn': '',
      'dept.0.campus': 'main', 'dept.0.id': 'it', 'dept.0.nameZh': '信息科', 'dept.0.nameEn': '', 'dept.0.rooms': '机房',
      'contact.0.role': 'it_office', 'contact.0.department': 'it', 'contact.0.titleZh': '值班', 'contact.0.phones': '０７５８－２２８８８８８',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/hospitals/zhaoqing?saved=1&en=zh');
    expect((await alice.get(res.headers.get('location')!)).body).toContain('英文名称未填写的，已暂用中文名称');
    const h = (await stored('hospital', 'zhaoqing'))!.data as Hospital;
    expect([h.name.en, h.city.en, h.campuses[0]!.name.en, h.campuses[0]!.departments[0]!.name.en]).toEqual(['肇庆市第二人民医院', '肇庆', '本院', '信息科']);
    expect(h.contacts![0]!.phones).toEqual(['0758-2288888']);
  });

  it('counts in English with singular and plural: "1 campus, 1 department", "2 campuses, 2 departments", "0 units"', async () => {
    const list = (await alice.get('/console/hospitals?lang=en')).body;
    const row = (id: string) => new RegExp(`<tr data-hospital="${id}">([\\s\\S]*?)</tr>`).exec(list)![1]!;
    expect(row('zhaoqing')).toContain('<td>1 campus, 1 department</td>');
    expect(row('zhaoqing')).toContain('>0 units</a>');
    expect(row('foshan-first')).toContain('<td>2 campuses, 2 departments</td>');
    expect(list).not.toMatch(/\b1 (campuses|departments|units)\b/);
    expect((await alice.get('/console/hospitals')).body).toContain('<td>1 个院区，1 个科室</td>');
  });

  it('after a save, reminds (never refuses) when the service hours changed but not their text, in both languages', async () => {
    const fields = formOf((await alice.get('/console/contracts/foshan-his-2026')).body);
    const untouched = await alice.post('/console/contracts/foshan-his-2026', fields);
    expect(untouched.headers.get('location')).not.toContain('check=');
    const res = await alice.post('/console/contracts/foshan-his-2026', { ...fields, 'hours.start': '09:00', 'hours.end': '17:30' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/[?&]check=hours(&|$)/);
    expect(((await stored('contract', 'foshan-his-2026'))!.data as Contract).serviceHours.start).toBe('09:00');
    const zh = unescape((await alice.get(location)).body);
    expect(zh).toMatch(/已保存（第 \d+ 版）/);
    expect(zh).toContain('<li data-check="hours">服务时间已改，服务时间说明未改，请核对');
    const en = unescape((await alice.get(`${location}&lang=en`)).body);
    expect(en).toContain('<li data-check="hours">The service hours changed but the service hours text did not');
    // Once the text is changed too, in both languages, there is nothing to remind of.
    const both = formOf((await alice.get('/console/contracts/foshan-his-2026')).body);
    const done = await alice.post('/console/contracts/foshan-his-2026', { ...both, 'hours.start': '08:30', 'hours.descZh': '工作日 8:30–17:30 提供服务。', 'hours.descEn': 'Service on workdays, 8:30–17:30.' });
    expect(done.headers.get('location')).not.toContain('check=');
    expect((await alice.get(done.headers.get('location')!)).body).not.toContain('data-testid="checks"');
  });

  it('after a save, names each text changed in Chinese only, or left at the new-contract English, in both languages', async () => {
    const fields = {
      ...newContractFields(['main'], 'cn-mainland', '2026-01-01'), csrf: await alice.csrf(), hash: '', save: '1', id: 'foshan-pacs-2026', nameZh: '佛山一院 PACS 维保', nameEn: 'Foshan PACS maintenance', seed: '招标文件 FS-2026-02',
      'sys.0.id': 'pacs', 'sys.0.template': 'his', 'sys.0.nameZh': 'PACS 系统', 'sys.0.nameEn': 'PACS',
      'lvl.0.nameZh': '紧急故障', 'lvl.1.nameZh': '一般故障', 'lvl.1.nameEn': 'Ordinary fault', 'lvl.2.nameZh': '咨询',
    };
    const res = await alice.post('/console/hospitals/foshan-first/contracts/new', fields);
    expect(res.status, res.body.slice(0, 2000)).toBe(303);
    const location = res.headers.get('location')!;
    expect(decodeURIComponent(location)).toContain('check=lvl.level-1.name,lvl.level-3.name');
    const zh = unescape((await alice.get(location)).body);
    expect(zh).toContain('<li data-check="lvl.level-3.name">故障级别 咨询（level-3）的名称：中文已改为“咨询”，英文仍是新建合同的默认文字“Level 3”，请填写对应的英文。</li>');
    expect(zh).not.toContain('data-check="lvl.level-2.name"');
    const en = unescape((await alice.get(`${location}&lang=en`)).body);
    expect(en).toContain('<li data-check="lvl.level-1.name">The name of fault level Level 1 (level-1): the Chinese is now “紧急故障” but the English is still the new-contract default “Level 1”; enter the matching English.</li>');

    // An edit of the Chinese alone (the contract name) is named too; a check the contract has no text for is ignored.
    const edit = formOf((await alice.get('/console/contracts/foshan-pacs-2026')).body);
    const renamed = await alice.post('/console/contracts/foshan-pacs-2026', { ...edit, nameZh: '佛山一院 PACS 与影像维保', 'lvl.0.nameEn': 'Urgent fault', 'lvl.2.nameEn': 'Consultation' });
    const next = renamed.headers.get('location')!;
    expect(decodeURIComponent(next)).toContain('check=name');
    const page = unescape((await alice.get(`${next},lvl.nothing.name`)).body);
    expect(page).toContain('<li data-check="name">合同名称：中文已改为“佛山一院 PACS 与影像维保”，英文没有改（仍为“Foshan PACS maintenance”），请核对英文是否也要随之修改。</li>');
    expect(page.match(/<li data-check=/g)).toHaveLength(1);
  });
});

describe('a contract edit that drops what its units or records use', () => {
  const units = async () => (await office.ctx.store.listReference('asset', 'queue-demo')).map((r) => r.data as Asset).filter((a) => a.contractId === 'queue-demo-2026');
  /** Posts the contract's page as rendered, changed by `edit`; expects a refusal that wrote nothing and kept the typing. */
  async function refused(edit: (fields: Record<string, string>) => void, lang: 'zh' | 'en'): Promise<string> {
    const path = `/console/contracts/queue-demo-2026${lang === 'en' ? '?lang=en' : ''}`;
    const fields = formOf((await alice.get(path)).body);
    fields.nameEn = 'Typed but not saved';
    edit(fields);
    const before = await stored('contract', 'queue-demo-2026');
    const res = await alice.post(path, fields);
    expect(res.status).toBe(422);
    expect(res.body).toContain('Typed but not saved');
    expect((await stored('contract', 'queue-demo-2026'))!.hash).toBe(before!.hash);
    return unescape(res.body);
  }

  it('refuses unticking a hardware template the contract’s units use, naming the first ten asset tags and the count', async () => {
    const screens = (await units()).filter((a) => a.templateId === 'queue-room-screen').map((a) => a.assetTag);
    expect(screens).toHaveLength(11);
    const body = await refused((f) => delete f['hw.queue-room-screen'], 'en');
    const message = /<li data-field="hwTemplates">([^<]*)<\/li>/.exec(body)![1]!;
    expect(message).toContain('hardware checklist');
    expect(message).toContain('(queue-room-screen) cannot be unticked: 11 units of this contract use it');
    expect(message).toContain('move those units to another contract or delete them first');
    expect(screens.filter((tag) => message.includes(tag))).toHaveLength(10);
    expect(message).toContain('…');
  });

  it('refuses unticking a campus the contract’s units are in, in Chinese', async () => {
    const all = await units();
    const body = await refused((f) => delete f['campus.outpatient-building'], 'zh');
    const message = /<li data-field="campuses">([^<]*)<\/li>/.exec(body)![1]!;
    expect(message).toContain(`(outpatient-building)：本合同仍有 ${all.length} 台硬件设备在该院区`);
    expect(message).toContain(all[0]!.assetTag);
    expect(message).toContain('请先在“硬件设备”页把这些设备移到本合同的其他院区、改到其他合同或删除');
  });

  it('refuses removing, or renaming, a system that a report and a service record name; changing its checklist is allowed', async () => {
    const report = await makeReport(device, { hospitalId: 'queue-demo', contractId: 'queue-demo-2026', system: { id: 'mz-queue', templateId: 'queue-software', templateVersion: 2 }, photos: 0 });
    await pushBlobs(device, report.blobs);
    expect((await pushReport(device, report.envelope)).status).toBe(201);
    const fault = newRecord('fault-queue-1', { hospitalId: 'queue-demo', contractId: 'queue-demo-2026', levelId: 'severe', subject: { kind: 'system', systemId: 'mz-queue' }, title: '叫号屏不显示' });
    expect((await device.call('PUT', paths.fault(fault.id), fault)).status).toBeLessThan(300);

    const row = (f: Record<string, string>) => Object.keys(f).find((k) => /^sys\.\d+\.id$/.test(k) && f[k] === 'mz-queue')!.replace(/\.id$/, '');
    for (const edit of [(f: Record<string, string>) => (f[`${row(f)}.remove`] = 'on'), (f: Record<string, string>) => (f[`${row(f)}.id`] = 'mz-queue-new')]) {
      const body = await refused(edit, 'en');
      const message = /<li data-field="systems">([^<]*)<\/li>/.exec(body)![1]!;
      expect(message).toContain('(mz-queue) cannot be removed or given another id: 2 inspection reports or service records name it');
      expect(message).toContain(report.envelope.reportNumber);
      expect(message).toContain('叫号屏不显示');
      expect(message).toContain('Keep its row');
    }

    const fields = formOf((await alice.get('/console/contracts/queue-demo-2026')).body);
    fields[`${row(fields)}.template`] = 'his';
    expect((await alice.post('/console/contracts/queue-demo-2026', fields)).status).toBe(303);
    expect(((await stored('contract', 'queue-demo-2026'))!.data as Contract).systems.find((x) => x.id === 'mz-queue')!.templateId).toBe('his');
  });

  it('saves the removal of a hardware template no unit of the contract uses', async () => {
    expect((await units()).some((a) => a.templateId === 'queue-peripheral')).toBe(false);
    const fields = formOf((await alice.get('/console/contracts/queue-demo-2026')).body);
    expect(fields['hw.queue-peripheral']).toBe('on');
    delete fields['hw.queue-peripheral'];
    expect((await alice.post('/console/contracts/queue-demo-2026', fields)).status).toBe(303);
    const saved = (await stored('contract', 'queue-demo-2026'))!.data as Contract;
    expect(saved.hardwareTemplateIds).not.toContain('queue-peripheral');
    expect(saved.hardwareTemplateIds).toContain('queue-room-screen');
  });
});
