/** The units' Excel import, without a server: reading workbooks made here, guessing columns, checking rows. */
import { readFileSync, readdirSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { HospitalFile } from '../../src-shared/catalog/reference';
import { Template } from '../../src-shared/catalog/schema';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { checkUnit, unitIdFor, type UnitScope } from '../../src-server/admin/unit-checks';
import { FIELD_HEADERS, guessMapping, typeByAlias, typeFromText, UNIT_FIELDS } from '../../src-server/admin/unit-fields';
import { checkUpload, MAX_FILE_BYTES } from '../../src-server/admin/unit-file';
import { freeUnitId, planImport } from '../../src-server/admin/unit-import';
import { matchesSearch, pageWindow, searchKey } from '../../src-server/console/pages/units';
import { translator } from '../../src-server/console/i18n';
import type { PageContext } from '../../src-server/console/layout';
import { mappingPage, type StoredImport } from '../../src-server/console/pages/unit-import';
import { previewPage, readPreviewQuery, shownRows } from '../../src-server/console/pages/unit-preview';
import { countRows, readSheetAt, readWorkbook, summarizeWorkbook, type SheetRead, type SheetTable } from '../../src-server/admin/unit-sheet';
import { deflated, sharedStringRows, workbookParts, zipOf, type ZipEntry } from '../helpers/xlsx-zip';

const catalog = path.resolve(import.meta.dirname, '../../assets/catalog');

/** queue-demo as the office holds it, with a department whose rooms are numbers. */
async function demoScope(): Promise<UnitScope> {
  const file = HospitalFile.parse(JSON.parse(readFileSync(path.join(catalog, 'hospitals/queue-demo.json'), 'utf8')));
  const hospital = structuredClone(file.hospital);
  hospital.campuses[0]!.departments.push({ id: 'ward-3', name: { zh: '三病区', en: 'Ward 3' }, rooms: ['302', '303'] });
  const templates: UnitScope['templates'] = new Map();
  for (const name of readdirSync(path.join(catalog, 'templates'))) {
    const t = Template.parse(JSON.parse(readFileSync(path.join(catalog, 'templates', name), 'utf8')));
    if (t.hardwareType) templates.set(t.id, { hardwareType: t.hardwareType, name: t.name });
  }
  return {
    hospital,
    hospitalHash: await canonicalHash(hospital),
    contracts: await Promise.all(file.contracts.map(async (c) => ({ contract: c, hash: await canonicalHash(c) }))),
    templates,
    units: await Promise.all(file.assets.map(async (a) => ({ asset: a, hash: await canonicalHash(a) }))),
  };
}

const HEADER = UNIT_FIELDS.map((f) => `${FIELD_HEADERS[f].zh} ${FIELD_HEADERS[f].en}`);
const row = (tag: unknown, extra: Partial<Record<'type' | 'room' | 'department' | 'model', unknown>> = {}): unknown[] => [
  tag,
  extra.type ?? '诊室叫号屏',
  extra.model ?? 'HJ-RS215P',
  `屏 ${String(tag)}`,
  '',
  '',
  extra.department ?? '内科',
  extra.room ?? '诊室1',
  '',
  '',
];

async function workbook(rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('设备');
  for (const r of rows) ws.addRow(r);
  edit?.(ws);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function table(bytes: Buffer): Promise<SheetTable> {
  const read = await readWorkbook(bytes);
  if (!read.ok) throw new Error(read.code);
  const sheet = read.sheets[0]!;
  if (sheet.state !== 'ok') throw new Error(sheet.state);
  return sheet.table;
}

async function firstSheet(bytes: Buffer): Promise<SheetRead> {
  const read = await readWorkbook(bytes);
  if (!read.ok) throw new Error(read.code);
  return read.sheets[0]!;
}

describe('header guessing', () => {
  it('maps the template’s own bilingual headers, field for field', () => {
    expect(guessMapping(HEADER)).toEqual(Object.fromEntries(UNIT_FIELDS.map((f, i) => [f, i])));
  });

  it('reads Chinese headers of a hospital’s list, with full-width spaces, stars and brackets', () => {
    const m = guessMapping(['序号', '*固定资产编号', '设备名称', '规格型号', '使用科室', '安装位置（房间）', '设备类别', '备注']);
    expect(m).toEqual({ assetTag: 1, nameZh: 2, model: 3, department: 4, room: 5, hardwareType: 6 });
    expect(guessMapping(['资产编号　', '英文名称', '名称'])).toEqual({ assetTag: 0, nameEn: 1, nameZh: 2 });
  });

  it('reads English headers whatever their case', () => {
    const m = guessMapping(['ASSET TAG', 'Device Type', 'Model', 'Name', 'English name', 'Campus', 'Dept', 'Location', 'Contract', 'Checklist']);
    expect(m).toEqual(Object.fromEntries(UNIT_FIELDS.map((f, i) => [f, i])));
  });

  it('takes a type by its value or its zh or en name', () => {
    expect(typeFromText('分诊台候诊屏')).toBe('waiting_screen');
    expect(typeFromText('waiting_screen')).toBe('waiting_screen');
    expect(typeFromText(' Room Screen ')).toBe('room_screen');
    expect(typeFromText('救护车5G车载套装')).toBe('ambulance_kit');
    expect(typeFromText('打印机')).toBeUndefined();
  });
});

describe('reading a workbook', () => {
  it('refuses merged cells in the data, naming each range, but not a merged title above the header', async () => {
    const bytes = await workbook([['某医院设备清单'], HEADER, row('MZ-A-001'), row('MZ-A-002'), row('MZ-A-003'), row('MZ-A-004'), row('MZ-A-005')], (ws) => {
      ws.mergeCells('A1:J1');
      ws.mergeCells('B4:B7');
      ws.mergeCells('G3:H3');
    });
    const sheet = await firstSheet(bytes);
    expect(sheet).toMatchObject({ state: 'merged' });
    expect(sheet.state === 'merged' && sheet.ranges.sort()).toEqual(['B4:B7', 'G3:H3']);

    const titleOnly = await table(await workbook([['某医院设备清单'], HEADER, row('MZ-A-001')], (ws) => ws.mergeCells('A1:J1')));
    expect(titleOnly.headerRow).toBe(2);
    expect(titleOnly.rows.map((r) => r.r)).toEqual([3]);
  });

  it('refuses 10,000 rows, saying how many, and skips empty rows between data', async () => {
    const many = await workbook([HEADER, ...Array.from({ length: 10_000 }, (_, i) => row(`MZ-B-${String(i).padStart(5, '0')}`))]);
    expect(await firstSheet(many)).toEqual({ name: '设备', state: 'tooManyRows', rows: 10_000 });

    const gaps = await table(await workbook([HEADER, row('MZ-C-001'), [], [], row('MZ-C-002')]));
    expect(gaps.rows.map((r) => r.r)).toEqual([2, 5]);
    expect(gaps.emptyRows).toBe(2);
  });

  it('tells an xlsx from an encrypted file, an old .xls, a CSV and a broken zip', async () => {
    const ok = await workbook([HEADER, row('MZ-D-001')]);
    expect(checkUpload(ok)).toMatchObject({ ok: true });
    const ole = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    expect(checkUpload(ole)).toEqual({ ok: false, code: 'oldXls' });
    Buffer.from('EncryptionInfo', 'utf16le').copy(ole, 1024);
    expect(checkUpload(ole)).toEqual({ ok: false, code: 'encrypted' });
    expect(checkUpload(Buffer.from('资产编号,设备类型\nMZ-1,kiosk\n'))).toEqual({ ok: false, code: 'notXlsx' });
    expect(checkUpload(Buffer.alloc(0))).toEqual({ ok: false, code: 'empty' });
    expect(checkUpload(ok.subarray(0, 600))).toEqual({ ok: false, code: 'corrupt' });
    // A zip that exceljs cannot open as a workbook.
    const broken = Buffer.from(ok);
    broken.fill(0x41, 200, 400);
    expect(await readWorkbook(broken)).toEqual({ ok: false, code: 'corrupt' });
  });
});

describe('planning an import', () => {
  it('converts what is unambiguous and names each cell that is not text', async () => {
    const scope = await demoScope();
    const bytes = await workbook(
      [
        HEADER,
        row('MZ-E-001', { department: '三病区', room: 302 }),
        row(new Date(Date.UTC(2026, 2, 4))),
        row('MZ-E-003', { model: { error: '#N/A' } }),
        row({ formula: 'UPPER("mz-e-004")', result: 'MZ-E-004' }),
        row('MZ-E-005', { room: true }),
      ],
    );
    const plan = await planImport(await table(bytes), guessMapping(HEADER), scope, new Set());
    const byRow = new Map(plan.rows.map((r) => [r.r, r]));
    expect(byRow.get(2)).toMatchObject({ action: 'new', unitId: 'mz-e-001', problems: [] });
    expect(byRow.get(3)!.problems).toEqual([expect.objectContaining({ field: 'assetTag', code: 'cellDate', column: 'A', params: { value: '2026-03-04' } })]);
    expect(byRow.get(4)!.problems).toEqual([expect.objectContaining({ field: 'model', code: 'cellError', column: 'C', params: { value: '#N/A' } })]);
    expect(byRow.get(5)).toMatchObject({ action: 'new', unitId: 'mz-e-004' });
    expect(byRow.get(6)!.problems).toEqual([expect.objectContaining({ field: 'room', code: 'cellBool', column: 'H' })]);
    expect(plan.counts).toEqual({ new: 2, update: 0, unchanged: 0, refused: 3 });
    const written = plan.writes.find((w) => w.key === 'mz-e-001')!.data as { room: string; departmentId: string; templateId: string; name: { en: string } };
    expect(written).toMatchObject({ room: '302', departmentId: 'ward-3', templateId: 'queue-room-screen', name: { en: '屏 MZ-E-001' } });
  });

  it('refuses every row of a tag the file has twice, each naming all its rows, however the tag is written', async () => {
    const scope = await demoScope();
    const stored = scope.units[0]!.asset;
    const same = [stored.assetTag, '分诊台候诊屏', stored.model, stored.name.zh, stored.name.en, '门诊楼', '内科', stored.room, '', ''];
    const bytes = await workbook([
      HEADER,
      row('MZ-F-001'),
      row(' ｍｚ－ｆ－００１ '),
      row('MZ-F-002'),
      row('mz-f-001'),
      [...same.slice(0, 2), 'HJ-NEW-MODEL', ...same.slice(3)],
      same,
    ]);
    const plan = await planImport(await table(bytes), guessMapping(HEADER), scope, new Set(scope.units.map((u) => u.asset.id)));
    const dup = (value: string, rows: number[]) => ({ r: expect.any(Number), action: 'refused', problems: [expect.objectContaining({ code: 'tagInFile', column: 'A', params: { value, rows } })] });
    for (const i of [0, 1, 3]) expect(plan.rows[i]).toMatchObject(dup('MZ-F-001', [2, 3, 5]));
    expect(plan.rows[2]).toMatchObject({ action: 'new', unitId: 'mz-f-002' });
    // The stored unit's tag twice: neither row updates it, and nothing is written for it.
    for (const i of [4, 5]) expect(plan.rows[i]).toMatchObject(dup(stored.assetTag, [6, 7]));
    expect(plan.writes.map((w) => w.key)).toEqual(['mz-f-002']);
    expect(plan.counts).toEqual({ new: 1, update: 0, unchanged: 0, refused: 5 });
  });

  it('updates a stored tag in place naming each changed field old → new, leaves an identical unit alone, and counts stored units not in the file', async () => {
    const scope = await demoScope();
    const stored = scope.units[0]!.asset;
    const same = [stored.assetTag, '分诊台候诊屏', stored.model, stored.name.zh, stored.name.en, '门诊楼', '内科', stored.room, '', ''];
    const changed = [...same.slice(0, 2), 'HJ-NEW-MODEL', ...same.slice(3, 7), '分诊台', ...same.slice(8)];
    const plan = await planImport(await table(await workbook([HEADER, changed, row('MZ-H-001')])), guessMapping(HEADER), scope, new Set(scope.units.map((u) => u.asset.id)));
    expect(plan.rows[0]).toMatchObject({ action: 'update', unitId: stored.id });
    expect(stored.room).not.toBe('分诊台');
    expect(plan.rows[0]!.changes).toEqual([
      { field: 'model', from: stored.model, to: 'HJ-NEW-MODEL' },
      { field: 'room', from: stored.room, to: '分诊台' },
    ]);
    expect(plan.rows[1]!.changes).toBeUndefined();
    expect(plan.writes.find((w) => w.key === stored.id)?.expectedHash).toBe(scope.units[0]!.hash);
    // Every other stored unit is not in the file: counted, the first 50 by tag named with name and place, all their ids kept for a deletion.
    const others = scope.units.filter((u) => u.asset.id !== stored.id).sort((a, b) => a.asset.assetTag.localeCompare(b.asset.assetTag));
    expect(plan.notInFile?.count).toBe(others.length);
    expect(plan.notInFile?.units).toHaveLength(Math.min(50, others.length));
    expect(plan.notInFile?.units[0]).toEqual({ id: others[0]!.asset.id, tag: others[0]!.asset.assetTag, name: others[0]!.asset.name, department: expect.objectContaining({ zh: expect.any(String) }), room: others[0]!.asset.room });
    expect(plan.notInFile?.ids).toEqual(others.map((u) => u.asset.id));

    const again = await planImport(await table(await workbook([HEADER, same])), guessMapping(HEADER), scope, new Set());
    expect(again.rows[0]).toMatchObject({ action: 'unchanged', unitId: stored.id });
    expect(again.rows[0]!.changes).toBeUndefined();
    expect(again.writes).toEqual([]);
  });

  it('names the department’s rooms for an unknown room, and the types for an unknown type', async () => {
    const scope = await demoScope();
    const plan = await planImport(await table(await workbook([HEADER, row('MZ-G-001', { room: '诊室9' }), row('MZ-G-002', { type: '打印机' })])), guessMapping(HEADER), scope, new Set());
    expect(plan.rows[0]!.problems).toEqual([
      expect.objectContaining({ field: 'room', code: 'roomUnknown', column: 'H', params: { value: '诊室9', department: { zh: '内科', en: 'Internal medicine' }, expected: ['候诊区', '分诊台', '诊室1', '诊室2', '诊室3'] } }),
    ]);
    expect(plan.rows[1]!.problems).toEqual([expect.objectContaining({ field: 'hardwareType', code: 'typeUnknown', column: 'B', params: expect.objectContaining({ value: '打印机' }) })]);
  });
});

describe('the one unit check (form and import)', () => {
  it('refuses a tag another unit of the hospital has, naming that unit', async () => {
    const scope = await demoScope();
    const other = scope.units[1]!.asset;
    const input = { assetTag: other.assetTag, hardwareType: 'kiosk', model: 'K1', nameZh: '自助机', department: 'internal-medicine', room: '候诊区' };
    const checked = checkUnit(input, scope);
    expect(checked.problems).toEqual([{ field: 'assetTag', code: 'tagTaken', params: { value: other.assetTag, name: other.name, room: other.room, id: other.id } }]);
    // Editing that unit itself is not a duplicate.
    expect(checkUnit(input, scope, { selfId: other.id }).problems).toEqual([]);
  });

  it('asks which checklist when the contract has several of the type', async () => {
    const scope = await demoScope();
    const input = { assetTag: 'MZ-H-001', hardwareType: 'peripheral', model: 'SP-1', nameZh: '音箱', department: '内科', room: '候诊区' };
    expect(checkUnit(input, scope).problems).toEqual([expect.objectContaining({ field: 'template', code: 'templateChoose' })]);
    expect(checkUnit({ ...input, template: '叫号音箱/功放' }, scope).unit).toMatchObject({ templateId: 'queue-speaker', contractId: 'queue-demo-2026' });
  });

  it('makes ids from tags that do not collide', () => {
    expect(unitIdFor('MZ-NK-WS-01', new Set())).toBe('mz-nk-ws-01');
    expect(unitIdFor('MZ--X-', new Set())).toBe('mz-x');
    expect(unitIdFor('MZ-NK-WS-01', new Set(['mz-nk-ws-01', 'mz-nk-ws-01-2']))).toBe('mz-nk-ws-01-3');
  });
});


/** The largest RSS seen while `run` runs (sampled every 20 ms), less the RSS before it. */
async function rssGrowth<T>(run: () => Promise<T>): Promise<{ result: T; grew: number; ms: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = Date.now();
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, grew: peak - before, ms: Date.now() - started };
  } finally {
    clearInterval(timer);
  }
}

