/** The console's hospital and contract forms ⇄ the catalog schemas: round trips, kept fields, problems named by field. */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HospitalFile, type Contract } from '../../src-shared/catalog/reference';
import type { Fields } from '../../src-server/admin/form-fields';
import { newContractFields } from '../../src-server/admin/contract-defaults';
import { contractFields, contractFromFields, type ContractRefs } from '../../src-server/admin/contract-form';
import { languageChecks } from '../../src-server/admin/contract-reminders';
import { hospitalFields, hospitalFromFields } from '../../src-server/admin/hospital-form';
import { translator } from '../../src-server/console/i18n';
import { referenceEn } from '../../src-server/console/i18n/reference';
import { counted } from '../../src-server/console/pages/hospitals-shared';

const dir = path.resolve('assets/catalog/hospitals');
const files = async (): Promise<HospitalFile[]> =>
  Promise.all((await readdir(dir)).filter((n) => n.endsWith('.json')).map(async (n) => HospitalFile.parse(JSON.parse(await readFile(path.join(dir, n), 'utf8')))));

const refsOf = (file: HospitalFile, c: Contract): ContractRefs => ({
  hospitalId: file.hospital.id,
  stored: c,
  campusIds: file.hospital.campuses.map((x) => x.id),
  systemTemplateIds: c.systems.map((s) => s.templateId),
  hardwareTemplateIds: c.hardwareTemplateIds,
  calendars: [c.calendar],
});

