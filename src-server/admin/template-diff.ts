/**
 * What a draft changes against the version it starts from (pure): items added, reworded
 * (label, guidance or options), retired, moved (another section, or another place among the
 * items both versions share), and items whose settings changed; sections added, renamed, removed.
 */
import type { Template } from '../../src-shared/catalog/schema';
import { canonicalJson } from '../../src-shared/crypto/canonical';
import type { DraftItem, DraftTemplate, Text } from './template-draft';

export interface ItemAt {
  item: DraftItem;
  section: string;
}

export interface Reworded {
  id: string;
  section: string;
  fields: ('label' | 'guidance' | 'options')[];
  before: DraftItem;
  after: DraftItem;
}

export interface Moved {
  id: string;
  label: Text;
  from: string;
  to: string;
  /** 1-based place in its section, in the version it comes from and in the draft. */
  fromPlace: number;
  toPlace: number;
}

export interface SettingsChanged {
  id: string;
  section: string;
  label: Text;
  fields: string[];
}

export interface TemplateDiff {
  nameChanged: boolean;
  sourcesChanged: boolean;
  added: ItemAt[];
  reworded: Reworded[];
  retired: ItemAt[];
  moved: Moved[];
  settings: SettingsChanged[];
  sectionsAdded: string[];
  sectionsRenamed: string[];
  sectionsRemoved: string[];
}

const SETTING_FIELDS = ['perAsset', 'serviceQuality', 'onFail', 'unit', 'normal', 'bounds', 'decimals', 'minPhotos', 'multiline', 'optional'] as const;

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

function placed(t: DraftTemplate | undefined): Map<string, ItemAt> {
  return new Map((t?.sections ?? []).flatMap((s) => s.items.map((item): [string, ItemAt] => [item.id, { item, section: s.id }])));
}

/**
 * The shared items that kept their order: the longest common subsequence of the two orders. Only
 * the others moved, so moving one item does not make its neighbours look moved.
 */