describe('a file that lies about itself or is too large unpacked', () => {
  it('refuses a part that unpacks past the size it declares, after no more than that size of real output', async () => {
    const parts = await workbookParts([{ name: 'units', rows: [HEADER, row('MZ-Z-001')] }]);
    const sheet = parts.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    const at = sheet.indexOf('<sheetData>');
    // 256 MB of spaces inside the sheet, deflated to about 250 KB, declaring the sheet's true small size.
    const padded = Buffer.concat([Buffer.from(sheet.slice(0, at)), Buffer.alloc(256 * 1024 * 1024, 0x20), Buffer.from(sheet.slice(at))]);
    const bomb = zipOf([...parts].map(([name, data]) => (name === 'xl/worksheets/sheet1.xml' ? { ...deflated(name, padded, 1), size: data.length, crc: crc32(data) } : deflated(name, data))));
    expect(bomb.length).toBeLessThan(MAX_FILE_BYTES);
    const checked = await rssGrowth(async () => checkUpload(bomb));
    expect(checked.result).toEqual({ ok: false, code: 'corrupt' });
    // Never more than the declared size is inflated: nothing like the 256 MB, and quickly.
    expect(checked.grew).toBeLessThan(64e6);
    expect(checked.ms).toBeLessThan(2000);
    console.log(`bomb of ${bomb.length} bytes: refused in ${checked.ms} ms, RSS +${Math.round(checked.grew / 1e6)} MB`);
    // exceljs is never given the file either.
    expect(await readWorkbook(bomb)).toEqual({ ok: false, code: 'corrupt' });

    // Declaring its true size, the same file is refused for its size before anything is inflated.
    const honest = zipOf([...parts].map(([name, data]) => (name === 'xl/worksheets/sheet1.xml' ? deflated(name, padded, 1) : deflated(name, data))));
    expect(checkUpload(honest)).toEqual({ ok: false, code: 'tooLargeUnpacked' });
  });

  it('refuses encrypted parts, compression other than stored or deflated, and parts shorter than declared', async () => {
    const parts = await workbookParts([{ name: 'units', rows: [HEADER, row('MZ-Z-002')] }]);
    const entries = [...parts].map(([name, data]) => deflated(name, data));
    const sheetAt = entries.findIndex((e) => e.name === 'xl/worksheets/sheet1.xml');
    const changed = (change: Partial<ZipEntry>) => zipOf(entries.map((e, i) => (i === sheetAt ? { ...e, ...change } : e)));
    expect(checkUpload(zipOf(entries))).toMatchObject({ ok: true });
    expect(checkUpload(changed({ flags: 1 }))).toEqual({ ok: false, code: 'encrypted' });
    expect(checkUpload(changed({ method: 12 }))).toEqual({ ok: false, code: 'method' });
    expect(checkUpload(changed({ size: entries[sheetAt]!.size + 10 }))).toEqual({ ok: false, code: 'corrupt' });
    // Stored parts are taken as they are.
    const stored = zipOf([...parts].map(([name, data]) => ({ name, data, size: data.length, crc: crc32(data), method: 0 })));
    expect(await firstSheet(stored)).toMatchObject({ state: 'ok', table: { rows: [{ r: 2 }] } });
  });

  it('refuses 750,000 rows inside the size limits without building them, naming the limit', async () => {
    const parts = await workbookParts([{ name: 'units', rows: [['资产编号']] }]);
    const sheet = parts.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    const rows: string[] = [];
    for (let r = 2; r <= 750_000; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>1</v></c></row>`);
    parts.set('xl/worksheets/sheet1.xml', Buffer.from(sheet.replace('</sheetData>', `${rows.join('')}</sheetData>`)));
    const bytes = zipOf([...parts].map(([name, data]) => deflated(name, data, 9)));
    expect(bytes.length).toBeLessThan(MAX_FILE_BYTES);
    const read = await rssGrowth(() => readWorkbook(bytes));
    expect(read.result).toEqual({ ok: true, sheets: [{ name: 'units', state: 'tooManyRows', rows: 749_999 }] });
    // Unpacked (about 37 MB) and counted, never parsed by exceljs: well under the 6.6 s and 260 MB of parsing it.
    expect(read.ms).toBeLessThan(2500);
    expect(read.grew).toBeLessThan(200e6);
    console.log(`750,000 rows: refused in ${read.ms} ms, RSS +${Math.round(read.grew / 1e6)} MB`);
  }, 30_000);

  it('counts rows holding values, not empty ones, and reads only the sheet asked for', async () => {
    expect(countRows(Buffer.from('<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2" ht="20"/><row r="3"><c r="A3" s="1"/></row><row r="4"><c r="A4" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))).toEqual({ elements: 4, withValues: 2, cells: 3 });
    const book = new ExcelJS.Workbook();
    book.addWorksheet('说明').addRow(['填写说明']);
    const list = book.addWorksheet('设备');
    for (const r of [HEADER, row('MZ-S-001'), row('MZ-S-002')]) list.addRow(r);
    book.addWorksheet('隐藏', { state: 'hidden' }).addRow(['x']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const one = await readSheetAt(bytes, 1);
    expect(one).toMatchObject({ name: '设备', state: 'ok', table: { headerRow: 1 } });
    expect(one?.state === 'ok' && one.table.rows.map((r) => r.r)).toEqual([2, 3]);
    const summary = await summarizeWorkbook(bytes);
    expect(summary).toMatchObject({ ok: true, sheets: [{ name: '说明', state: 'ok', table: { rowCount: 0 } }, { name: '设备', state: 'ok', table: { rowCount: 2 } }] });
    expect(summary.ok && summary.sheets[1]!.state === 'ok' && summary.sheets[1]!.table.first[0]).toBe('MZ-S-001');
    expect(summary.ok && summary.sheets).toHaveLength(2);
  });
});

describe('a wide sheet', () => {
  it('refuses more cells than 5,000 rows of 40 columns need (twice over) before exceljs builds them', async () => {
    const parts = await workbookParts([{ name: 'units', rows: [['资产编号']] }]);
    const sheet = parts.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    parts.set('xl/worksheets/sheet1.xml', Buffer.from(sheet.replace('</sheetData>', `${sharedStringRows(2, 4000, 120, 0)}</sheetData>`)));
    const read = await rssGrowth(() => readWorkbook(zipOf([...parts].map(([name, data]) => deflated(name, data)))));
    expect(read.result).toEqual({ ok: true, sheets: [{ name: 'units', state: 'tooManyCells', cells: 480_001 }] });
    expect(read.ms).toBeLessThan(2000);
  });
});

describe('ids of new units', () => {
  it('never takes an id a deleted unit had: every suffix is checked', async () => {
    const scope = await demoScope();
    const used = new Set(['rv-001', 'rv-001-2', 'rv-001-3']); // rv-001-2 and -3 deleted, in any hospital
    const plan = await planImport(await table(await workbook([HEADER, row('RV-001')])), guessMapping(HEADER), scope, new Set(), (id) => used.has(id));
    expect(plan.rows[0]).toMatchObject({ action: 'new', unitId: 'rv-001-4' });
    expect(await freeUnitId('RV-001', new Set(['rv-001-4']), (id) => used.has(id))).toBe('rv-001-5');
  });
});

describe('the units list', () => {
  it('links the first, last and nearby pages, and searches as tags are stored (full-width, any case)', async () => {
    expect(pageWindow(1, 53)).toEqual([1, 2, 3, null, 53]);
    expect(pageWindow(27, 53)).toEqual([1, null, 25, 26, 27, 28, 29, null, 53]);
    expect(pageWindow(2, 3)).toEqual([1, 2, 3]);
    const unit = (await demoScope()).units[0]!.asset;
    expect(matchesSearch(unit, searchKey(unit.assetTag.toLowerCase().normalize('NFKC').replace(/[A-Za-z0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))))).toBe(true);
    expect(matchesSearch(unit, searchKey(unit.model.toLowerCase()))).toBe(true);
    expect(matchesSearch(unit, searchKey(unit.name.zh))).toBe(true);
    expect(matchesSearch(unit, searchKey('no such unit'))).toBe(false);
  });
});

const pcOf = (lang: 'zh-CN' | 'en'): PageContext => ({ t: translator(lang), lang });

describe('what the preview shows of each row', () => {
  it('tells a type named by an alias from one named by its label or value', () => {
    expect(typeByAlias('叫号器')).toBe(true);
    expect(typeByAlias(' keypad ')).toBe(true);
    for (const exact of ['物理叫号器', 'Caller keypad', 'caller_keypad', 'CALLER KEYPAD', '打印机', '']) expect(typeByAlias(exact), exact).toBe(false);
  });

  it('shows type and model of each row to write, asks to check a type read from an alias, and lists refused and changed rows first', async () => {
    const scope = await demoScope();
    const stored = scope.units[0]!.asset;
    const same = [stored.assetTag, '分诊台候诊屏', stored.model, stored.name.zh, stored.name.en, '门诊楼', '内科', stored.room, '', ''];
    const plan = await planImport(
      await table(await workbook([HEADER, same, row('MZ-K-001', { type: '叫号器' }), row('MZ-K-002', { room: '诊室9' }), row('MZ-K-003', { type: 'room_screen' })])),
      guessMapping(HEADER), scope, new Set(scope.units.map((u) => u.asset.id)),
    );
    expect(plan.rows.map((r) => [r.r, r.action, r.type, r.typeAlias])).toEqual([
      [2, 'unchanged', 'waiting_screen', undefined],
      [3, 'new', 'caller_keypad', '叫号器'],
      [4, 'refused', undefined, undefined],
      [5, 'new', 'room_screen', undefined],
    ]);
    expect(shownRows(plan, undefined).map((r) => r.r)).toEqual([4, 3, 5, 2]);

    const stash: StoredImport = { fileName: 'units.xlsx', file: '', sheets: [], sheet: 0, plan };
    const zh = previewPage(pcOf('zh-CN'), scope, 'p1', stash, readPreviewQuery({}));
    const keypad = /<tr class="action-new" data-row="3">[\s\S]*?<\/tr>/.exec(zh)?.[0] ?? '';
    expect(keypad).toContain('<span class="unit-type" data-type="caller_keypad">物理叫号器 · HJ-RS215P</span>');
    expect(keypad).toContain('类型按“叫号器”识别为“物理叫号器”，请核对');
    expect(/<tr class="action-new" data-row="5">[\s\S]*?<\/tr>/.exec(zh)?.[0]).not.toContain('data-type-alias');
    // The button says what is written, skipped and unchanged, once each.
    expect(zh).toContain('<span class="confirm-plain">确认：写入 2 台（新增 2、更新 0），跳过 1 行被拒绝的，1 行无变化</span>');
    const en = previewPage(pcOf('en'), scope, 'p1', stash, readPreviewQuery({}));
    expect(en).toContain('Type &quot;叫号器&quot; was read as &quot;Caller keypad&quot;: please check');
    expect(en).toContain('Confirm — units to write: 2 (2 new, 0 updated), refused rows skipped: 1, unchanged rows: 1');
    expect(en).not.toMatch(/\b1 (units|rows)\b/);
  });

  it('has no confirm button when nothing is to be written and nothing can be deleted', async () => {
    const scope = await demoScope();
    const units = scope.units.map((u) => u.asset);
    const rows = units.map((a) => {
      const campus = scope.hospital.campuses.find((c) => c.id === a.campusId)!;
      const department = campus.departments.find((d) => d.id === a.departmentId)!;
      return [a.assetTag, a.hardwareType, a.model, a.name.zh, a.name.en, campus.name.zh, department.name.zh, a.room, a.contractId, a.templateId];
    });
    const plan = await planImport(await table(await workbook([HEADER, ...rows])), guessMapping(HEADER), scope, new Set(units.map((a) => a.id)));
    expect(plan.counts).toMatchObject({ new: 0, update: 0, refused: 0, unchanged: units.length });
    const html = previewPage(pcOf('zh-CN'), scope, 'p1', { fileName: 'units.xlsx', file: '', sheets: [], sheet: 0, plan }, readPreviewQuery({}));
    expect(html).toContain('没有需要写入的内容');
    expect(html).not.toContain('<button type="submit"');
    expect(html).not.toContain('/confirm');
  });
});

describe('the mapping page', () => {
  it('says required or optional under each field, with no empty column beside the notes', async () => {
    const scope = await demoScope();
    const upload = checkUpload(await workbook([HEADER, row('MZ-M-001')]));
    const book = upload.ok ? await summarizeWorkbook(upload.parts) : undefined;
    if (!book?.ok) throw new Error('unreadable');
    const stash: StoredImport = { fileName: 'units.xlsx', file: '', sheets: book.sheets, sheet: 0 };
    const html = mappingPage(pcOf('zh-CN'), scope, 'p1', stash, guessMapping(HEADER));
    expect(html).toContain('<th>设备的项</th><th>文件中的列</th><th>第一行数据中的值</th><th>填写说明</th>');
    expect(html).not.toContain('<th></th>');
    const tag = /<tr data-field="assetTag">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(tag).toMatch(/<th>资产编号<br><span class="need required">必填<\/span><\/th>/);
    expect(tag.match(/<td/g)).toHaveLength(3);
    expect(/<tr data-field="contract">[\s\S]*?<\/tr>/.exec(html)?.[0]).toContain('<span class="need muted">可选</span>');
    expect(mappingPage(pcOf('en'), scope, 'p1', stash, guessMapping(HEADER))).toContain('rows of data below it: 1.');
  });
});
