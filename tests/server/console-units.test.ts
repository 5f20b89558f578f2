/**
 * Hardware units in the console over real HTTP (issue 14): an .xlsx of 200 units with bad rows is
 * uploaded, mapped, previewed with each bad row named, confirmed, and pulled by a device; a
 * re-import updates by asset tag; a change between preview and confirm refuses the whole import;
 * readers read and cannot change anything.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_HEADERS, guessMapping, UNIT_FIELDS } from '../../src-server/admin/unit-fields';
import { readWorkbook } from '../../src-server/admin/unit-sheet';
import type { Asset } from '../../src-shared/catalog/reference';
import { PullPage, paths, type ReferenceItem } from '../../src-shared/sync/protocol';
import { consoleClient, type ConsoleClient } from './helpers/console';
import { enrolledDevice, http, type HttpResult, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { deflated, sharedStringRows, workbookParts, zipOf } from '../helpers/xlsx-zip';

let office: TestOffice;
let device: TestDevice;
let admin: ConsoleClient;
let reader: ConsoleClient;
const UNITS = '/console/hospitals/queue-demo/units';
const STORED = 38;
/** Of unitsFile's 200 rows, those imported: rows 3 and 31 share a tag, and 11, 21, 41, 51 are bad. */
const IMPORTED = 194;

const HEADER = UNIT_FIELDS.map((f) => `${FIELD_HEADERS[f].zh} ${FIELD_HEADERS[f].en}`);
const TYPES = ['诊室叫号屏', 'Waiting-area screen', '自助终端', 'caller_keypad'];
const ROOMS = ['候诊区', '分诊台', '诊室1', '诊室2', '诊室3'];
const tag = (i: number): string => `MZ-IMP-${String(i).padStart(3, '0')}`;

