/**
 * Checklist versions in the console over real HTTP: draft version 2 of a catalog template (add an
 * item, reword one, retire one), check, publish; a device pulls version 2 beside an unchanged
 * version 1; stale hashes and concurrent publishes write nothing twice; readers get 403; exports.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Template } from '../../src-shared/catalog/schema';
import { PullPage, paths, type ReferenceItem } from '../../src-shared/sync/protocol';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';

let office: TestOffice;
let device: TestDevice;
let admin: ConsoleClient;
let other: ConsoleClient;
let reader: ConsoleClient;
const ID = 'queue-kiosk';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1]!) : undefined;
};

/** The fields a browser would post from the page's form whose action is `action`, as rendered. */
function formFields(page: string, action: string): Record<string, string> {
  const start = page.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = page.slice(start, page.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name || / disabled/.test(tag)) continue;
    if (attr(tag, 'type') === 'checkbox') {
      if (/ checked/.test(tag)) fields[name] = 'on';
    } else fields[name] = attr(tag, 'value') ?? '';
  }
  for (const m of form.matchAll(/<textarea([^>]*)>([\s\S]*?)<\/textarea>/g)) fields[attr(m[1]!, 'name')!] = unescape(m[2]!);
  for (const m of form.matchAll(/<select([^>]*)>([\s\S]*?)<\/select>/g)) {
    const options = [...m[2]!.matchAll(/<option[^>]*>/g)].map(([o]) => o);
    fields[attr(m[1]!, 'name')!] = attr(options.find((o) => / selected/.test(o)) ?? options[0]!, 'value') ?? '';
  }
  return fields;
}

const csrfOf = (page: string): string => /name="csrf" value="([^"]+)"/.exec(page)![1]!;

