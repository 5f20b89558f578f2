/**
 * The draft editor's form applied to a draft (pure). Field names carry the ids they edit
 * (`item.<id>.label.zh`, `new.<section>.id`, …), so a form posted after another save still edits
 * the items it showed. What cannot be kept as typed (a number that is not one, a new item whose id
 * is not a slug or is taken, a kind changed) refuses the whole save; what merely does not pass the
 * Template schema yet is saved and named by the check.
 */
import { FailRequirement, Severity, Slug, type ItemKind } from '../../src-shared/catalog/schema';
import { type DraftItem, type DraftOption, type DraftSection, type DraftTemplate, type ItemHistory, type Problem, type Text } from './template-draft';

export type Form = Record<string, string>;

export const ITEM_KINDS: readonly ItemKind[] = ['check', 'number', 'text', 'choice', 'photo'];
const FAIL_WORDS = new Set(['fail', '不合格', 'x', '1', 'true']);

/** An option per line: `id | 中文 | English` and `| fail` when choosing it counts as a failure. */
export function optionsText(options: readonly DraftOption[] | undefined): string {
  return (options ?? []).map((o) => [o.id, o.label.zh, o.label.en, ...(o.fail ? ['fail'] : [])].join(' | ')).join('\n');
}

/**
 * The options typed, one a line; an option whose English is left out (`id | 中文`, or an empty
 * English cell) takes its Chinese label, and `onFilled` is told.
 */
function parseOptions(text: string, onFilled: () => void): DraftOption[] | { badLine: number } {
  const options: DraftOption[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 2 || cells.length > 4 || !Slug.safeParse(cells[0]).success) return { badLine: index + 1 };
    const zh = cells[1]!;
    const en = cells[2] ?? '';
    if (en === '' && zh !== '') onFilled();
    options.push({ id: cells[0]!, label: { zh, en: en || zh }, fail: FAIL_WORDS.has((cells[3] ?? '').toLowerCase()) });
  }
  return options;
}

/**
 * The form applied to the draft, or the problems that refuse it (nothing of it is kept then).
 * As on the hospital forms (form-fields.ts `localizedInput`), an English text left empty takes the
 * Chinese one; `filled` names those texts (the check then flags them for translation).
 */
export function applyForm(
  draft: DraftTemplate,
  base: DraftTemplate | undefined,
  history: ItemHistory,
  form: Form,
): { ok: true; draft: DraftTemplate; filled: string[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const filled: string[] = [];
  const text = (name: string, current: string): string => (name in form ? form[name]!.trim() : current);
  const textPair = (prefix: string, current: Text): Text => {
    const zh = text(`${prefix}.zh`, current.zh);
    const en = text(`${prefix}.en`, current.en);
    // Only texts the form carries: a stored text the form did not show is left as it is.
    if (en !== '' || zh === '' || !(`${prefix}.zh` in form || `${prefix}.en` in form)) return { zh, en };
    filled.push(prefix);
    return { zh, en: zh };
  };
  const number = (name: string, current: number | undefined, where: Problem['where'], integer = false): number | undefined => {
    if (!(name in form)) return current;
    const typed = form[name]!.trim();
    if (typed === '') return undefined;
    const value = Number(typed);
    if (!Number.isFinite(value)) problems.push({ code: 'notNumber', where, params: { value: typed } });
    else if (integer && !Number.isInteger(value)) problems.push({ code: 'notInteger', where, params: { value: typed } });
    else return value;
    return current;
  };

  const sections: DraftSection[] = draft.sections.map((s) => ({ id: s.id, title: textPair(`section.${s.id}.title`, s.title), items: [] }));
  const sectionOf = new Map(sections.map((s) => [s.id, s]));
  // A moved item goes to the end of its new section, whichever way it moved.
  const moved: { to: DraftSection; item: DraftItem }[] = [];

  for (const section of draft.sections) {
    for (const item of section.items) {
      const p = `item.${item.id}`;
      // Only items the form showed are edited (its hidden kind marks them).
      if (!(`${p}.kind` in form)) {
        sectionOf.get(section.id)!.items.push(item);
        continue;
      }
      if (form[`${p}.retire`] === 'on') continue;
      const where = { section: section.id, item: item.id };
      if (form[`${p}.kind`] !== item.kind) problems.push({ code: 'kindChange', where: { ...where, field: 'kind' }, params: { id: item.id, kind: item.kind } });
      const edited = editItem(item, p, form, textPair, text, (name, current, field, integer) => number(name, current, { ...where, field }, integer), problems, where, () => filled.push(`${p}.options`));
      const target = sectionOf.get(text(`${p}.section`, section.id));
      if (target && target.id !== section.id) moved.push({ to: target, item: edited });
      else sectionOf.get(section.id)!.items.push(edited);
    }
  }
  for (const m of moved) m.to.items.push(m.item);

  const present = new Set(sections.flatMap((s) => s.items.map((i) => i.id)));
  for (const baseSection of base?.sections ?? []) {
    for (const item of baseSection.items) {
      if (form[`restore.${item.id}`] !== 'on' || present.has(item.id)) continue;
      (sectionOf.get(baseSection.id) ?? sections[0])?.items.push(item);
      present.add(item.id);
    }
  }

  for (const section of draft.sections) {
    const added = newItem(`new.${section.id}`, form, section.id, present, history, problems, textPair);
    if (added) {
      sectionOf.get(section.id)!.items.push(added);
      present.add(added.id);
    }
  }

  const newSectionId = (form['newsection.id'] ?? '').trim();
  if (newSectionId !== '') {
    const where = { field: 'newsection.id' };
    if (!Slug.safeParse(newSectionId).success) problems.push({ code: 'badSlug', where, params: { value: newSectionId } });
    else if (sectionOf.has(newSectionId)) problems.push({ code: 'sectionTaken', where, params: { id: newSectionId } });
    else sections.push({ id: newSectionId, title: textPair('newsection.title', { zh: '', en: '' }), items: [] });
  }

  const kept = sections.filter((s) => {
    if (form[`section.${s.id}.remove`] !== 'on') return true;
    if (s.items.length === 0) return false;
    problems.push({ code: 'sectionNotEmpty', where: { section: s.id, field: 'remove' }, params: { count: s.items.length } });
    return true;
  });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    filled,
    draft: {
      ...draft,
      name: textPair('name', draft.name),
      sources: 'sources' in form ? form.sources!.split(/[,，、\s]+/).filter(Boolean) : draft.sources,
      sections: kept,
    },
  };
}