/** 200 units on data rows 2–201; rows 11, 21, 31 (row 3's tag again), 41 and 51 are bad, each in its own way. */
async function unitsFile(model: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('设备清单');
  ws.addRow(HEADER);
  for (let i = 1; i <= 200; i++) {
    const r: unknown[] = [tag(i), TYPES[i % 4], `${model}-${i}`, `内科设备 ${i}`, '', '', '内科', ROOMS[i % 5], '', ''];
    if (i === 10) r[7] = '诊室9';
    if (i === 20) r[1] = '打印机';
    if (i === 30) r[0] = tag(2);
    if (i === 40) r[0] = new Date(Date.UTC(2026, 0, 5));
    if (i === 50) r[2] = { error: '#N/A' };
    ws.addRow(r);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(client: ConsoleClient, bytes: Buffer, csrf: string, name = 'units.xlsx'): Promise<HttpResult<string>> {
  const form = new FormData();
  form.set('csrf', csrf);
  form.set('file', new Blob([new Uint8Array(bytes)]), name);
  return http<string>(`${office.url}${UNITS}/import`, { method: 'POST', headers: { cookie: client.cookie }, body: form });
}

/** The CSRF token from the page frame (the logout form), as any page carries it. */
async function csrfOf(client: ConsoleClient): Promise<string> {
  const page = await client.get(UNITS);
  return /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
}

/** Upload → mapping (as guessed) → the preview's address. */
async function preview(bytes: Buffer): Promise<string> {
  const csrf = await admin.csrf();
  const uploaded = await upload(admin, bytes, csrf);
  expect(uploaded.status).toBe(303);
  const mappingUrl = uploaded.headers.get('location')!;
  const mapping = await admin.get(mappingUrl);
  expect(mapping.status).toBe(200);
  const form: Record<string, string> = { csrf, sheet: '0' };
  for (const m of mapping.body.matchAll(/<select name="(map\.\w+)">[\s\S]*?<\/select>/g)) form[m[1]!] = /<option value="(\d+)" selected>/.exec(m[0])?.[1] ?? '';
  const mapped = await admin.post(mappingUrl, form);
  expect(mapped.status).toBe(303);
  return mapped.headers.get('location')!;
}

const storedUnits = async (): Promise<Asset[]> => (await office.ctx.store.listReference('asset', 'queue-demo')).map((r) => r.data as Asset);

async function pullAll(d: TestDevice): Promise<ReferenceItem[]> {
  const items: ReferenceItem[] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await d.call('GET', `${paths.reference}?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    const page = PullPage.parse(res.body);
    items.push(...page.items);
    cursor = page.cursor;
    if (!page.more) return items;
  }
}

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'li-na', ['queue-demo']);
  await office.addConsoleUser('admin', 'correct horse battery');
  await office.addConsoleUser('auditor', 'correct horse battery');
  await office.ctx.store.updateAdmin('auditor', { role: 'reader', hospitalIds: ['queue-demo'], disabled: false }, { actor: 'test', action: 'user.edit', outcome: 'ok', target: 'auditor', details: {} });
  admin = await consoleClient(office, 'admin', 'correct horse battery');
  reader = await consoleClient(office, 'auditor', 'correct horse battery');
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('units import over HTTP', () => {
  let firstPreview = '';

  it('previews 200 rows, naming each bad row, and writes nothing before confirm', async () => {
    firstPreview = await preview(await unitsFile('HJ-A'));
    const page = await admin.get(`${firstPreview}?show=all`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-count="new">194<');
    expect(page.body).toContain('data-count="refused">6<');
    for (const [row, code, words] of [
      [11, 'roomUnknown', '诊室9'],
      [21, 'typeUnknown', '打印机'],
      // A tag twice refuses both rows, each naming both: the administrator picks, not the row order.
      [3, 'tagInFile', '资产编号 MZ-IMP-002 在第 3、31 行重复'],
      [31, 'tagInFile', '资产编号 MZ-IMP-002 在第 3、31 行重复'],
      [41, 'cellDate', '2026-01-05'],
      [51, 'cellError', '#N/A'],
    ] as const) {
      const tr = new RegExp(`<tr class="action-refused" data-row="${row}">[\\s\\S]*?</tr>`).exec(page.body)?.[0] ?? '';
      expect(tr, `row ${row}`).toContain(`data-problem="${code}"`);
      expect(tr).toContain(words);
    }
    // The unknown room's message names the department's rooms.
    expect(page.body).toContain('候诊区、分诊台、诊室1、诊室2、诊室3');
    // In English too, and the preview survives a reload.
    const en = await admin.get(`${firstPreview}?lang=en`);
    expect(en.body).toContain('room &quot;诊室9&quot; is not a room of &quot;Internal medicine&quot; on record');
    expect(await storedUnits()).toHaveLength(STORED);
    // The hospital's stored units are not in the file: counted, the first 20 named, and left alone.
    const absent = /<div class="not-in-file"[\s\S]*?<\/div>/.exec(page.body)?.[0] ?? '';
    expect(absent).toContain(`本医院已有的 ${STORED} 台设备不在这个文件中。除非勾选下面的“同时删除”，导入不会删除，也不会修改它们。`);
    expect(absent.match(/<code>/g)).toHaveLength(STORED);
    // Deleting them is offered, unticked.
    expect(page.body).toMatch(/<input type="checkbox" name="deleteAbsent" value="yes"> <strong>同时删除这 38 台不在文件中的设备<\/strong>/);
    // The button says what is written and skipped; the refused rows come first in the "all" view.
    expect(page.body).toContain('<span class="confirm-plain">确认：写入 194 台（新增 194、更新 0），跳过 6 行被拒绝的</span>');
    expect(page.body).toContain('<span class="confirm-delete">确认：写入 194 台（新增 194、更新 0），删除 38 台，跳过 6 行被拒绝的</span>');
    const order = [...page.body.matchAll(/<tr class="action-(\w+)" data-row="(\d+)"/g)].map((m) => m[1]);
    expect(order.slice(0, 7)).toEqual(['refused', 'refused', 'refused', 'refused', 'refused', 'refused', 'new']);
    // Each row to be written shows the type and model it will have.
    expect(/<tr class="action-new" data-row="2">[\s\S]*?<\/tr>/.exec(page.body)?.[0]).toContain('<span class="unit-type" data-type="waiting_screen">分诊台候诊屏 · HJ-A-1</span>');
    expect((await admin.get(`${firstPreview}?lang=en`)).body).toContain('Confirm — units to write: 194 (194 new, 0 updated), refused rows skipped: 6');

    // Refused rows are skipped only when the administrator says so; the answer is a redirect, so a reload posts nothing.
    const csrf = await admin.csrf();
    const unsaid = await admin.post(`${firstPreview}/confirm`, { csrf });
    expect(unsaid.status).toBe(303);
    expect(unsaid.headers.get('location')).toBe(`${firstPreview}?problem=skip`);
    const told = await admin.get(unsaid.headers.get('location')!);
    expect(told.status).toBe(200);
    expect(told.body).toContain('有 6 行被拒绝');
    expect(told.body).not.toContain('重新检查');
    expect(await storedUnits()).toHaveLength(STORED);
  });

  it('confirms: 194 units stored and pulled by the engineer’s device', async () => {
    const csrf = await admin.csrf();
    const done = await admin.post(`${firstPreview}/confirm`, { csrf, skipRefused: 'yes' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${UNITS}?imported=194%2C0%2C0%2C6%2C0`);
    const units = await storedUnits();
    expect(units).toHaveLength(STORED + IMPORTED);
    expect(units.find((u) => u.assetTag === tag(1))).toMatchObject({ id: 'mz-imp-001', hardwareType: 'waiting_screen', model: 'HJ-A-1', room: '分诊台', templateId: 'queue-waiting-screen' });
    expect(units.some((u) => u.assetTag === tag(10) || u.assetTag === tag(2))).toBe(false);

    const pulled = (await pullAll(device)).filter((i) => i.kind === 'asset' && i.key.startsWith('mz-imp-'));
    expect(pulled).toHaveLength(IMPORTED);
    // A confirmed preview is gone.
    expect((await admin.get(firstPreview)).status).toBe(404);
    const list = await admin.get(`${UNITS}?imported=194,0,0,6,0`);
    expect(list.body).toContain('新增 194 台');
    expect(list.body).toContain(tag(1));
  });

  it('re-imports with changed models: updates by asset tag, no duplicates, ids kept', async () => {
    const url = await preview(await unitsFile('HJ-B'));
    const page = await admin.get(`${url}?show=all`);
    expect(page.body).toContain('data-count="update">194<');
    expect(page.body).toContain('data-count="new">0<');
    // Each update says what changes, old → new, and only that.
    const updated = /<tr class="action-update" data-row="2">[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? '';
    expect(updated).toContain('<li data-change="model">型号：<del>HJ-A-1</del> → <ins>HJ-B-1</ins></li>');
    expect(updated.match(/data-change=/g)).toHaveLength(1);
    expect((await admin.get(`${url}?show=update&lang=en`)).body).toContain('Model: <del>HJ-A-1</del> → <ins>HJ-B-1</ins>');
    expect(page.body).toContain(`本医院已有的 ${STORED} 台设备不在这个文件中`);
    const done = await admin.post(`${url}/confirm`, { csrf: await admin.csrf(), skipRefused: 'yes' });
    expect(done.status).toBe(303);
    const units = await storedUnits();
    expect(units).toHaveLength(STORED + IMPORTED);
    expect(units.find((u) => u.id === 'mz-imp-001')?.model).toBe('HJ-B-1');
    expect(new Set(units.map((u) => u.assetTag)).size).toBe(units.length);
  });

  it('refuses the whole import when a unit changed between preview and confirm', async () => {
    const url = await preview(await unitsFile('HJ-C'));
    // Another administrator edits one of the units through the form.
    const edit = await admin.get(`${UNITS}/mz-imp-007`);
    const hash = /name="hash" value="([^"]+)"/.exec(edit.body)![1]!;
    const csrf = await admin.csrf();
    const saved = await admin.post(`${UNITS}/mz-imp-007`, {
      csrf, hash, assetTag: tag(7), hardwareType: 'room_screen', model: 'EDITED', nameZh: '改过的', nameEn: '', place: 'outpatient-building/internal-medicine', room: '诊室3', contract: '', template: '',
    });
    expect(saved.status).toBe(303);

    const refused = await admin.post(`${url}/confirm`, { csrf, skipRefused: 'yes' });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('没有导入');
    expect(refused.body).toContain('asset mz-imp-007');
    const units = await storedUnits();
    expect(units.filter((u) => u.model.startsWith('HJ-C-'))).toEqual([]);
    expect(units.find((u) => u.id === 'mz-imp-007')?.model).toBe('EDITED');
  });

  it('refuses a file of 10,000 rows, saying the limit and to split it', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('设备');
    ws.addRow(HEADER);
    for (let i = 0; i < 10_000; i++) ws.addRow([`MZ-BIG-${i}`, '自助终端', 'K', '自助机', '', '', '内科', '候诊区']);
    const res = await upload(admin, Buffer.from(await book.xlsx.writeBuffer()), await admin.csrf());
    expect(res.status).toBe(422);
    expect(res.body).toContain('有 10,000 行设备，超过每次导入的上限 5,000 行');
    expect(res.body).toContain('拆成');
    expect(await storedUnits()).toHaveLength(STORED + IMPORTED);
    const notXlsx = await upload(admin, Buffer.from('资产编号,类型\n'), await admin.csrf(), 'units.csv');
    expect(notXlsx.status).toBe(422);
    expect(notXlsx.body).toContain('这不是 Excel (.xlsx) 文件');
  });

  it('lists a page of units saying which, with page links, and searches tag, name and model with the other filters', async () => {
    const all = STORED + IMPORTED;
    const first = await admin.get(UNITS);
    expect(first.body).toContain(`第 1–100 台，共 ${all} 台`);
    expect(first.body.match(/<tr data-unit=/g)).toHaveLength(100);
    expect(first.body).toContain(`<a href="${UNITS}?page=3">3</a>`);
    const last = await admin.get(`${UNITS}?page=3`);
    expect(last.body).toContain(`第 201–${all} 台，共 ${all} 台`);
    expect(last.body).toContain('<strong aria-current="page">3</strong>');

    // Full-width and lower case as people type them: ｍｚ－ｉｍｐ－００ is MZ-IMP-00 (001–009 but 002, refused).
    const tags = await admin.get(`${UNITS}?q=${encodeURIComponent(' ｍｚ－ｉｍｐ－００ ')}`);
    expect(tags.body).toContain(`第 1–8 台，共 8 台符合条件（本医院共 ${all} 台）`);
    expect(tags.body).toContain('value="ｍｚ－ｉｍｐ－００"');
    // By name and by model, and with the type filter; page links keep the search.
    expect((await admin.get(`${UNITS}?q=${encodeURIComponent('内科设备 12')}`)).body).toContain('共 11 台符合条件'); // 12, 120–129
    // Kiosks are rows i % 4 = 2: models HJ-B-14, -18 and -102 … -198 every 4 (27), none of them refused.
    expect((await admin.get(`${UNITS}?q=hj-b-1&type=kiosk`)).body).toContain('第 1–27 台，共 27 台符合条件');
    const paged = await admin.get(`${UNITS}?q=mz-imp`);
    expect(paged.body).toContain(`第 1–100 台，共 ${IMPORTED} 台符合条件`);
    expect(paged.body).toContain(`<a href="${UNITS}?q=mz-imp&amp;page=2">2</a>`);
    const none = await admin.get(`${UNITS}?q=nothing-like-this`);
    expect(none.body).toContain(`没有符合条件的设备（本医院共 ${all} 台）`);
    expect((await admin.get(`${UNITS}?q=mz-imp&lang=en`)).body).toContain(`Units 1–100 of ${IMPORTED} matching (${all} in this hospital)`);
  });

  it('checks the form like the import: a room the department does not have is named with its rooms', async () => {
    const res = await admin.post(`${UNITS}/new`, {
      csrf: await admin.csrf(), hash: '', assetTag: 'mz-form-01', hardwareType: 'kiosk', model: 'K1', nameZh: '自助机', nameEn: '', place: 'outpatient-building/surgery', room: '302', contract: '', template: '',
    });
    expect(res.status).toBe(422);
    expect(res.body).toContain('房间“302”不是“外科”已登记的房间');
    expect(res.body).toContain('候诊区、分诊台、诊室1、诊室2');
  });

  it('edits and deletes through the form with the hash it was opened from; a stale form is refused', async () => {
    const opened = await admin.get(`${UNITS}/mz-imp-003`);
    const hash = /name="hash" value="([^"]+)"/.exec(opened.body)![1]!;
    const csrf = await admin.csrf();
    const form = { csrf, hash, assetTag: tag(3), hardwareType: 'kiosk', model: 'K-2', nameZh: '自助机', nameEn: '', place: 'outpatient-building/internal-medicine', room: '候诊区', contract: '', template: '' };
    expect((await admin.post(`${UNITS}/mz-imp-003`, form)).status).toBe(303);
    const stale = await admin.post(`${UNITS}/mz-imp-003`, { ...form, model: 'K-3' });
    expect(stale.status).toBe(409);
    expect(stale.body).toContain('保存失败');
    expect((await admin.post(`${UNITS}/mz-imp-003/delete`, { csrf, hash })).status).toBe(409);
    const fresh = /name="hash" value="([^"]+)"/.exec((await admin.get(`${UNITS}/mz-imp-003`)).body)![1]!;
    expect((await admin.post(`${UNITS}/mz-imp-003/delete`, { csrf, hash: fresh })).status).toBe(303);
    expect((await storedUnits()).some((u) => u.id === 'mz-imp-003')).toBe(false);
    // The device pulls the tombstone and drops the unit.
    const pulled = (await pullAll(device)).filter((i) => i.key === 'mz-imp-003');
    expect(pulled).toEqual([expect.objectContaining({ kind: 'asset', deleted: true, data: null })]);
  });

  it('refuses a file over the size limit, saying the limit', async () => {
    const res = await upload(admin, Buffer.alloc(5 * 1024 * 1024, 0x41), await admin.csrf(), 'big.xlsx');
    expect(res.status).toBe(413);
    expect(res.body).toContain('文件超过 4 MB 的上限');
  });

  it('exports in the template’s columns, so the export reads back as an import', async () => {
    for (const path of [`${UNITS}/template.xlsx`, `${UNITS}.xlsx`]) {
      const res = await fetch(`${office.url}${path}`, { headers: { cookie: admin.cookie } });
      expect(res.status).toBe(200);
      const read = await readWorkbook(Buffer.from(await res.arrayBuffer()));
      const sheet = read.ok ? read.sheets[0]! : undefined;
      if (sheet?.state !== 'ok') throw new Error(`${path}: ${JSON.stringify(sheet)}`);
      expect(Object.keys(guessMapping(sheet.table.columns.map((c) => c.header))).sort()).toEqual([...UNIT_FIELDS].sort());
      if (path.endsWith('units.xlsx')) expect(sheet.table.rows).toHaveLength(STORED + IMPORTED - 1);
      if (path.endsWith('template.xlsx')) {
        // One example row, drop-down lists from a hidden sheet, and the notes naming each department's rooms.
        expect(sheet.table.rows).toHaveLength(1);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load((await (await fetch(`${office.url}${path}`, { headers: { cookie: admin.cookie } })).arrayBuffer()) as ArrayBuffer);
        expect(book.worksheets.map((w) => [w.name, w.state])).toEqual([['设备清单 Units', 'visible'], ['说明 Notes', 'visible'], ['lists', 'hidden']]);
        expect(book.worksheets[0]!.getCell('B2').dataValidation).toMatchObject({ type: 'list', formulae: ['lists!$A$1:$A$12'] });
        expect(book.worksheets[0]!.getCell('H5001').dataValidation).toMatchObject({ type: 'list' });
        const notes = book.worksheets[1]!.getSheetValues().flat().join(' ');
        expect(notes).toContain('候诊区、分诊台、诊室1、诊室2、诊室3');
      }
    }
  });
});

