/** The units' Excel import, without a server: reading workbooks made here, guessing columns, checking rows. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { HospitalFile } from '../../src-shared/catalog/reference';
import { Template } from '../../src-shared/catalog/schema';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { checkUnit, unitIdFor, type UnitScope } from '../../src-server/admin/unit-checks';
import { FIELD_HEADERS, guessMapping, typeFromText, UNIT_FIELDS } from '../../src-server/admin/unit-fields';
import { checkUpload } from '../../src-server/admin/unit-file';
import { planImport } from '../../src-server/admin/unit-import';
import { readWorkbook, type SheetRead, type SheetTable } from '../../src-server/admin/unit-sheet';
import { boundaryOf, parseMultipart } from '../../src-server/admin/unit-upload';

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
    expect(checkUpload(ok)).toEqual({ ok: true });
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

  it('refuses a tag twice in the file naming the first row, updates a stored tag in place, and leaves an identical unit alone', async () => {
    const scope = await demoScope();
    const stored = scope.units[0]!.asset;
    const same = [stored.assetTag, '分诊台候诊屏', stored.model, stored.name.zh, stored.name.en, '门诊楼', '内科', stored.room, '', ''];
    const bytes = await workbook([
      HEADER,
      row('MZ-F-001'),
      row('mz-f-001'),
      [...same.slice(0, 2), 'HJ-NEW-MODEL', ...same.slice(3)],
      same,
    ]);
    const plan = await planImport(await table(bytes), guessMapping(HEADER), scope, new Set(scope.units.map((u) => u.asset.id)));
    expect(plan.rows[1]).toMatchObject({ r: 3, action: 'refused', problems: [expect.objectContaining({ code: 'tagInFile', params: { value: 'MZ-F-001', row: 2 } })] });
    // The stored unit keeps its id; the first row with its tag is the update, the second (the same again) is its duplicate.
    expect(plan.rows[2]).toMatchObject({ action: 'update', unitId: stored.id });
    expect(plan.rows[3]).toMatchObject({ action: 'refused' });
    expect(plan.writes.find((w) => w.key === stored.id)?.expectedHash).toBe(scope.units[0]!.hash);

    const again = await planImport(await table(await workbook([HEADER, same])), guessMapping(HEADER), scope, new Set());
    expect(again.rows[0]).toMatchObject({ action: 'unchanged', unitId: stored.id });
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

describe('the upload form', () => {
  it('reads the CSRF field and the file from a multipart body', () => {
    const boundary = '----xj7';
    const file = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0d, 0x0a, 0x2d, 0x2d]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\ntoken-1\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="设备.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    expect(boundaryOf(`multipart/form-data; boundary=${boundary}`)).toBe(boundary);
    const form = parseMultipart(body, boundary)!;
    expect(form.fields).toEqual({ csrf: 'token-1' });
    expect(form.files.file!.filename).toBe('设备.xlsx');
    expect(form.files.file!.data.equals(file)).toBe(true);
    expect(parseMultipart(Buffer.from('not multipart'), boundary)).toBeUndefined();
  });
});