async function pullAll(after?: string): Promise<{ items: ReferenceItem[]; cursor: string }> {
  const items: ReferenceItem[] = [];
  let cursor = after;
  for (;;) {
    const res = await device.call('GET', `${paths.reference}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    const page = PullPage.parse(res.body);
    items.push(...page.items);
    cursor = page.cursor;
    if (!page.more) return { items, cursor };
  }
}

async function workbookRows(client: ConsoleClient, path: string): Promise<unknown[][]> {
  const res = await fetch(`${office.url}${path}`, { headers: { cookie: client.cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'li-na', ['queue-demo']);
  await office.addConsoleUser('admin', 'correct horse battery');
  await office.addConsoleUser('other', 'correct horse battery');
  await office.addConsoleUser('auditor', 'correct horse battery');
  await office.ctx.store.updateAdmin('auditor', { role: 'reader', hospitalIds: ['queue-demo'], disabled: false }, { actor: 'test', action: 'admin.edit', outcome: 'ok', target: 'auditor', details: {} });
  admin = await consoleClient(office, 'admin', 'correct horse battery');
  other = await consoleClient(office, 'other', 'correct horse battery');
  reader = await consoleClient(office, 'auditor', 'correct horse battery');
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('checklist versions in the console', () => {
  it('lists every template with its latest version, kind, items, contracts and draft', async () => {
    const list = await admin.get('/console/templates');
    expect(list.status).toBe(200);
    const row = /<tr data-template="queue-kiosk">([\s\S]*?)<\/tr>/.exec(list.body)![1]!;
    expect(row).toContain('第 1 版');
    expect(row).toContain('硬件 · 自助终端');
    expect(row).toContain('>13<');
    expect(row).toContain('叫号');
    // Two versions of drg are published: the latest is named.
    expect(/<tr data-template="drg">[\s\S]*?<\/tr>/.exec(list.body)![0]).toContain('第 2 版');
  });

  it('drafts, edits, checks and publishes version 2; the device pulls it beside an unchanged version 1', async () => {
    const before = await pullAll();
    const v1 = before.items.find((i) => i.key === `${ID}@1`)!;
    expect(before.items.some((i) => i.key === `${ID}@2`)).toBe(false);

    const templatePage = await admin.get(`/console/templates/${ID}`);
    const started = await admin.post(`/console/templates/${ID}/draft/new`, { csrf: csrfOf(templatePage.body) });
    expect(started.status).toBe(303);
    expect(started.headers.get('location')).toBe(`/console/templates/${ID}/draft?notice=started`);
    // A second "new version" finds the draft and says so.
    const again = await admin.post(`/console/templates/${ID}/draft/new`, { csrf: csrfOf(templatePage.body) });
    expect(again.status).toBe(409);
    expect(again.body).toContain('已有草稿');

    const editor = await admin.get(`/console/templates/${ID}/draft`);
    expect(editor.status).toBe(200);
    const fields = formFields(editor.body, `/console/templates/${ID}/draft`);
    // The form as rendered saves to the same draft: nothing of an untouched item is lost in the round trip.
    const untouched = await admin.post(`/console/templates/${ID}/draft`, fields);
    expect(untouched.status).toBe(303);
    const stored = await office.ctx.store.getTemplateDraft(ID);
    expect(stored!.hash).toBe(fields.hash);

    const edit = {
      ...fields,
      'item.ks-power.label.zh': '开机、自启动与定时开关机',
      'item.ks-power.label.en': 'Power-on, auto-start and scheduled on/off',
      'item.ks-staff-upkeep.retire': 'on',
      'new.function.id': 'ks-receipt-cutter',
      'new.function.kind': 'check',
      'new.function.label.zh': '小票切刀',
      'new.function.label.en': 'Receipt cutter',
      'new.function.guidance.zh': '打印一张小票，切口整齐、无卡纸。',
      'new.function.guidance.en': 'Print a receipt: cut cleanly, no jam.',
      'new.function.perAsset': 'on',
    };
    // Changing an existing item's kind refuses the whole save, names the item, and keeps what was typed.
    const refused = await admin.post(`/console/templates/${ID}/draft`, { ...edit, 'item.ks-network.kind': 'number' });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('检查项 ks-network');
    expect(refused.body).toContain('类型（检查）不能更改');
    expect(refused.body).toContain('value="开机、自启动与定时开关机"');
    expect((await office.ctx.store.getTemplateDraft(ID))!.hash).toBe(fields.hash);

    const saved = await admin.post(`/console/templates/${ID}/draft`, edit);
    expect(saved.status).toBe(303);
    // Another administrator's form, rendered before that save, is refused: nothing of it is written.
    const late = await other.post(`/console/templates/${ID}/draft`, { ...fields, csrf: csrfOf((await other.get('/console/templates')).body), 'item.ks-touch.label.zh': '覆盖' });
    expect(late.status).toBe(409);
    expect(late.body).toContain('在您打开此页面之后，admin已修改了这条记录');
    const draft = await office.ctx.store.getTemplateDraft(ID);
    expect(JSON.stringify(draft!.data)).not.toContain('覆盖');
    expect(draft!.updatedBy).toBe('admin:admin');

    const check = await admin.get(`/console/templates/${ID}/draft/check`);
    expect(check.status).toBe(200);
    expect(check.body).toContain('data-testid="passes"');
    expect(check.body).toMatch(/data-change="added">新增 1 项[\s\S]*data-item="ks-receipt-cutter"/);
    expect(check.body).toMatch(/data-change="reworded">改写 1 项[\s\S]*data-item="ks-power"/);
    expect(check.body).toMatch(/data-change="retired">退役 1 项[\s\S]*data-item="ks-staff-upkeep"/);
    expect(check.body).toContain('设备在下一次同步时取得第 2 版');
    expect(check.body).toContain('已经开始的巡检继续使用第 1 版');
    const publishForm = formFields(check.body, `/console/templates/${ID}/draft/publish`);
    expect(publishForm.version).toBe('2');

    const published = await admin.post(`/console/templates/${ID}/draft/publish`, publishForm);
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toBe(`/console/templates/${ID}/v/2?notice=published`);
    const announced = await admin.get(published.headers.get('location')!);
    expect(announced.body).toContain('<p class="ok" data-testid="notice">已发布第 2 版，设备下次同步时获取。</p>');
    // Ids are one word each: never broken across lines.
    expect(announced.body).toContain('<code class="tpl-id">ks-receipt-cutter</code>');
    expect((await admin.get(`/console/templates/${ID}/v/2?notice=published&lang=en`)).body).toContain('Version 2 published; devices get it at their next sync.');
    expect((await admin.get(`/console/templates/${ID}/v/2`)).body).not.toContain('data-testid="notice"');
    expect(await office.ctx.store.getTemplateDraft(ID)).toBeUndefined();
    // The same publish again: version 2 is there, nothing is rewritten.
    const twice = await admin.post(`/console/templates/${ID}/draft/publish`, publishForm);
    expect(twice.status).toBe(409);
    expect(twice.body).toContain('第 2 版已经由另一位管理员发布');

    const delta = await pullAll(before.cursor);
    expect(delta.items.map((i) => `${i.kind}/${i.key}`)).toEqual([`template/${ID}@2`]);
    const v2 = Template.parse(delta.items[0]!.data);
    const ids = v2.sections.flatMap((s) => s.items.map((i) => i.id));
    expect(ids).toContain('ks-receipt-cutter');
    expect(ids).not.toContain('ks-staff-upkeep');
    expect(ids).toHaveLength(13);
    expect(v2.sections.flatMap((s) => s.items).find((i) => i.id === 'ks-power')!.label.zh).toBe('开机、自启动与定时开关机');
    const all = await pullAll();
    expect(all.items.find((i) => i.key === `${ID}@1`)).toEqual(v1);
    expect(all.items.find((i) => i.key === `${ID}@2`)).toBeDefined();

    const view = await admin.get(`/console/templates/${ID}/v/2`);
    expect(view.status).toBe(200);
    expect(view.body).toContain('data-item="ks-receipt-cutter"');
    expect((await admin.get(`/console/templates/${ID}/v/1`)).body).toContain('data-item="ks-staff-upkeep"');
  });

  it('publishes nothing for a draft edited after its check, and one version for two publishes at once', async () => {
    const page = await admin.get(`/console/templates/${ID}`);
    expect((await admin.post(`/console/templates/${ID}/draft/new`, { csrf: csrfOf(page.body) })).status).toBe(303);
    const fields = formFields((await admin.get(`/console/templates/${ID}/draft`)).body, `/console/templates/${ID}/draft`);
    expect((await admin.post(`/console/templates/${ID}/draft`, { ...fields, 'item.ks-touch.guidance.en': 'Touch every corner.' })).status).toBe(303);
    const checked = formFields((await admin.get(`/console/templates/${ID}/draft/check`)).body, `/console/templates/${ID}/draft/publish`);

    // Someone edits the draft after the check was shown: that check's publish is refused.
    const edited = formFields((await other.get(`/console/templates/${ID}/draft`)).body, `/console/templates/${ID}/draft`);
    expect((await other.post(`/console/templates/${ID}/draft`, { ...edited, 'item.ks-touch.guidance.zh': '逐个角落点击。' })).status).toBe(303);
    const unseen = await admin.post(`/console/templates/${ID}/draft/publish`, checked);
    expect(unseen.status).toBe(409);
    expect(unseen.body).toContain('检查之后，other 又修改了草稿');
    expect(await office.ctx.store.getReference('template', `${ID}@3`)).toBeUndefined();

    const rechecked = formFields((await admin.get(`/console/templates/${ID}/draft/check`)).body, `/console/templates/${ID}/draft/publish`);
    const both = await Promise.all([admin.post(`/console/templates/${ID}/draft/publish`, rechecked), other.post(`/console/templates/${ID}/draft/publish`, { ...rechecked, csrf: edited.csrf! })]);
    expect(both.map((r) => r.status).sort()).toEqual([303, 409]);
    const versions = await office.ctx.store.listReferenceVersions('template', `${ID}@3`);
    expect(versions).toHaveLength(1);
    expect((await office.ctx.store.listReference('template')).filter((r) => r.key.startsWith(`${ID}@`)).map((r) => r.key)).toEqual([`${ID}@1`, `${ID}@2`, `${ID}@3`]);
  });

  it('drafts a new template from a skeleton, which the check refuses until it has ten items', async () => {
    const list = await admin.get('/console/templates');
    const bad = await admin.post('/console/templates/new', { csrf: csrfOf(list.body), id: 'Queue Printer', kind: 'hardware', hardwareType: '', 'name.zh': '', 'name.en': 'Printer', sources: '003' });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('“Queue Printer”不能作编号');
    expect(bad.body).toContain('硬件检查表必须选择设备类型');
    expect(bad.body).toContain('value="Printer"');
    // The form is at the bottom of a long page: the refusal is also on top, where the page opens, linking down to the form.
    const summary = bad.body.indexOf('data-testid="new-refused"');
    expect(summary).toBeGreaterThan(0);
    expect(summary).toBeLessThan(bad.body.indexOf('class="tpl-list"'));
    expect(bad.body.slice(summary, bad.body.indexOf('</div>', summary))).toMatch(/硬件检查表必须选择设备类型[\s\S]*href="#new-template"/);
    expect(bad.body).toContain('<h2 id="new-template">');
    expect(bad.body).toContain('action="/console/templates/new#new-template"');
    const made = await admin.post('/console/templates/new', { csrf: csrfOf(list.body), id: 'queue-printer', kind: 'hardware', hardwareType: 'peripheral', 'name.zh': '小票打印机', 'name.en': 'Ticket printer', sources: '003' });
    expect(made.status).toBe(303);
    const check = await admin.get('/console/templates/queue-printer/draft/check');
    expect(check.body).toContain('data-testid="fails"');
    expect(check.body).toContain('一张检查表至少要有 10 个检查项，现在只有 0 个');
    expect(check.body).not.toContain('/draft/publish');
    // The list shows it as a draft not yet published.
    expect(/<tr data-template="queue-printer">[\s\S]*?<\/tr>/.exec((await admin.get('/console/templates')).body)![0]).toContain('尚未发布');
  });

  it('marks required fields, lets English and sources be left empty, and names schema problems in the page’s language', async () => {
    const list = await admin.get('/console/templates');
    const form = list.body.slice(list.body.indexOf('action="/console/templates/new'), list.body.indexOf('</form>', list.body.indexOf('action="/console/templates/new')));
    // No browser-side `required`: the server names what is missing; required fields carry *.
    expect(form).not.toMatch(/<input[^>]* required/);
    expect(form).toMatch(/编号<span class="req"[^>]*>\*<\/span>/);
    expect(form).toMatch(/名称（中文）<span class="req"[^>]*>\*<\/span>/);
    expect(form).not.toMatch(/名称（英文）<span class="req"/);
    const missing = await admin.post('/console/templates/new', { csrf: csrfOf(list.body), id: 'queue-stand', kind: 'system', hardwareType: '', 'name.zh': '', 'name.en': '', sources: '' });
    expect(missing.status).toBe(422);
    expect(missing.body).toContain('名称（中文）</strong>：必须填写，请补上。');

    const made = await admin.post('/console/templates/new', { csrf: csrfOf(list.body), id: 'queue-stand', kind: 'system', hardwareType: '', 'name.zh': '排队立牌', 'name.en': '', sources: '' });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/console/templates/queue-stand/draft?notice=started&en=zh&src=default');
    const draft = (await office.ctx.store.getTemplateDraft('queue-stand'))!.data as { name: unknown; sources: unknown };
    expect(draft.name).toEqual({ zh: '排队立牌', en: '排队立牌' });
    expect(draft.sources).toEqual(['办公室']);
    const editor = await admin.get(made.headers.get('location')!);
    expect(editor.body).toContain('草稿已创建。 英文未填写的，已暂用中文，可稍后补上英文（检查页会提醒）。 来源未填写，已记为“办公室”，可在下面修改。');
    // A checklist with no items yet suggests a generic id (one with items, its own prefix: unit test).
    expect(editor.body).toContain('placeholder="power-check"');
    expect(editor.body).toMatch(/检查项（中文）<span class="req"/);

    // A new item with its Chinese label only: the English takes it; the guidance left empty is named in Chinese, not in zod's English.
    const fields = formFields(editor.body, '/console/templates/queue-stand/draft');
    const saved = await admin.post('/console/templates/queue-stand/draft', { ...fields, 'new.general.id': 'qs-stand', 'new.general.label.zh': '立牌完好' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/console/templates/queue-stand/draft?notice=saved&en=zh');
    const after = await admin.get(saved.headers.get('location')!);
    expect(after.body).toContain('检查方法（中文）</strong>：必须填写，请补上。');
    const check = await admin.get('/console/templates/queue-stand/draft/check');
    expect(check.body).toContain('检查项 qs-stand（立牌完好） · 检查方法（中文）</strong>：必须填写，请补上。');
    expect(check.body).not.toMatch(/Too small|expected string/);
    // The English page counts in the singular where there is one, and says so in English.
    const en = await admin.get('/console/templates/queue-stand/draft/check?lang=en');
    expect(en.body).toContain('How to check (Chinese)</strong>: Required: fill it in.');
    expect(en.body).not.toMatch(/\b1 problems\b/);
    // The name and the label whose English took the Chinese are flagged for translation (a reminder, not a refusal).
    expect(en.body).toContain('“Name” has no English yet and shows the Chinese: add the English translation later.');
    expect(check.body).toMatch(/<li data-item="qs-stand" data-warn="copied">[^<]*<strong>[^<]*<\/strong>：检查项的英文未填写，暂用中文/);
    expect((await admin.post('/console/templates/queue-stand/draft/discard', formFields(after.body, '/console/templates/queue-stand/draft/discard'))).status).toBe(303);
  });

  it('lets a reader read templates and drafts, and refuses every change with 403', async () => {
    expect((await reader.get('/console/templates')).status).toBe(200);
    expect((await reader.get(`/console/templates/${ID}/v/1`)).status).toBe(200);
    const draft = await reader.get('/console/templates/queue-printer/draft');
    expect(draft.status).toBe(200);
    expect(draft.body).toContain('只读');
    expect(draft.body).not.toContain('<form method="post" action="/console/templates/queue-printer/draft"');
    const csrf = csrfOf(draft.body);
    for (const path of ['/console/templates/new', `/console/templates/${ID}/draft/new`, '/console/templates/queue-printer/draft', '/console/templates/queue-printer/draft/publish', '/console/templates/queue-printer/draft/discard']) {
      const res = await reader.post(path, { csrf, id: 'x', hash: 'x' });
      expect(res.status, path).toBe(403);
      expect(res.body).toContain('data-testid="forbidden"');
    }
    expect(await office.ctx.store.getTemplateDraft('queue-printer')).toBeDefined();
  });

  it('exports the templates and one version’s items as Excel', async () => {
    const list = await workbookRows(admin, '/console/templates.xlsx');
    expect(list[0]).toEqual(['编号', '检查表', '类型', '最新版本', '版本数', '分区数', '检查项', '使用的合同', '草稿']);
    expect(list.find((r) => r[0] === ID)!.slice(2, 7)).toEqual(['硬件 · 自助终端', 3, 3, 5, 13]);
    expect(list.find((r) => r[0] === 'queue-printer')![8]).toContain('admin');

    const items = await workbookRows(admin, `/console/templates/${ID}/v/2.xlsx?lang=en`);
    expect(items[0]!.slice(0, 6)).toEqual(['Section', '#', 'Id', 'Item (Chinese)', 'Item (English)', 'Item kind']);
    const cutter = items.find((r) => r[2] === 'ks-receipt-cutter')!;
    expect(cutter.slice(3, 6)).toEqual(['小票切刀', 'Receipt cutter', 'Check']);
    expect(items.some((r) => r[2] === 'ks-staff-upkeep')).toBe(false);
    expect(items).toHaveLength(14);
    expect((await http(`${office.url}/console/templates/${ID}/v/9.xlsx`, { headers: { cookie: admin.cookie } })).status).toBe(404);
  });

  it('discards a draft only with the hash it was shown with', async () => {
    const discard = formFields((await admin.get('/console/templates/queue-printer/draft')).body, '/console/templates/queue-printer/draft/discard');
    const stale = await admin.post('/console/templates/queue-printer/draft/discard', { ...discard, hash: '0'.repeat(64) });
    expect(stale.status).toBe(409);
    expect(await office.ctx.store.getTemplateDraft('queue-printer')).toBeDefined();
    const gone = await admin.post('/console/templates/queue-printer/draft/discard', discard);
    expect(gone.status).toBe(303);
    expect(await office.ctx.store.getTemplateDraft('queue-printer')).toBeUndefined();
    expect((await admin.get('/console/templates/queue-printer')).status).toBe(404);
    // Never published, it has no page left: the list says the draft was discarded.
    expect(gone.headers.get('location')).toBe('/console/templates?notice=discarded');
    expect((await admin.get('/console/templates?notice=discarded')).body).toContain('<p class="ok" data-testid="notice">草稿已丢弃。</p>');
    expect((await admin.get('/console/templates?notice=discarded&lang=en')).body).toContain('Draft discarded.');
  });

  it('refuses to publish a draft identical to its base, and warns of texts reworded in one language only', async () => {
    expect((await admin.post('/console/templates/his/draft/new', { csrf: csrfOf((await admin.get('/console/templates/his')).body) })).status).toBe(303);
    // Freshly started, the editor says plainly that nothing is changed yet: no problem box.
    const fresh = await admin.get('/console/templates/his/draft?notice=started');
    expect(fresh.body).toContain('data-testid="unchanged"');
    expect(fresh.body).toContain('尚未修改：草稿与第 1 版内容相同');
    expect(fresh.body).not.toContain('发布没有意义');
    expect(fresh.body).not.toContain('data-testid="pending"');
    const check = await admin.get('/console/templates/his/draft/check');
    expect(check.body).toContain('草稿与第 1 版内容完全相同，发布没有意义，不能发布');
    expect(check.body).not.toContain('action="/console/templates/his/draft/publish"');
    // A publish posted anyway (an old page, a script) is refused and writes nothing.
    const hash = (await office.ctx.store.getTemplateDraft('his'))!.hash;
    const refused = await admin.post('/console/templates/his/draft/publish', { csrf: csrfOf(check.body), hash, version: '2' });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('没有发布：草稿与所基于的版本内容完全相同');
    expect(await office.ctx.store.getReference('template', 'his@2')).toBeUndefined();
    expect(await office.ctx.store.getTemplateDraft('his')).toBeDefined();

    // The Chinese label of one item and the English guidance of another reworded alone: warnings, and the publish is offered.
    const fields = formFields((await admin.get('/console/templates/his/draft')).body, '/console/templates/his/draft');
    const saved = await admin.post('/console/templates/his/draft', { ...fields, 'item.env-services.label.zh': 'HIS 应用服务与中间件运行状态', 'item.env-db-cpu.guidance.en': 'Read the CPU usage at the outpatient peak.' });
    expect(saved.status).toBe(303);
    const warned = await admin.get('/console/templates/his/draft/check');
    expect(warned.body).toContain('data-testid="passes"');
    expect(warned.body).toContain('提醒：2 处文字只有一种语言是新的');
    expect(warned.body).toMatch(/<li data-item="env-services" data-warn="zh">[^]*?检查项的中文改了，英文没有改/);
    expect(warned.body).toMatch(/<li data-item="env-db-cpu" data-warn="en">[^]*?检查方法的英文改了，中文没有改/);
    expect(warned.body).toContain('action="/console/templates/his/draft/publish"');

    // Discarding says so on the template's page.
    const discard = formFields((await admin.get('/console/templates/his/draft')).body, '/console/templates/his/draft/discard');
    const gone = await admin.post('/console/templates/his/draft/discard', discard);
    expect(gone.headers.get('location')).toBe('/console/templates/his?notice=discarded');
    const page = await admin.get('/console/templates/his?notice=discarded');
    expect(page.body).toContain('<p class="ok" data-testid="notice">草稿已丢弃。</p>');
    expect(page.body).not.toContain('data-testid="draft"');
  });

  it('takes an editor form far past the console’s 64 KB form limit, and names its own limit when refused', async () => {
    await admin.post(`/console/templates/drg/draft/new`, { csrf: csrfOf((await admin.get('/console/templates/drg')).body) });
    const fields = formFields((await admin.get('/console/templates/drg/draft')).body, '/console/templates/drg/draft');
    // A long guidance in Chinese: 1,000 characters are 9 KB urlencoded; with the rest, well over 64 KB.
    const firstGuidance = Object.keys(fields).find((k) => k.startsWith('item.') && k.endsWith('.guidance.zh'))!;
    const big = { ...fields, [firstGuidance]: '检'.repeat(1000), 'name.zh': fields['name.zh']!, pad: '巡'.repeat(20_000) };
    expect(new URLSearchParams(big).toString().length).toBeGreaterThan(64 * 1024);
    const saved = await admin.post('/console/templates/drg/draft', big);
    expect(saved.status).toBe(303);
    const tooBig = await admin.post('/console/templates/drg/draft', { ...big, pad: 'x'.repeat(9 * 1024 * 1024) });
    expect(tooBig.status).toBe(413);
    expect(JSON.stringify(tooBig.body)).toContain(String(8 * 1024 * 1024));
  });
});
