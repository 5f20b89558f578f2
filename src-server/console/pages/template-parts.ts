/** What the checklist pages share: names of kinds, severities and fields, and problems named in the page's language. */
import type { DraftItem, DraftTemplate, Problem } from '../../admin/template-draft';
import type { Template } from '../../../src-shared/catalog/schema';
import { html, type SafeHtml } from '../html';
import type { MessageKey, Translate } from '../i18n';
import { localized, type PageContext } from '../layout';

export const kindName = (t: Translate, kind: string): string => t(`tpl.kind.${kind}` as MessageKey);
export const severityName = (t: Translate, severity: string): string => t(`tpl.severity.${severity}` as MessageKey);
export const requireName = (t: Translate, require: string): string => t(`tpl.require.${require}` as MessageKey);
export const hardwareName = (t: Translate, type: string): string => t(`tpl.hw.${type}` as MessageKey);

/** Keys whose English counts things: each has a `.one` twin for a count of one ("1 item", not "1 items"). */
export type CountedKey = 'tpl.itemsCount' | 'tpl.versionsCount' | 'tpl.detail.photos' | 'tpl.draft.refused' | 'tpl.draft.pending' | 'tpl.check.passes' | 'tpl.check.fails';
export const counted = (t: Translate, key: CountedKey, n: number, params: Record<string, string | number> = {}): string =>
  t(n === 1 ? (`${key}.one` as MessageKey) : key, { ...params, n });

/** What follows a field's name before what is said of it: "：" in Chinese, ": " in English. */
export const colon = (pc: Pick<PageContext, 'lang'>): string => (pc.lang === 'en' ? ': ' : '：');

/** The mark of a required field beside its label, as on the hospital forms. */
export const requiredMark = (t: Translate): SafeHtml => html`<span class="req" title="${t('ref.required')}">*</span>`;

/**
 * What a new item's id might look like: this checklist's own prefix (its items' common first
 * word, "ck" for the caller keypad's ck-…), or no prefix when its items share none.
 */
export function idPlaceholder(ids: readonly string[]): string {
  const prefixes = new Set(ids.map((id) => /^([a-z0-9]+)[-_]/.exec(id)?.[1] ?? ''));
  const [prefix] = [...prefixes];
  return prefixes.size === 1 && prefix ? `${prefix}-power-check` : 'power-check';
}

/** "系统" or "硬件 · 自助终端". */
export const templateKind = (t: Translate, tpl: Pick<Template, 'kind' | 'hardwareType'>): string =>
  tpl.kind === 'hardware' ? `${t('tpl.type.hardware')} · ${tpl.hardwareType ? hardwareName(t, tpl.hardwareType) : '—'}` : t('tpl.type.system');

const FIELD_KEYS: Record<string, MessageKey> = {
  'label.zh': 'tpl.field.label.zh',
  'label.en': 'tpl.field.label.en',
  'guidance.zh': 'tpl.field.guidance.zh',
  'guidance.en': 'tpl.field.guidance.en',
  'title.zh': 'tpl.field.title.zh',
  'title.en': 'tpl.field.title.en',
  'name.zh': 'tpl.field.name.zh',
  'name.en': 'tpl.field.name.en',
  unit: 'tpl.field.unit',
  normal: 'tpl.field.normal',
  'normal.min': 'tpl.field.normal.min',
  'normal.max': 'tpl.field.normal.max',
  bounds: 'tpl.field.bounds',
  'bounds.min': 'tpl.field.bounds.min',
  'bounds.max': 'tpl.field.bounds.max',
  decimals: 'tpl.field.decimals',
  options: 'tpl.field.options',
  minPhotos: 'tpl.field.minPhotos',
  kind: 'tpl.field.kind',
  id: 'tpl.field.id',
  hardwareType: 'tpl.field.hardwareType',
  sources: 'tpl.field.sources',
  remove: 'tpl.field.removeSection',
};

/** A field path in words: "标签（中文）"; options' own fields ("options.1.label.zh") name the option's line. */
export function fieldName(t: Translate, field: string): string {
  const option = /^options\.(\d+)\.(.+)$/.exec(field);
  if (option) return `${t('tpl.field.options')} · ${t('tpl.field.optionLine', { line: Number(option[1]) + 1 })}`;
  if (/^new\.[^.]+\.id$/.test(field) || field === 'newsection.id') return t('tpl.field.newId');
  return FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : field;
}

/** Where a problem is, in words: "分区「外观」 · 检查项 ks-cabinet（机柜外观与固定） · 标签（中文）". */
export function problemWhere(pc: PageContext, problem: Pick<Problem, 'where'>, draft: DraftTemplate | undefined): string {
  const { t, lang } = pc;
  const parts: string[] = [];
  const section = problem.where.section ? draft?.sections.find((s) => s.id === problem.where.section) : undefined;
  if (problem.where.section) parts.push(t('tpl.where.section', { title: section ? localized(section.title, lang, section.id) || section.id : problem.where.section }));
  if (problem.where.item) {
    const item = section?.items.find((i) => i.id === problem.where.item);
    parts.push(t('tpl.where.item', { id: problem.where.item, label: item ? localized(item.label, lang, '') : '' }));
  }
  if (problem.where.field) parts.push(fieldName(t, problem.where.field));
  return parts.join(' · ');
}

export function problemText(pc: PageContext, problem: Problem): string {
  const params = { ...problem.params };
  if (typeof params.kind === 'string') params.kind = kindName(pc.t, params.kind);
  return pc.t(`tpl.problem.${problem.code}` as MessageKey, params);
}

/** The problems as a list, each with where it is; detail from the schema stays as zod says it, in brackets. */
export function problemList(pc: PageContext, problems: readonly Problem[], draft: DraftTemplate | undefined): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<ul class="tpl-problems" data-testid="problems">${problems.map((p) => {
    const where = problemWhere(pc, p, draft);
    return html`<li>${where ? html`<strong>${where}</strong>${colon(pc)}` : ''}${problemText(pc, p)}</li>`;
  })}</ul>`;
}

/** The on-fail rule of an item in words: "严重 · 须填写说明或拍照". */
export const onFailText = (t: Translate, item: Pick<DraftItem, 'onFail'>): string => `${severityName(t, item.onFail.severity)} · ${requireName(t, item.onFail.require)}`;

/** What a number, choice or photo item asks for, in one line. */
export function itemDetail(pc: PageContext, item: DraftItem): string {
  const { t, lang } = pc;
  if (item.kind === 'number') {
    const range = (r: { min?: number; max?: number } | undefined): string => `${r?.min ?? '…'} – ${r?.max ?? '…'}`;
    return t('tpl.detail.number', { unit: item.unit ?? '', normal: range(item.normal), bounds: range(item.bounds), decimals: item.decimals ?? 2 });
  }
  if (item.kind === 'choice') return (item.options ?? []).map((o) => `${localized(o.label, lang, o.id)}${o.fail ? ` (${t('tpl.detail.fail')})` : ''}`).join(' / ');
  if (item.kind === 'photo') return counted(t, 'tpl.detail.photos', item.minPhotos ?? 1);
  return '';
}