describe('readers', () => {
  it('read their hospital’s units and are refused every change (403) and other hospitals (404)', async () => {
    expect((await reader.get(UNITS)).status).toBe(200);
    expect((await reader.get(UNITS)).body).not.toContain(`${UNITS}/import`);
    // Nor the import template: a reader cannot import.
    expect((await reader.get(UNITS)).body).not.toContain('下载导入模板');
    expect((await admin.get(UNITS)).body).toContain('下载导入模板');
    expect((await reader.get('/console/hospitals/wuhan-central/units')).status).toBe(404);
    const csrf = await csrfOf(reader);
    const uploaded = await upload(reader, await unitsFile('HJ-R'), csrf);
    expect(uploaded.status).toBe(403);
    expect((await reader.post(`${UNITS}/import/00000000-0000-0000-0000-000000000000/confirm`, { csrf, skipRefused: 'yes' })).status).toBe(403);
    expect((await reader.post(`${UNITS}/mz-imp-001/delete`, { csrf, hash: 'x' })).status).toBe(403);
    expect((await reader.get(`${UNITS}/import`)).status).toBe(403);
    expect(await storedUnits()).toHaveLength(STORED + IMPORTED - 1);
  });
});

/**
 * A small upload whose cells all hold one 1,000-character shared string: 5,000 rows × 40 columns in
 * each of `sheets` sheets (a 549 KB file for one sheet, 1.6 MB for three).
 */