describe('contract form', () => {
  it('gives back every catalog contract unchanged: formFromContract → contractFromForm', async () => {
    let count = 0;
    for (const file of await files()) {
      for (const c of file.contracts) {
        const out = contractFromFields(contractFields(c), refsOf(file, c));
        expect(out.problems, c.id).toEqual([]);
        expect(out.contract, c.id).toEqual(c);
        count++;
      }
    }
    expect(count).toBe(5);
  });

  it('keeps what it cannot show (deliverables, evaluation, a level’s quotes and other statements) while the rest is edited', async () => {
    const file = (await files()).find((f) => f.hospital.id === 'wuhan-central')!;
    const c = file.contracts[0]!;
    const fields = { ...contractFields(c), nameZh: '武汉市中心医院 DRG 维保（续签）', 'lvl.0.respondAmount': '30', 'lvl.0.respondUnit': 'minute' };
    const out = contractFromFields(fields, refsOf(file, c));
    expect(out.problems).toEqual([]);
    expect(out.contract!.name.zh).toBe('武汉市中心医院 DRG 维保（续签）');
    expect(out.contract!.faultLevels[0]!.respond).toEqual({ amount: 30, unit: 'minute' });
    expect(out.contract!.deliverables).toEqual(c.deliverables);
    expect(out.contract!.evaluation).toEqual(c.evaluation);
    expect(out.contract!.faultLevels[0]!.alsoStated).toEqual(c.faultLevels[0]!.alsoStated);
    expect(out.contract!.faultLevels[0]!.alsoStated.length).toBeGreaterThan(0);
  });

  it('refuses a level without any time, naming the level; a service request may have none when its note says why', async () => {
    const file = (await files()).find((f) => f.hospital.id === 'queue-demo')!;
    const c = file.contracts[0]!;
    const fields = contractFields(c);
    for (const step of ['respond', 'setOut', 'onSite', 'propose', 'resolve']) fields[`lvl.1.${step}Amount`] = '';
    const out = contractFromFields(fields, refsOf(file, c));
    expect(out.contract).toBeUndefined();
    expect(out.problems).toEqual([{ field: 'lvl.1.respondAmount', code: 'noTime', params: { id: c.faultLevels[1]!.id, zh: c.faultLevels[1]!.name.zh, en: c.faultLevels[1]!.name.en } }]);

    delete fields['lvl.1.kind.fault'];
    fields['lvl.1.kind.consultation'] = 'on';
    fields['lvl.1.noteZh'] = '预约，无时限承诺。';
    fields['lvl.1.noteEn'] = 'Booked; no time promised.';
    expect(contractFromFields(fields, refsOf(file, c)).problems).toEqual([]);
  });

  it('names bad input by field: a number that is not one, an unknown template, a period that ends first, a duplicate level', async () => {
    const file = (await files()).find((f) => f.hospital.id === 'queue-demo')!;
    const c = file.contracts[0]!;
    const fields: Fields = { ...contractFields(c), 'lvl.0.respondAmount': '两小时', 'sys.0.template': 'no-such', periodEnd: '2020-01-01', 'lvl.1.id': c.faultLevels[0]!.id };
    delete fields['lvl.1.kept'];
    const out = contractFromFields(fields, { ...refsOf(file, c), stored: { ...c, faultLevels: c.faultLevels.slice(0, 1) } });
    const byField = Object.fromEntries(out.problems.map((p) => [p.field, p.code]));
    expect(byField).toMatchObject({ 'lvl.0.respondAmount': 'notNumber', 'sys.0.template': 'unknownTemplate', periodEnd: 'periodOrder', 'lvl.1.id': 'duplicateId' });
  });

  it('refuses dropping a hardware template or campus the contract’s units use, or a system records name; an unused one may go', async () => {
    const file = (await files()).find((f) => f.hospital.id === 'queue-demo')!;
    const c = file.contracts[0]!;
    const units = file.assets.filter((a) => a.contractId === c.id);
    const use = { units, systemRecords: new Map([[c.systems[0]!.id, { count: 1, names: ['XJ-2026-0001'] }]]) };
    const used = new Set(units.map((u) => `hw.${u.templateId}`));
    const fields: Fields = Object.fromEntries(Object.entries(contractFields(c)).filter(([k]) => !used.has(k)));
    delete fields['campus.outpatient-building'];
    fields['sys.0.remove'] = 'on';
    const out = contractFromFields(fields, { ...refsOf(file, c), use });
    expect(out.contract).toBeUndefined();
    expect(out.problems.filter((p) => p.code === 'hwInUse').map((p) => p.params!.what)).toEqual([...new Set(units.map((u) => u.templateId))].sort((a, b) => c.hardwareTemplateIds.indexOf(a) - c.hardwareTemplateIds.indexOf(b)));
    expect(out.problems.find((p) => p.code === 'campusInUse')).toMatchObject({ field: 'campuses', params: { what: 'outpatient-building', count: String(units.length) } });
    expect(out.problems.find((p) => p.code === 'systemInUse')).toMatchObject({ field: 'systems', params: { count: '1', names: 'XJ-2026-0001' } });

    const unused = { ...contractFields(c) };
    delete unused['hw.queue-peripheral'];
    expect(contractFromFields(unused, { ...refsOf(file, c), use: { units, systemRecords: new Map() } }).contract?.hardwareTemplateIds).not.toContain('queue-peripheral');
  });

  it('starts a new contract from defaults that pass once it has an id, a name and its source', () => {
    const fields = { ...newContractFields(['main'], 'cn-mainland', '2026-03-01'), id: 'new-2026', nameZh: '新合同', nameEn: 'New contract', seed: '招标文件 2026-01' };
    const out = contractFromFields(fields, { hospitalId: 'h', campusIds: ['main'], systemTemplateIds: [], hardwareTemplateIds: [], calendars: ['cn-mainland'] });
    expect(out.problems).toEqual([]);
    expect(out.contract!.period).toEqual({ start: '2026-03-01', end: '2027-02-28' });
    expect(out.contract!.faultLevels.map((l) => l.id)).toEqual(['level-1', 'level-2', 'level-3']);
  });
});

