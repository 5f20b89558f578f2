/** The draft editor's form applied to a checklist draft: reword, settings, add, retire, restore, and what refuses a save. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDraft } from '../../src-server/admin/template-check';
import { draftFromPublished, itemHistory, skeletonDraft, type DraftTemplate } from '../../src-server/admin/template-draft';
import { applyForm, type Form } from '../../src-server/admin/template-form';
import { translator } from '../../src-server/console/i18n';
import { counted, idPlaceholder } from '../../src-server/console/pages/template-parts';
import { Template } from '../../src-shared/catalog/schema';

const kiosk = Template.parse(JSON.parse(readFileSync('assets/catalog/templates/queue-kiosk.json', 'utf8')));
const history = itemHistory([kiosk]);
const base = draftFromPublished(kiosk);

/** The form exactly as the editor renders it for the draft (every item's hidden kind), with changes on top. */
function formOf(draft: DraftTemplate, changes: Form = {}): Form {
  const form: Form = {};
  for (const s of draft.sections) for (const i of s.items) form[`item.${i.id}.kind`] = i.kind;
  return { ...form, ...changes };
}

function applied(changes: Form, draft = base): DraftTemplate {
  const result = applyForm(draft, base, history, formOf(draft, changes));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.draft;
}

const item = (draft: DraftTemplate, id: string) => draft.sections.flatMap((s) => s.items).find((i) => i.id === id);