async function amplifyingFile(sheets: number): Promise<Buffer> {
  const names = ['a', 'b', 'c'].slice(0, sheets);
  const parts = await workbookParts(names.map((name) => ({ name, rows: [['资产编号 Asset tag', '类型 Type', '型号 Model', '名称 Name', '科室 Department', '房间 Room'], ['X'.repeat(1000)]] })));
  const strings = [...parts.get('xl/sharedStrings.xml')!.toString('utf8').matchAll(/<si>(.*?)<\/si>/g)].map((m) => m[1]!);
  const index = strings.findIndex((x) => x.includes('XXXX'));
  const rows = sharedStringRows(3, 4999, 40, index);
  for (let i = 1; i <= sheets; i++) {
    const name = `xl/worksheets/sheet${i}.xml`;
    parts.set(name, Buffer.from(parts.get(name)!.toString('utf8').replace('</sheetData>', `${rows}</sheetData>`)));
  }
  return zipOf([...parts].map(([name, data]) => deflated(name, data, 9)));
}

/** The largest RSS seen while `run` runs (the office runs in this process), less the RSS before. */
async function measured<T>(run: () => Promise<T>): Promise<{ result: T; grew: number; ms: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = Date.now();
  try {
    const result = await run();
    return { result, grew: Math.max(peak, process.memoryUsage().rss) - before, ms: Date.now() - started };
  } finally {
    clearInterval(timer);
  }
}