describe('what the schema refuses, in the form’s own words', () => {
  const newContract = (): Fields => ({ ...newContractFields(['main'], 'cn-mainland', '2026-03-01'), id: 'new-2026', nameZh: '新合同', nameEn: 'New contract', seed: '招标文件 2026-01' });
  const refs: ContractRefs = { hospitalId: 'h', campusIds: ['main'], systemTemplateIds: [], hardwareTemplateIds: [], calendars: ['cn-mainland'] };

  it('names each problem by code, not by zod’s English: a bad time, a period ending first, no copies, no campus, an empty required text', () => {
    const fields: Fields = { ...newContract(), 'hours.start': '25:00', 'sign.copies': '0', seed: '', 'insp.perYear': '', 'lvl.0.descZh': '' };
    delete fields['campus.main'];
    const out = contractFromFields(fields, refs);
    const byField = Object.fromEntries(out.problems.map((p) => [p.field, p]));
    expect(byField['hours.start']).toEqual({ field: 'hours.start', code: 'badTime' });
    expect(byField['sign.copies']).toEqual({ field: 'sign.copies', code: 'atLeast', params: { n: '1' } });
    expect(byField.campuses).toEqual({ field: 'campuses', code: 'chooseAtLeast', params: { n: '1' } });
    expect(byField.seed).toEqual({ field: 'seed', code: 'required' });
    expect(byField['insp.perYear']).toEqual({ field: 'insp.perYear', code: 'required' });
    expect(byField['lvl.0.descZh']).toEqual({ field: 'lvl.0.descZh', code: 'required' });
    expect(out.problems.filter((p) => p.detail !== undefined)).toEqual([]);
    // The schema's own cross checks run once the shape is right.
    expect(contractFromFields({ ...newContract(), periodEnd: '2026-01-01' }, refs).problems).toEqual([{ field: 'periodEnd', code: 'periodOrder' }]);
  });

  it('refuses service hours that start when they end; an overnight window is saved as typed', () => {
    const same = contractFromFields({ ...newContract(), 'hours.start': '08:00', 'hours.end': '08:00' }, refs);
    expect(same.problems).toEqual([{ field: 'hours.end', code: 'sameHours', params: { time: '08:00' } }]);
    const night = contractFromFields({ ...newContract(), 'hours.start': '18:00', 'hours.end': '07:00' }, refs);
    expect(night.problems).toEqual([]);
    expect([night.contract!.serviceHours.start, night.contract!.serviceHours.end]).toEqual(['18:00', '07:00']);
  });

  it('takes the Chinese text where an English one is left empty, and says which', () => {
    const out = contractFromFields({ ...newContract(), nameEn: '', 'lvl.0.nameEn': '', 'hours.descEn': '' }, refs);
    expect(out.problems).toEqual([]);
    expect(out.contract!.name).toEqual({ zh: '新合同', en: '新合同' });
    expect(out.contract!.faultLevels[0]!.name).toEqual({ zh: '一级故障', en: '一级故障' });
    const filled = (o: ReturnType<typeof contractFromFields>): string[] | undefined => (o.contract ? o.filled : undefined);
    expect(filled(out)?.sort()).toEqual(['hours.desc', 'lvl.0.name', 'name']);
    expect(filled(contractFromFields(newContract(), refs))).toEqual([]);
  });
});