function keptOrder(before: string[], after: string[]): Set<string> {
  const n = before.length;
  const m = after.length;
  const table = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) table[i]![j] = before[i] === after[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  const kept = new Set<string>();
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (before[i] === after[j]) {
      kept.add(before[i]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return kept;
}

const placeIn = (t: DraftTemplate | undefined, section: string, id: string): number =>
  (t?.sections.find((s) => s.id === section)?.items.findIndex((i) => i.id === id) ?? -1) + 1;

export function diffTemplates(base: DraftTemplate | undefined, next: DraftTemplate): TemplateDiff {
  const before = placed(base);
  const after = placed(next);
  const shared = new Set([...after.keys()].filter((id) => before.has(id)));
  const order = (t: DraftTemplate | undefined): string[] => (t?.sections ?? []).flatMap((s) => s.items.map((i) => i.id)).filter((id) => shared.has(id));
  const beforeOrder = order(base);
  const afterOrder = order(next);
  const kept = keptOrder(beforeOrder, afterOrder);
  const diff: TemplateDiff = {
    nameChanged: base !== undefined && !same(base.name, next.name),
    sourcesChanged: base !== undefined && !same(base.sources, next.sources),
    added: [...after.values()].filter((a) => !before.has(a.item.id)),
    retired: [...before.values()].filter((b) => !after.has(b.item.id)),
    reworded: [],
    moved: [],
    settings: [],
    sectionsAdded: next.sections.filter((s) => !base?.sections.some((b) => b.id === s.id)).map((s) => s.id),
    sectionsRenamed: next.sections.filter((s) => base?.sections.some((b) => b.id === s.id && !same(b.title, s.title))).map((s) => s.id),
    sectionsRemoved: (base?.sections ?? []).filter((b) => !next.sections.some((s) => s.id === b.id)).map((b) => b.id),
  };
  for (const id of shared) {
    const b = before.get(id)!;
    const a = after.get(id)!;
    const fields = (['label', 'guidance', 'options'] as const).filter((f) => !same(b.item[f], a.item[f]));
    if (fields.length > 0) diff.reworded.push({ id, section: a.section, fields, before: b.item, after: a.item });
    if (b.section !== a.section || !kept.has(id)) {
      diff.moved.push({ id, label: a.item.label, from: b.section, to: a.section, fromPlace: placeIn(base, b.section, id), toPlace: placeIn(next, a.section, id) });
    }
    const settings = SETTING_FIELDS.filter((f) => !same(b.item[f], a.item[f]));
    if (settings.length > 0) diff.settings.push({ id, section: a.section, label: a.item.label, fields: [...settings] });
  }
  return diff;
}

/** Whether the draft changes anything at all (publishing an unchanged copy is pointless). */
export const isEmptyDiff = (d: TemplateDiff): boolean =>
  !d.nameChanged &&
  !d.sourcesChanged &&
  [d.added, d.reworded, d.retired, d.moved, d.settings, d.sectionsAdded, d.sectionsRenamed, d.sectionsRemoved].every((list) => list.length === 0);

/** Whether the draft, as the check parsed it, is its base version word for word (the version number aside). */
export const sameContent = (base: Template, next: Template): boolean => canonicalJson({ ...next, version: base.version }) === canonicalJson(base);

/** One language of a reworded text changed and the other did not: the other may now be stale. */
export interface OneLanguage {
  /** '' for the template's name. */
  section: string;
  /** '' for the name and a section's title. */
  item: string;
  field: 'label' | 'guidance' | 'options' | 'name' | 'title';
  /** The language that changed; `copied` when the English is the Chinese text, not yet translated. */
  changed: 'zh' | 'en' | 'copied';
  /** The option's id, for an option's label. */
  option?: string;
}

/** The rewordings that changed the Chinese or the English of a text but not both (warnings: a rewording may be right in one language). */
export function oneLanguageChanges(diff: TemplateDiff): OneLanguage[] {
  const out: OneLanguage[] = [];
  const compare = (before: Text, after: Text): 'zh' | 'en' | undefined => {
    const zh = before.zh !== after.zh;
    const en = before.en !== after.en;
    return zh === en ? undefined : zh ? 'zh' : 'en';
  };
  for (const r of diff.reworded) {
    for (const field of r.fields) {
      if (field === 'options') {
        for (const option of r.after.options ?? []) {
          const was = r.before.options?.find((o) => o.id === option.id);
          const changed = was && compare(was.label, option.label);
          if (changed) out.push({ section: r.section, item: r.id, field, changed, option: option.id });
        }
        continue;
      }
      const changed = compare(r.before[field], r.after[field]);
      if (changed) out.push({ section: r.section, item: r.id, field, changed });
    }
  }
  return out;
}

const CHINESE = /[\u3400-\u9fff]/;
/** An English text that is its Chinese one: left empty in the form, it took the Chinese until translated. */
const copied = (text: Text): boolean => text.en === text.zh && CHINESE.test(text.zh);

/** Every text of the draft whose English is still its Chinese (name, section titles, labels, guidance, option labels). */
export function copiedTexts(draft: DraftTemplate): OneLanguage[] {
  const out: OneLanguage[] = [];
  if (copied(draft.name)) out.push({ section: '', item: '', field: 'name', changed: 'copied' });
  for (const s of draft.sections) {
    if (copied(s.title)) out.push({ section: s.id, item: '', field: 'title', changed: 'copied' });
    for (const i of s.items) {
      if (copied(i.label)) out.push({ section: s.id, item: i.id, field: 'label', changed: 'copied' });
      if (copied(i.guidance)) out.push({ section: s.id, item: i.id, field: 'guidance', changed: 'copied' });
      for (const o of i.options ?? []) if (copied(o.label)) out.push({ section: s.id, item: i.id, field: 'options', changed: 'copied', option: o.id });
    }
  }
  return out;
}