describe('what an upload may cost', () => {
  it('keeps a 549 KB file of 200,000 long cells as the file, not its text: small preview, fast pages, every row refused by name', async () => {
    const bytes = await amplifyingFile(1);
    const csrf = await admin.csrf();
    const up = await measured(() => upload(admin, bytes, csrf));
    expect(up.result.status).toBe(303);
    const mappingUrl = up.result.headers.get('location')!;
    const mappingPage = await measured(() => admin.get(mappingUrl));
    expect(mappingPage.result.status).toBe(200);
    expect(mappingPage.result.body).toContain('下面有 5000 行数据');
    const map = { 'map.assetTag': '0', 'map.hardwareType': '1', 'map.model': '2', 'map.nameZh': '3', 'map.department': '4', 'map.room': '5' };
    const mapped = await measured(() => admin.post(mappingUrl, { csrf, sheet: '0', ...map }));
    expect(mapped.result.status).toBe(303);
    const previewUrl = mapped.result.headers.get('location')!;
    const shown = await measured(() => admin.get(previewUrl));
    expect(shown.result.status).toBe(200);
    expect(shown.result.body).toContain('data-count="refused">5000<');
    // One tag on every row: each names the count and the first rows, not all 5,000 (which would be 25 million numbers).
    expect(shown.result.body).toContain('在 5000 行中重复，例如第 2、3、4、5、6、7、8、9、10、11 行');
    const kept = JSON.stringify((await office.ctx.store.getImportPreview(previewUrl.split('/').at(-1)!, 'admin'))!.data).length;
    console.log(`549 KB file (${bytes.length} B): upload ${up.ms} ms +${Math.round(up.grew / 1e6)} MB; mapping page ${mappingPage.ms} ms; mapping → plan ${mapped.ms} ms +${Math.round(mapped.grew / 1e6)} MB; preview page ${shown.ms} ms; preview kept ${Math.round(kept / 1e3)} KB`);
    // Cell text is kept to 100 characters a field; what is left is each refused row's problems (lists of the types and departments expected).
    expect(kept).toBeLessThan(20e6);
    expect(mapped.grew).toBeLessThan(600e6);
    expect(mappingPage.ms).toBeLessThan(1000);
    expect(shown.ms).toBeLessThan(2000);
    expect(await storedUnits()).toHaveLength(STORED + IMPORTED - 1);
  }, 60_000);

  it('takes three such sheets (1.6 MB) one at a time, in bounded memory, with no 500; a new upload replaces the older preview', async () => {
    const bytes = await amplifyingFile(3);
    const csrf = await admin.csrf();
    const first = await upload(admin, await unitsFile('HJ-P'), csrf);
    expect(first.status).toBe(303);
    const up = await measured(() => upload(admin, bytes, csrf));
    console.log(`1.6 MB file (${bytes.length} B), 3 sheets: upload ${up.ms} ms, RSS +${Math.round(up.grew / 1e6)} MB`);
    expect(up.result.status).toBe(303);
    expect(up.grew).toBeLessThan(600e6);
    const mapping = await admin.get(up.result.headers.get('location')!);
    expect(mapping.body).toContain('<option value="1">b</option>');
    // The earlier upload's preview is gone: one open import per user and hospital.
    const gone = await admin.get(first.headers.get('location')!);
    expect(gone.status).toBe(404);
    expect(gone.body).toContain('这个导入预览不存在');
  }, 60_000);

  it('refuses a zip bomb with a clear message', async () => {
    const parts = await workbookParts([{ name: 'units', rows: [HEADER] }]);
    const sheet = parts.get('xl/worksheets/sheet1.xml')!;
    const padded = Buffer.concat([sheet.subarray(0, sheet.indexOf('<sheetData')), Buffer.alloc(64 * 1024 * 1024, 0x20), sheet.subarray(sheet.indexOf('<sheetData'))]);
    const bomb = zipOf([...parts].map(([name, data]) => (name === 'xl/worksheets/sheet1.xml' ? { ...deflated(name, padded, 1), size: data.length } : deflated(name, data))));
    const res = await upload(admin, bomb, await admin.csrf());
    expect(res.status).toBe(422);
    expect(res.body).toContain('文件已损坏或不完整');
  });
});