describe('hospital form', () => {
  const base: Fields = {
    id: 'new-h', nameZh: '新医院', nameEn: 'New Hospital', cityZh: '广州', cityEn: 'Guangzhou',
    'campus.0.id': 'main', 'campus.0.nameZh': '本院', 'campus.0.nameEn': 'Main',
    'dept.0.campus': 'main', 'dept.0.id': 'it', 'dept.0.nameZh': '信息科', 'dept.0.nameEn': 'IT', 'dept.0.rooms': '机房',
  };

  it('uses the Chinese names where English ones are empty, and normalizes full-width phone numbers', () => {
    const out = hospitalFromFields(
      { ...base, nameEn: '', cityEn: '', 'campus.0.nameEn': '', 'dept.0.nameEn': '', 'contact.0.role': 'it_office', 'contact.0.titleZh': '科长', 'contact.0.department': 'it', 'contact.0.phones': '１３８００１３８０００\n（０２０）８３８２－７８１２ 转 ８００１' },
      { assets: [], contracts: [] },
    );
    expect(out.problems).toEqual([]);
    const h = out.hospital!;
    expect([h.name.en, h.city.en, h.campuses[0]!.name.en, h.campuses[0]!.departments[0]!.name.en, h.contacts![0]!.title!.en]).toEqual(['新医院', '广州', '本院', '信息科', '科长']);
    expect(out.hospital && out.filled).toHaveLength(5);
    expect(h.contacts![0]!.phones).toEqual(['13800138000', '(020)8382-7812 转 8001']);
  });

  it('splits rooms on lines, 、 and semicolons but keeps a comma inside a room’s name', () => {
    const out = hospitalFromFields({ ...base, 'dept.0.rooms': 'A,B 室、机房；值班室;办公室\n库房' }, { assets: [], contracts: [] });
    expect(out.hospital!.campuses[0]!.departments[0]!.rooms).toEqual(['A,B 室', '机房', '值班室', '办公室', '库房']);
  });

  it('says what is wrong in words: a bad phone, an unknown department, an empty Chinese name; never "unknown campus undefined"', () => {
    const out = hospitalFromFields(
      { ...base, cityZh: '', 'contact.0.role': 'department_head', 'contact.0.name': '王', 'contact.0.phones': 'abc', 'contact.1.role': 'other', 'contact.1.department': 'nope', 'contact.1.name': '李' },
      { assets: [], contracts: [] },
    );
    const byField = Object.fromEntries(out.problems.map((p) => [p.field, p]));
    expect(byField.cityZh).toMatchObject({ code: 'required' });
    expect(byField['contact.0.phones']).toMatchObject({ code: 'badPhone' });
    expect(byField['contact.0.department']).toMatchObject({ code: 'headNeedsDepartment' });
    expect(byField['contact.1.department']).toMatchObject({ code: 'unknownDepartment', params: { id: 'nope' } });

    // No campus at all: the campus table says so; a contact without a campus adds nothing about "undefined".
    const none = hospitalFromFields({ ...base, 'campus.0.remove': 'on', 'dept.0.remove': 'on', 'contact.0.role': 'it_office', 'contact.0.name': '王' }, { assets: [], contracts: [] });
    expect(none.problems).toEqual([{ field: 'campuses', code: 'chooseAtLeast', params: { n: '1' } }]);
  });

  it('calls a dropped room that units use, with one added beside it, a rename, and says how to move the units', async () => {
    const file = (await files()).find((f) => f.hospital.id === 'queue-demo')!;
    const asset = file.assets[0]!;
    const fields = hospitalFields(file.hospital);
    const row = Object.keys(fields).find((k) => k.endsWith('.rooms') && fields[k.replace('.rooms', '.id')] === asset.departmentId && fields[k.replace('.rooms', '.campus')] === asset.campusId)!;
    fields[row] = fields[row]!.split('\n').map((r) => (r === asset.room ? `${r}（新）` : r)).join('\n');
    const out = hospitalFromFields(fields, { stored: file.hospital, assets: file.assets, contracts: file.contracts });
    expect(out.problems[0]).toMatchObject({ field: row, code: 'renameInUse', params: { what: asset.room, to: `${asset.room}（新）` } });
  });

  it('gives back every catalog hospital unchanged', async () => {
    for (const file of await files()) {
      const out = hospitalFromFields(hospitalFields(file.hospital), { stored: file.hospital, assets: file.assets, contracts: file.contracts });
      expect(out.problems, file.hospital.id).toEqual([]);
      expect(out.hospital, file.hospital.id).toEqual(file.hospital);
    }
  });

  it('adds campuses, departments and rooms from blank rows, and names a department whose campus is missing', () => {
    const fields = {
      id: 'new-h', nameZh: '新医院', nameEn: 'New Hospital', cityZh: '广州', cityEn: 'Guangzhou',
      'campus.0.id': 'north', 'campus.0.nameZh': '北院', 'campus.0.nameEn': 'North',
      'dept.0.campus': 'north', 'dept.0.id': 'er', 'dept.0.nameZh': '急诊科', 'dept.0.nameEn': 'Emergency', 'dept.0.rooms': '分诊台、抢救室\n留观室',
      'dept.1.campus': 'south', 'dept.1.id': 'icu', 'dept.1.nameZh': '重症', 'dept.1.nameEn': 'ICU', 'dept.1.rooms': '',
      'dept.2.campus': '', 'dept.2.id': '', 'dept.2.nameZh': '', 'dept.2.nameEn': '', 'dept.2.rooms': '',
    };
    expect(hospitalFromFields(fields, { assets: [], contracts: [] }).problems).toEqual([{ field: 'dept.1.campus', code: 'unknownCampus', params: { id: 'south' } }]);
    const ok = hospitalFromFields({ ...fields, 'dept.1.remove': 'on' }, { assets: [], contracts: [] });
    expect(ok.hospital!.campuses[0]!.departments[0]!.rooms).toEqual(['分诊台', '抢救室', '留观室']);
  });

  it('refuses to remove a room, department or campus that units or contracts use, naming them', async () => {
    const file = (await files()).find((f) => f.hospital.id === 'queue-demo')!;
    const asset = file.assets[0]!;
    const fields = hospitalFields(file.hospital);
    const row = Object.keys(fields).find((k) => k.endsWith('.rooms') && fields[k.replace('.rooms', '.id')] === asset.departmentId && fields[k.replace('.rooms', '.campus')] === asset.campusId)!;
    fields[row] = fields[row]!.split('\n').filter((r) => r !== asset.room).join('\n');
    const out = hospitalFromFields(fields, { stored: file.hospital, assets: file.assets, contracts: file.contracts });
    expect(out.problems[0]).toMatchObject({ field: row, code: 'inUse', params: { what: asset.room } });
    expect(out.problems[0]!.params!.by).toContain(asset.assetTag);

    // A campus a contract covers: removing it (with its departments) is refused, naming the contract.
    const wuhan = (await files()).find((f) => f.hospital.id === 'wuhan-central')!;
    const campusId = wuhan.hospital.campuses[1]!.id;
    expect(wuhan.contracts[0]!.campusIds).toContain(campusId);
    const noCampus: Fields = { ...hospitalFields(wuhan.hospital), 'campus.1.remove': 'on' };
    for (const k of Object.keys(noCampus)) if (/^dept\.\d+\.campus$/.test(k) && noCampus[k] === campusId) noCampus[k.replace('.campus', '.remove')] = 'on';
    const campus = hospitalFromFields(noCampus, { stored: wuhan.hospital, assets: wuhan.assets, contracts: wuhan.contracts });
    expect(campus.problems).toContainEqual({ field: 'campuses', code: 'inUse', params: { what: campusId, by: wuhan.contracts[0]!.id } });
    // …and a contact of that campus is named too.
    expect(campus.problems.map((p) => p.field)).toContain('contact.1.campus');
  });
});