describe('template draft form', () => {
  it('starts the next version from the latest published one, unchanged but for its number', () => {
    expect(base.version).toBe(kiosk.version + 1);
    expect(base.sections).toEqual(kiosk.sections);
    // A form that changes nothing changes nothing (unticked perAsset boxes are posted as absent).
    const same = applied(Object.fromEntries(kiosk.sections.flatMap((s) => s.items.filter((i) => i.perAsset).map((i) => [`item.${i.id}.perAsset`, 'on']))));
    expect(same).toEqual(base);
  });

  it('rewords an item and changes its settings, keeping its id and kind', () => {
    const draft = applied({
      'item.ks-power.label.zh': '开机、自启动与定时关机',
      'item.ks-power.guidance.en': ' Power cycle it and watch it boot. ',
      'item.ks-power.severity': 'critical',
      'item.ks-power.require': 'photo',
      'item.ks-checkin-time.kind': 'number',
      'item.ks-checkin-time.bounds.max': '120',
      'item.ks-checkin-time.decimals': '0',
      'item.ks-paper.options': 'ok | 充足 | Enough\nlow | 偏少 | Low | fail\nnone | 缺纸 | None | fail',
    });
    const power = item(draft, 'ks-power')!;
    expect(power.label.zh).toBe('开机、自启动与定时关机');
    expect(power.guidance.en).toBe('Power cycle it and watch it boot.');
    expect(power.onFail).toEqual({ severity: 'critical', require: 'photo' });
    expect(power.kind).toBe('check');
    expect(item(draft, 'ks-checkin-time')).toMatchObject({ bounds: { max: 120 }, decimals: 0 });
    expect(item(draft, 'ks-paper')!.options).toEqual([
      { id: 'ok', label: { zh: '充足', en: 'Enough' }, fail: false },
      { id: 'low', label: { zh: '偏少', en: 'Low' }, fail: true },
      { id: 'none', label: { zh: '缺纸', en: 'None' }, fail: true },
    ]);
  });

  it('adds an item with a new id to a section, and retires one (it leaves the draft)', () => {
    const draft = applied({
      'new.function.id': 'ks-receipt-cutter',
      'new.function.kind': 'check',
      'new.function.label.zh': '小票切刀',
      'new.function.label.en': 'Receipt cutter',
      'new.function.guidance.zh': '打印一张小票，切口整齐。',
      'new.function.guidance.en': 'Print a receipt; it is cut cleanly.',
      'new.function.severity': 'major',
      'new.function.perAsset': 'on',
      'item.ks-staff-upkeep.retire': 'on',
    });
    const fn = draft.sections.find((s) => s.id === 'function')!;
    expect(fn.items.at(-1)).toEqual({
      id: 'ks-receipt-cutter',
      kind: 'check',
      label: { zh: '小票切刀', en: 'Receipt cutter' },
      guidance: { zh: '打印一张小票，切口整齐。', en: 'Print a receipt; it is cut cleanly.' },
      perAsset: true,
      onFail: { require: 'note', severity: 'major' },
    });
    expect(item(draft, 'ks-staff-upkeep')).toBeUndefined();
    // The published version it came from is untouched, and the draft passes the catalog's schema.
    expect(item(base, 'ks-staff-upkeep')).toBeDefined();
    expect(checkDraft(draft, kiosk.version, [kiosk]).problems).toEqual([]);
    // A retired item can be restored in a later save of the same draft, into its old section.
    const restored = applied({ 'restore.ks-staff-upkeep': 'on' }, draft);
    expect(restored.sections.find((s) => s.id === 'upkeep')!.items.map((i) => i.id)).toContain('ks-staff-upkeep');
  });

  it('moves an item to another section, at its end', () => {
    const draft = applied({ 'item.ks-touch.section': 'function' });
    expect(draft.sections.find((s) => s.id === 'display')!.items).toEqual([]);
    expect(draft.sections.find((s) => s.id === 'function')!.items.at(-1)!.id).toBe('ks-touch');
    // The emptied section can then be removed; one with items cannot.
    expect(applied({ 'section.display.remove': 'on' }, draft).sections.map((s) => s.id)).not.toContain('display');
    const refused = applyForm(base, base, history, formOf(base, { 'section.network.remove': 'on' }));
    expect(refused).toEqual({ ok: false, problems: [{ code: 'sectionNotEmpty', where: { section: 'network', field: 'remove' }, params: { count: 1 } }] });
  });

  it('refuses to change an existing item’s kind: its id keys answers', () => {
    const result = applyForm(base, base, history, formOf(base, { 'item.ks-network.kind': 'number' }));
    expect(result).toEqual({ ok: false, problems: [{ code: 'kindChange', where: { section: 'network', item: 'ks-network', field: 'kind' }, params: { id: 'ks-network', kind: 'check' } }] });
  });

  it('refuses a new item whose id was retired in an earlier version, whatever its kind', () => {
    // Version 3 drafted after version 2 retired ks-staff-upkeep.
    const v2 = Template.parse({ ...kiosk, version: 2, sections: kiosk.sections.map((s) => ({ ...s, items: s.items.filter((i) => i.id !== 'ks-staff-upkeep') })) });
    const v3 = draftFromPublished(v2);
    const both = itemHistory([kiosk, v2]);
    const add = (kind: string): Form => ({
      ...formOf(v3),
      'new.upkeep.id': 'ks-staff-upkeep',
      'new.upkeep.kind': kind,
      'new.upkeep.label.zh': '维护人员签到',
      'new.upkeep.label.en': 'Upkeep sign-in',
    });
    expect(applyForm(v3, v3, both, add('check'))).toMatchObject({ ok: false, problems: [{ code: 'idRetired', params: { id: 'ks-staff-upkeep', version: 1 } }] });
    expect(applyForm(v3, v3, both, add('text'))).toMatchObject({ ok: false, problems: [{ code: 'kindReuse', params: { id: 'ks-staff-upkeep', kind: 'check', version: 1 } }] });
    // The check applies the same rule to a draft written some other way.
    const sneaked: DraftTemplate = { ...v3, sections: v3.sections.map((s) => (s.id === 'upkeep' ? { ...s, items: [...s.items, kiosk.sections.at(-1)!.items.at(-1)!] } : s)) };
    expect(checkDraft(sneaked, 2, [kiosk, v2]).problems.map((p) => p.code)).toEqual(['idRetired']);
  });

  it('refuses what cannot be kept as typed, naming each field, and keeps nothing of it', () => {
    const result = applyForm(base, base, history, formOf(base, {
      'item.ks-checkin-time.bounds.min': 'zero',
      'item.ks-checkin-time.decimals': '1.5',
      'item.ks-paper.options': 'ok 充足\n',
      'new.appearance.id': 'Bad Id',
      'new.appearance.label.zh': '外壳',
      'new.display.id': 'ks-power',
      'new.display.label.zh': '重复',
      'new.network.label.zh': '没有编号',
      'newsection.id': 'function',
    }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.code, p.where])).toEqual([
      ['notNumber', { section: 'function', item: 'ks-checkin-time', field: 'bounds.min' }],
      ['notInteger', { section: 'function', item: 'ks-checkin-time', field: 'decimals' }],
      ['badOptionLine', { section: 'function', item: 'ks-paper', field: 'options' }],
      ['badSlug', { section: 'appearance', field: 'new.appearance.id' }],
      ['idTaken', { section: 'display', field: 'new.display.id' }],
      ['idMissing', { section: 'network', field: 'new.network.id' }],
      ['sectionTaken', { field: 'newsection.id' }],
    ]);
  });

  it('starts a new template from a skeleton that the check names as too small, until it has ten items', () => {
    let draft = skeletonDraft({ id: 'queue-printer', kind: 'hardware', hardwareType: 'peripheral', name: { zh: '排队小票打印机', en: 'Queue ticket printer' }, sources: ['003'] });
    const none = itemHistory([]);
    expect(checkDraft(draft, null, []).problems.map((p) => p.code)).toEqual(['tooFewItems', 'emptySection']);
    for (let n = 1; n <= 9; n++) {
      const result = applyForm(draft, undefined, none, {
        ...formOf(draft),
        'new.general.id': `pr-${n}`,
        'new.general.label.zh': `检查 ${n}`,
        'new.general.label.en': `Check ${n}`,
        'new.general.guidance.zh': '目视检查。',
        'new.general.guidance.en': 'Look at it.',
      });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      draft = result.draft;
    }
    const nine = checkDraft(draft, null, []);
    expect(nine.template).toBeUndefined();
    expect(nine.problems).toEqual([{ code: 'tooFewItems', where: {}, params: { min: 10, found: 9 } }]);
    const ten = applyForm(draft, undefined, none, { ...formOf(draft), 'new.general.id': 'pr-10', 'new.general.kind': 'number', 'new.general.label.zh': '电压', 'new.general.label.en': 'Voltage' });
    if (!ten.ok) throw new Error('refused');
    // A new reading item is added without its unit and ranges: the check names each missing field.
    const problems = checkDraft(ten.draft, null, []).problems;
    // Each by its kind ("required"), not zod's English words.
    expect(problems.every((p) => p.code === 'required' && p.where.item === 'pr-10' && p.params === undefined)).toBe(true);
    expect(problems.map((p) => p.where.field).sort()).toEqual(['bounds.max', 'bounds.min', 'guidance.en', 'guidance.zh', 'unit']);
  });

  it('names the schema’s refusals by kind and field: too long, ranges out of order, a choice with one option', () => {
    const draft = applied({
      'item.ks-power.label.zh': '长'.repeat(301),
      'item.ks-checkin-time.bounds.min': '100',
      'item.ks-checkin-time.bounds.max': '10',
      'item.ks-paper.options': 'ok | 充足 | Enough',
    });
    const problems = checkDraft(draft, kiosk.version, [kiosk]).problems;
    expect(problems).toContainEqual({ code: 'tooLong', where: { section: 'appearance', item: 'ks-power', field: 'label.zh' }, params: { n: '300' } });
    expect(problems).toContainEqual(expect.objectContaining({ code: 'rangeOrder', where: expect.objectContaining({ item: 'ks-checkin-time' }) }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'chooseAtLeast', params: { n: '2' }, where: expect.objectContaining({ item: 'ks-paper', field: 'options' }) }));
    expect(problems.some((p) => p.code === 'schema')).toBe(false);
  });

  it('lets an English text left empty take the Chinese one, names it, and the check flags it for translation', () => {
    const result = applyForm(base, base, history, formOf(base, {
      'item.ks-power.label.zh': '开机与自启动',
      'item.ks-power.label.en': '',
      'item.ks-paper.options': 'ok | 充足\nlow | 偏少 | | fail',
      'new.display.id': 'ks-brightness',
      'new.display.label.zh': '屏幕亮度',
      'new.display.guidance.zh': '目视检查亮度。',
    }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.filled).toEqual(['item.ks-power.label', 'item.ks-paper.options', 'item.ks-paper.options', 'new.display.label', 'new.display.guidance']);
    expect(item(result.draft, 'ks-power')!.label).toEqual({ zh: '开机与自启动', en: '开机与自启动' });
    expect(item(result.draft, 'ks-paper')!.options).toEqual([
      { id: 'ok', label: { zh: '充足', en: '充足' }, fail: false },
      { id: 'low', label: { zh: '偏少', en: '偏少' }, fail: true },
    ]);
    expect(item(result.draft, 'ks-brightness')!.guidance).toEqual({ zh: '目视检查亮度。', en: '目视检查亮度。' });
    // The draft passes; the English that is the Chinese is a reminder, not a refusal.
    const check = checkDraft(result.draft, kiosk.version, [kiosk]);
    expect(check.problems).toEqual([]);
    const copied = check.warnings.filter((w) => w.changed === 'copied').map((w) => `${w.item}:${w.field}${w.option ? `:${w.option}` : ''}`);
    expect(copied).toEqual(['ks-power:label', 'ks-brightness:label', 'ks-brightness:guidance', 'ks-paper:options:ok', 'ks-paper:options:low']);
    // Not also "only the English changed" for the label whose English was emptied.
    expect(check.warnings.filter((w) => w.item === 'ks-power')).toHaveLength(1);
  });

  it('suggests a new item id with the checklist’s own prefix, and counts in English singular or plural', () => {
    expect(idPlaceholder(['ck-condition', 'ck-doctor-login'])).toBe('ck-power-check');
    expect(idPlaceholder(kiosk.sections.flatMap((s) => s.items.map((i) => i.id)))).toBe('ks-power-check');
    expect(idPlaceholder([])).toBe('power-check');
    expect(idPlaceholder(['ck-a', 'ks-b'])).toBe('power-check');
    const en = translator('en');
    expect(counted(en, 'tpl.check.fails', 1)).toContain('1 problem to correct');
    expect(counted(en, 'tpl.check.fails', 2)).toContain('2 problems to correct');
    expect(counted(en, 'tpl.detail.photos', 1)).toBe('at least 1 photo');
    expect(counted(en, 'tpl.itemsCount', 1)).toBe('1 item');
    expect(counted(translator('zh-CN'), 'tpl.draft.refused', 1)).toContain('有 1 处问题');
  });
});