describe('ids and exports', () => {
  it('never gives a new unit the id of a deleted one', async () => {
    const csrf = await admin.csrf();
    const unit = (assetTag: string) => ({ csrf, hash: '', assetTag, hardwareType: 'kiosk', model: 'K1', nameZh: '自助机', nameEn: '', place: 'outpatient-building/internal-medicine', room: '候诊区', contract: '', template: '' });
    expect((await admin.post(`${UNITS}/new`, unit('RV-001'))).status).toBe(303);
    expect((await admin.post(`${UNITS}/new`, unit('RV--001'))).status).toBe(303); // rv-001 taken: rv-001-2
    const second = await office.ctx.store.getReference('asset', 'rv-001-2');
    expect((second!.data as Asset).assetTag).toBe('RV--001');
    expect((await admin.post(`${UNITS}/rv-001-2/delete`, { csrf, hash: second!.hash! })).status).toBe(303);
    expect((await admin.post(`${UNITS}/new`, unit('RV-001-'))).status).toBe(303); // rv-001 live, rv-001-2 deleted: rv-001-3
    expect((await office.ctx.store.getReference('asset', 'rv-001-2'))!.deleted).toBe(true);
    expect((await office.ctx.store.getReference('asset', 'rv-001-3'))!.data).toMatchObject({ assetTag: 'RV-001-' });
  });

  it('audits each export and the template: who, which file, how many units', async () => {
    for (const [path, target] of [[`${UNITS}.xlsx`, 'units-queue-demo.xlsx'], ['/console/units.xlsx', 'units.xlsx'], [`${UNITS}/template.xlsx`, 'units-template-queue-demo.xlsx']] as const) {
      const res = await fetch(`${office.url}${path}`, { headers: { cookie: reader.cookie } });
      expect(res.status).toBe(200);
      const entry = (await office.ctx.store.listAudit({ limit: 5 })).find((a) => a.action === 'units.export' && a.target === target);
      expect(entry, path).toMatchObject({ actor: 'admin:auditor', outcome: 'ok', details: expect.objectContaining({ rows: expect.any(Number) }) });
    }
  });
});