describe('what a saved contract should make the administrator check', () => {
  const refs: ContractRefs = { hospitalId: 'h', campusIds: ['main'], systemTemplateIds: ['his'], hardwareTemplateIds: [], calendars: ['cn-mainland'] };
  const fresh = (more: Fields = {}): Fields => ({ ...newContractFields(['main'], 'cn-mainland', '2026-01-01'), id: 'c', nameZh: '合同', nameEn: 'Contract', seed: '招标文件', 'sys.0.id': 'his', 'sys.0.template': 'his', 'sys.0.nameZh': 'HIS 系统', 'sys.0.nameEn': 'HIS', ...more });
  const saved = (f: Fields, stored?: Contract): Contract => {
    const out = contractFromFields(f, { ...refs, ...(stored ? { stored } : {}) });
    expect(out.problems).toEqual([]);
    return out.contract!;
  };

  it('names service hours changed without their text, in either language; not when a text changed too', () => {
    const before = saved(fresh());
    expect(languageChecks(undefined, before)).toEqual([]);
    expect(languageChecks(before, before)).toEqual([]);
    const edit = contractFields(before);
    expect(languageChecks(before, saved({ ...edit, 'hours.start': '09:00' }, before))).toEqual(['hours']);
    expect(languageChecks(before, saved({ ...edit, 'hours.fault24x7': 'on' }, before))).toEqual(['hours']);
    expect(languageChecks(before, saved({ ...edit, 'hours.days': 'weekdays', 'hours.day.1': 'on', 'hours.day.2': 'on' }, before))).toEqual(['hours']);
    // The Chinese text changed, the English not: no hours reminder, but the English text is named.
    expect(languageChecks(before, saved({ ...edit, 'hours.start': '09:00', 'hours.descZh': '工作日 9:00–17:30 提供服务。' }, before))).toEqual(['hours.desc']);
    expect(languageChecks(before, saved({ ...edit, 'hours.start': '09:00', 'hours.descZh': '工作日 9:00–17:30。', 'hours.descEn': 'Workdays, 9:00–17:30.' }, before))).toEqual([]);
    // A new contract is compared with the form it started from.
    expect(languageChecks(undefined, saved(fresh({ 'hours.start': '09:00' })))).toEqual(['hours']);
  });

  it('names texts whose Chinese changed but not their English, and new-contract English defaults under other Chinese', () => {
    const renamed = saved(fresh({ 'lvl.0.nameZh': '紧急故障', 'lvl.1.nameZh': '一般故障', 'lvl.1.nameEn': 'Ordinary fault', 'lvl.2.nameZh': '咨询', 'lvl.2.descZh': '使用咨询。' }));
    expect(languageChecks(undefined, renamed)).toEqual(['lvl.level-1.name', 'lvl.level-3.name', 'lvl.level-3.desc']);
    // A level of another id still carrying a default English name is named as well.
    expect(languageChecks(undefined, saved(fresh({ 'lvl.0.id': 'urgent', 'lvl.0.nameZh': '紧急' })))).toEqual(['lvl.urgent.name']);

    const before = saved(fresh());
    const edit = contractFields(before);
    expect(languageChecks(before, saved({ ...edit, nameZh: '合同（续签）', 'sys.0.nameZh': 'HIS 软件', 'insp.descZh': '每月巡检一次。', 'sign.descZh': '一式三份。' }, before))).toEqual(['name', 'insp.desc', 'sign.desc', 'sys.his.name']);
    // Both languages changed, or only the English: nothing to check.
    expect(languageChecks(before, saved({ ...edit, nameZh: '合同（续签）', nameEn: 'Contract (renewed)', 'lvl.0.nameEn': 'Severity 1' }, before))).toEqual([]);
    // An English left empty takes the Chinese: nothing stale.
    expect(languageChecks(before, saved({ ...edit, nameZh: '合同（续签）', nameEn: '' }, before))).toEqual([]);
  });
});

describe('English counts', () => {
  it('has a singular form for every English message that counts something, and no "(s)"', () => {
    const t = translator('en');
    expect([counted(t, 'ref.count.campuses', 1), counted(t, 'ref.count.campuses', 2), counted(t, 'ref.units.link', 0), counted(t, 'ref.units.link', '1')]).toEqual(['1 campus', '2 campuses', '0 units', '1 unit']);
    for (const [key, text] of Object.entries(referenceEn)) {
      expect(text, key).not.toContain('(s)');
      if (text.includes('{count}') && !key.endsWith('.one')) expect(Object.keys(referenceEn), key).toContain(`${key}.one`);
    }
    expect(translator('zh-CN')('ref.places', { campuses: counted(translator('zh-CN'), 'ref.count.campuses', 1), departments: counted(translator('zh-CN'), 'ref.count.departments', 3) })).toBe('1 个院区，3 个科室');
  });
});