type Num = (name: string, current: number | undefined, field: string, integer?: boolean) => number | undefined;

function editItem(
  item: DraftItem,
  p: string,
  form: Form,
  textPair: (prefix: string, current: Text) => Text,
  text: (name: string, current: string) => string,
  number: Num,
  problems: Problem[],
  where: Problem['where'],
  onOptionFilled: () => void,
): DraftItem {
  const severity = Severity.safeParse(form[`${p}.severity`]);
  const require = FailRequirement.safeParse(form[`${p}.require`]);
  const edited: DraftItem = {
    ...item,
    label: textPair(`${p}.label`, item.label),
    guidance: textPair(`${p}.guidance`, item.guidance),
    perAsset: form[`${p}.perAsset`] === 'on',
    onFail: { require: require.success ? require.data : item.onFail.require, severity: severity.success ? severity.data : item.onFail.severity },
  };
  if (item.kind === 'number') {
    edited.unit = text(`${p}.unit`, item.unit ?? '');
    edited.normal = dropUndefined({ min: number(`${p}.normal.min`, item.normal?.min, 'normal.min'), max: number(`${p}.normal.max`, item.normal?.max, 'normal.max') });
    edited.bounds = dropUndefined({ min: number(`${p}.bounds.min`, item.bounds?.min, 'bounds.min'), max: number(`${p}.bounds.max`, item.bounds?.max, 'bounds.max') });
    const decimals = number(`${p}.decimals`, item.decimals, 'decimals', true);
    if (decimals === undefined) delete edited.decimals;
    else edited.decimals = decimals;
  }
  if (item.kind === 'choice' && `${p}.options` in form) {
    const options = parseOptions(form[`${p}.options`]!, onOptionFilled);
    if ('badLine' in options) problems.push({ code: 'badOptionLine', where: { ...where, field: 'options' }, params: { line: options.badLine } });
    else edited.options = options;
  }
  if (item.kind === 'photo') {
    const count = number(`${p}.minPhotos`, item.minPhotos, 'minPhotos', true);
    if (count === undefined) delete edited.minPhotos;
    else edited.minPhotos = count;
  }
  return edited;
}

const dropUndefined = (range: { min: number | undefined; max: number | undefined }): { min?: number; max?: number } => ({
  ...(range.min === undefined ? {} : { min: range.min }),
  ...(range.max === undefined ? {} : { max: range.max }),
});

/** A blank "new item" fieldset, filled: the item to add, nothing when it was left blank. */
function newItem(
  p: string,
  form: Form,
  sectionId: string,
  present: Set<string>,
  history: ItemHistory,
  problems: Problem[],
  textPair: (prefix: string, current: Text) => Text,
): DraftItem | undefined {
  const value = (name: string): string => (form[`${p}.${name}`] ?? '').trim();
  const typed = ['id', 'label.zh', 'label.en', 'guidance.zh', 'guidance.en'].some((n) => value(n) !== '');
  if (!typed) return undefined;
  const id = value('id');
  const where = { section: sectionId, field: `${p}.id` };
  const kind = ITEM_KINDS.find((k) => k === value('kind')) ?? 'check';
  const past = history.ids.get(id);
  if (id === '') problems.push({ code: 'idMissing', where });
  else if (!Slug.safeParse(id).success) problems.push({ code: 'badSlug', where, params: { value: id } });
  else if (present.has(id)) problems.push({ code: 'idTaken', where, params: { id } });
  else if (past && past.kind !== kind) problems.push({ code: 'kindReuse', where, params: { id, kind: past.kind, version: past.lastVersion } });
  else if (past) problems.push({ code: 'idRetired', where, params: { id, version: past.lastVersion } });
  else {
    const severity = Severity.safeParse(value('severity'));
    const require = FailRequirement.safeParse(value('require'));
    const item: DraftItem = {
      id,
      kind,
      label: textPair(`${p}.label`, { zh: '', en: '' }),
      guidance: textPair(`${p}.guidance`, { zh: '', en: '' }),
      perAsset: form[`${p}.perAsset`] === 'on',
      onFail: { require: require.success ? require.data : 'note', severity: severity.success ? severity.data : 'minor' },
    };
    // A number's unit and ranges, a choice's options: filled in once the item is in the draft.
    if (kind === 'number') Object.assign(item, { unit: '', normal: {}, bounds: {}, decimals: 2 });
    if (kind === 'choice') item.options = [];
    if (kind === 'photo') item.minPhotos = 1;
    if (kind === 'text') Object.assign(item, { multiline: true, optional: false });
    return item;
  }
  return undefined;
}

/**
 * The editor posts every item's texts at once: at the schema's limits (500 items, 300 + 1000
 * characters per language, Chinese URL-encoded at 9 bytes a character) that is about 8 MB.
 */
export const EDITOR_BODY_BYTES = 8 * 1024 * 1024;