describe('units the file leaves out', () => {
  /** This hospital's export with the rows of `drop` left out and `changed`'s model changed: the list a hospital sends back. */
  async function exportWithout(drop: string[], changed?: string): Promise<Buffer> {
    const res = await fetch(`${office.url}${UNITS}.xlsx`, { headers: { cookie: admin.cookie } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const ws = book.worksheets[0]!;
    for (let r = ws.rowCount; r >= 2; r--) {
      const t = String(ws.getCell(r, 1).value);
      if (drop.includes(t)) ws.spliceRows(r, 1);
      else if (t === changed) ws.getCell(r, 3).value = 'CHANGED-MODEL';
    }
    return Buffer.from(await book.xlsx.writeBuffer());
  }
  const gone = [11, 12, 13, 14, 15, 16, 17, 18, 19, 22].map(tag);

  it('deletes them only when ticked, in the same guarded write; a device pulls them as tombstones', async () => {
    const before = await storedUnits();
    const url = await preview(await exportWithout(gone, tag(60)));
    const page = await admin.get(url);
    const absent = /<div class="not-in-file"[\s\S]*?<\/div>/.exec(page.body)?.[0] ?? '';
    expect(absent).toContain('本医院已有的 10 台设备不在这个文件中');
    // Each named with its name and place, unticked.
    expect(absent).toContain('<li><code>MZ-IMP-011</code> 内科设备 11 <span class="muted">(内科 / 分诊台)</span></li>');
    expect(absent.match(/<li>/g)).toHaveLength(10);
    expect(absent).not.toContain('checked');
    const unchanged = before.length - 11;
    expect(page.body).toContain(`<span class="confirm-plain">确认：写入 1 台（新增 0、更新 1），${unchanged} 行无变化</span>`);
    expect(page.body).toContain(`<span class="confirm-delete">确认：写入 1 台（新增 0、更新 1），删除 10 台，${unchanged} 行无变化</span>`);

    // Not ticked: the update alone; the ten are untouched.
    const plain = await admin.post(`${url}/confirm`, { csrf: await admin.csrf() });
    expect(plain.headers.get('location')).toBe(`${UNITS}?imported=0%2C1%2C${unchanged}%2C0%2C0`);
    const after = await storedUnits();
    expect(after).toHaveLength(before.length);
    expect(after.find((u) => u.assetTag === tag(60))?.model).toBe('CHANGED-MODEL');
    for (const t of gone) expect(after.find((u) => u.assetTag === t)).toEqual(before.find((u) => u.assetTag === t));

    // The same file again: nothing to write, no button until the deletion is ticked.
    const again = await preview(await exportWithout(gone, tag(60)));
    const nothing = await admin.get(again);
    expect(nothing.body).toContain('没有需要写入的内容');
    expect(nothing.body).toContain('<button type="submit" class="delete-only"><span class="confirm-plain">');
    expect(nothing.body).toContain('<span class="confirm-delete">确认：删除 10 台');
    const csrf = await admin.csrf();
    const refused = await admin.post(`${again}/confirm`, { csrf });
    expect(refused.headers.get('location')).toBe(`${again}?problem=nothing`);
    expect((await admin.get(refused.headers.get('location')!)).body).toContain('<div class="error" data-testid="import-error">没有需要写入的内容');
    expect(await storedUnits()).toHaveLength(before.length);

    const ticked = await admin.post(`${again}/confirm`, { csrf, deleteAbsent: 'yes' });
    expect(ticked.status).toBe(303);
    expect(ticked.headers.get('location')).toBe(`${UNITS}?imported=0%2C0%2C${unchanged + 1}%2C0%2C10`);
    const left = await storedUnits();
    expect(left).toHaveLength(before.length - 10);
    expect(left.some((u) => gone.includes(u.assetTag))).toBe(false);
    const ids = before.filter((u) => gone.includes(u.assetTag)).map((u) => u.id);
    for (const id of ids) expect((await office.ctx.store.getReference('asset', id))!.deleted).toBe(true);
    const pulled = (await pullAll(device)).filter((i) => ids.includes(i.key));
    expect(pulled.map((i) => [i.key, i.deleted]).sort()).toEqual(ids.map((id) => [id, true]).sort());
    const audit = (await office.ctx.store.listAudit({ limit: 5 })).find((a) => a.action === 'unit.import' && a.outcome === 'ok');
    expect(audit?.details).toMatchObject({ new: 0, update: 0, deleted: 10 });
  });

  it('deletes nothing when a unit to delete changed after the preview', async () => {
    const victim = tag(23);
    const url = await preview(await exportWithout([victim]));
    const edit = await admin.get(`${UNITS}/mz-imp-023`);
    const hash = /name="hash" value="([^"]+)"/.exec(edit.body)![1]!;
    const csrf = await admin.csrf();
    const saved = await admin.post(`${UNITS}/mz-imp-023`, {
      csrf, hash, assetTag: victim, hardwareType: 'room_screen', model: 'KEPT', nameZh: '改过的', nameEn: '', place: 'outpatient-building/internal-medicine', room: '诊室3', contract: '', template: '',
    });
    expect(saved.status).toBe(303);
    const refused = await admin.post(`${url}/confirm`, { csrf, deleteAbsent: 'yes' });
    expect(refused.status).toBe(409);
    expect((await storedUnits()).find((u) => u.assetTag === victim)?.model).toBe('KEPT');
  });
});
