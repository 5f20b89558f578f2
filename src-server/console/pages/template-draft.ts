/**
 * The draft editor: one plain form with a fieldset per item (reword, settings, move, retire), a
 * blank "new item" fieldset per section, retired items to restore and a new section. The form
 * carries the draft's hash; a refused save re-renders it with what was typed and each problem
 * beside its item.
 */
import { checkLoaded, type LoadedDraft } from '../../admin/template-publish';
import { draftFromPublished, type DraftItem, type DraftSection, type Problem } from '../../admin/template-draft';
import { ITEM_KINDS, optionsText, type Form } from '../../admin/template-form';
import { FailRequirement, Severity } from '../../../src-shared/catalog/schema';
import { chinaDateTime } from '../china-time';
import { html, type SafeHtml } from '../html';
import { localized, page, type PageContext } from '../layout';
import { who } from './template-list';
import { colon, counted, fieldName, idPlaceholder, kindName, problemList, problemText, requiredMark, requireName, severityName, templateKind } from './template-parts';

export interface EditorState {
  /** The form as posted, when a save was refused: shown instead of the stored values. */
  typed?: Form;
  /** Why the save was refused. */
  problems?: Problem[];
  /** A conflict or another message to show on top. */
  message?: string;
  notice?: string;
}

export function templateDraftPage(pc: PageContext, loaded: LoadedDraft, state: EditorState = {}): string {
  const { t, lang, session } = pc;
  const { draft, stored } = loaded;
  const typed = state.typed;
  const value = (name: string, current: string | number | undefined): string => (typed ? (typed[name] ?? '') : current === undefined ? '' : String(current));
  const checked = (name: string, current: boolean): string => ((typed ? typed[name] === 'on' : current) ? ' checked' : '');
  const selected = (name: string, option: string, current: string): string => ((typed ? typed[name] === option : current === option) ? ' selected' : '');
  // Problems beside their item: the refusal's, or else what the check would say of the stored draft.
  // A draft not yet edited is its base word for word: a plain note here, a refusal only on check and publish.
  const pending = state.problems ? [] : checkLoaded(loaded).problems;
  const unchanged = pending.find((p) => p.code === 'unchanged');
  const shown = state.problems ?? pending.filter((p) => p.code !== 'unchanged');
  const at = (p: Problem) => (item?: string, section?: string) => (item ? p.where.item === item : !p.where.item && p.where.section === section);
  const problemsOf = (item?: string, section?: string): SafeHtml => {
    const mine = shown.filter((p) => at(p)(item, section));
    return mine.length ? html`<ul class="tpl-problems">${mine.map((p) => html`<li>${p.where.field ? html`<strong>${fieldName(t, p.where.field)}</strong>${colon(pc)}` : ''}${problemText(pc, p)}</li>`)}</ul>` : html``;
  };

  // The Chinese of every text is required; the English may be left empty (the Chinese is used until it is translated).
  const textPair = (prefix: string, current: { zh: string; en: string }, labels: [string, string], area = false): SafeHtml =>
    html`<div class="tpl-row">${(['zh', 'en'] as const).map((l, i) => {
      const label = l === 'zh' ? html`<span>${labels[i]!}${requiredMark(t)}</span>` : html`${labels[i]!}`;
      return area
        ? html`<label>${label}<textarea name="${prefix}.${l}" rows="3">${value(`${prefix}.${l}`, current[l])}</textarea></label>`
        : html`<label>${label}<input name="${prefix}.${l}" value="${value(`${prefix}.${l}`, current[l])}"></label>`;
    })}</div>`;
  const failSelects = (p: string, item: Pick<DraftItem, 'onFail'>): SafeHtml =>
    html`<label>${t('tpl.field.severity')}<select name="${p}.severity">${Severity.options.map((s) => html`<option value="${s}"${selected(`${p}.severity`, s, item.onFail.severity)}>${severityName(t, s)}</option>`)}</select></label>
      <label>${t('tpl.field.require')}<select name="${p}.require">${FailRequirement.options.map((r) => html`<option value="${r}"${selected(`${p}.require`, r, item.onFail.require)}>${requireName(t, r)}</option>`)}</select></label>`;

  const kindFields = (p: string, item: DraftItem): SafeHtml => {
    if (item.kind === 'number') {
      const num = (name: string, label: string, current: number | undefined) => html`<label class="tpl-short">${label}<input name="${p}.${name}" value="${value(`${p}.${name}`, current)}" inputmode="decimal"></label>`;
      return html`<div class="tpl-row">
        <label class="tpl-short">${t('tpl.field.unit')}<input name="${p}.unit" value="${value(`${p}.unit`, item.unit)}"></label>
        ${num('normal.min', t('tpl.field.normal.min'), item.normal?.min)}${num('normal.max', t('tpl.field.normal.max'), item.normal?.max)}
        ${num('bounds.min', t('tpl.field.bounds.min'), item.bounds?.min)}${num('bounds.max', t('tpl.field.bounds.max'), item.bounds?.max)}
        ${num('decimals', t('tpl.field.decimals'), item.decimals)}</div>`;
    }
    if (item.kind === 'choice') {
      return html`<label>${t('tpl.field.options')} <span class="muted">${t('tpl.options.hint')}</span>
        <textarea name="${p}.options" rows="${Math.max(3, (item.options?.length ?? 0) + 1)}" class="tpl-mono">${value(`${p}.options`, optionsText(item.options))}</textarea></label>`;
    }
    if (item.kind === 'photo') return html`<div class="tpl-row"><label class="tpl-short">${t('tpl.field.minPhotos')}<input name="${p}.minPhotos" value="${value(`${p}.minPhotos`, item.minPhotos)}" inputmode="numeric"></label></div>`;
    return html``;
  };

  const sectionOptions = (p: string, current: string): SafeHtml =>
    html`${draft.sections.map((s) => html`<option value="${s.id}"${selected(`${p}.section`, s.id, current)}>${localized(s.title, lang, s.id) || s.id}</option>`)}`;

  const itemFieldset = (section: DraftSection, item: DraftItem): SafeHtml => {
    const p = `item.${item.id}`;
    return html`<fieldset class="tpl-item" id="item-${item.id}" data-item="${item.id}">
      <legend><code class="tpl-id">${item.id}</code> · ${kindName(t, item.kind)}</legend>
      <input type="hidden" name="${p}.kind" value="${item.kind}">
      ${problemsOf(item.id)}
      ${textPair(`${p}.label`, item.label, [t('tpl.field.label.zh'), t('tpl.field.label.en')])}
      ${textPair(`${p}.guidance`, item.guidance, [t('tpl.field.guidance.zh'), t('tpl.field.guidance.en')], true)}
      <div class="tpl-row">${failSelects(p, item)}
        <label>${t('tpl.field.section')}<select name="${p}.section">${sectionOptions(p, section.id)}</select></label>
        <label class="check"><input type="checkbox" name="${p}.perAsset"${checked(`${p}.perAsset`, item.perAsset)}> ${t('tpl.field.perAsset')}</label>
        <label class="check tpl-retire"><input type="checkbox" name="${p}.retire"${checked(`${p}.retire`, false)}> ${t('tpl.field.retire')}</label></div>
      ${kindFields(p, item)}
    </fieldset>`;
  };

  const newItemFieldset = (section: DraftSection): SafeHtml => {
    const p = `new.${section.id}`;
    const filled = typed !== undefined && ['id', 'label.zh', 'label.en'].some((n) => (typed[`${p}.${n}`] ?? '') !== '');
    const fresh = { onFail: { require: 'note' as const, severity: 'minor' as const } };
    return html`<details class="tpl-new"${filled ? ' open' : ''}><summary>${t('tpl.newItem')}</summary>
      <fieldset class="tpl-item">
      <div class="tpl-row"><label><span>${t('tpl.field.newId')}${requiredMark(t)}</span><input name="${p}.id" value="${value(`${p}.id`, '')}" placeholder="${placeholder}"></label>
        <label>${t('tpl.field.kind')}<select name="${p}.kind">${ITEM_KINDS.map((k) => html`<option value="${k}"${selected(`${p}.kind`, k, 'check')}>${kindName(t, k)}</option>`)}</select></label></div>
      ${textPair(`${p}.label`, { zh: '', en: '' }, [t('tpl.field.label.zh'), t('tpl.field.label.en')])}
      ${textPair(`${p}.guidance`, { zh: '', en: '' }, [t('tpl.field.guidance.zh'), t('tpl.field.guidance.en')], true)}
      <div class="tpl-row">${failSelects(p, fresh)}
        <label class="check"><input type="checkbox" name="${p}.perAsset"${checked(`${p}.perAsset`, draft.kind === 'hardware')}> ${t('tpl.field.perAsset')}</label></div>
      <p class="muted">${t('tpl.newItem.hint')}</p></fieldset></details>`;
  };

  const placeholder = idPlaceholder(draft.sections.flatMap((s) => s.items.map((i) => i.id)));
  const sections = draft.sections.map(
    (s) => html`<section class="tpl-section" id="section-${s.id}">
      <h2>${localized(s.title, lang, s.id) || s.id} <code class="muted">${s.id}</code></h2>
      ${problemsOf(undefined, s.id)}
      <fieldset class="tpl-section-title">${textPair(`section.${s.id}.title`, s.title, [t('tpl.field.title.zh'), t('tpl.field.title.en')])}
        <label class="check"><input type="checkbox" name="section.${s.id}.remove"${checked(`section.${s.id}.remove`, false)}> ${t('tpl.field.removeSection')}</label></fieldset>
      ${s.items.map((i) => itemFieldset(s, i))}
      ${newItemFieldset(s)}
    </section>`,
  );

  const present = new Set(draft.sections.flatMap((s) => s.items.map((i) => i.id)));
  const base = loaded.base && draftFromPublished(loaded.base);
  const retired = (base?.sections ?? []).flatMap((s) => s.items.filter((i) => !present.has(i.id)));
  const retiredBlock = retired.length
    ? html`<h2>${t('tpl.retired.title')}</h2><p class="muted">${t('tpl.retired.hint')}</p>
      <ul class="tpl-plain">${retired.map((i) => html`<li><label class="check"><input type="checkbox" name="restore.${i.id}"${checked(`restore.${i.id}`, false)}> ${t('tpl.restore')} <code>${i.id}</code> ${localized(i.label, lang, '')}</label></li>`)}</ul>`
    : '';
  const newSectionOpen = typed !== undefined && (typed['newsection.id'] ?? '') !== '';

  const generalProblems = shown.filter((p) => !p.where.item && !p.where.section);
  const body = html`<p><a href="/console/templates/${draft.id}">← ${localized(draft.name, lang, draft.id)}</a></p>
    ${state.message ? html`<p class="error" data-testid="message">${state.message}</p>` : ''}
    ${state.notice ? html`<p class="ok" data-testid="notice">${state.notice}</p>` : ''}
    <p>${stored.baseVersion ? t('tpl.draft.intro', { version: draft.version, base: stored.baseVersion }) : t('tpl.draft.introNew')}
      ${t('tpl.draft.lastSaved', { who: who(stored.updatedBy), at: chinaDateTime(stored.updatedAt) })}</p>
    <p class="muted">${t('tpl.draft.kindNote')}</p>
    ${state.problems ? html`<div class="tpl-refused"><p class="error">${counted(t, 'tpl.draft.refused', state.problems.length)}</p>${problemList(pc, state.problems, draft)}</div>` : ''}
    ${!state.problems && shown.length ? html`<p class="muted" data-testid="pending">${counted(t, 'tpl.draft.pending', shown.length)}</p>` : ''}
    ${unchanged ? html`<p class="tpl-note" data-testid="unchanged">${t('tpl.draft.unchanged', { base: stored.baseVersion ?? '—' })}</p>` : ''}
    <p class="muted">${t('tpl.required.note')}</p>
    <form method="post" action="/console/templates/${draft.id}/draft" class="tpl-editor">
      <input type="hidden" name="csrf" value="${session?.csrfToken ?? ''}">
      <input type="hidden" name="hash" value="${typed?.hash ?? stored.hash}">
      <fieldset><legend>${t('tpl.field.name')}</legend>
        ${generalProblems.length ? html`<ul class="tpl-problems">${generalProblems.map((p) => html`<li>${p.where.field ? html`<strong>${fieldName(t, p.where.field)}</strong>${colon(pc)}` : ''}${problemText(pc, p)}</li>`)}</ul>` : ''}
        ${textPair('name', draft.name, [t('tpl.field.name.zh'), t('tpl.field.name.en')])}
        <div class="tpl-row"><label><span>${t('tpl.field.sources')}${requiredMark(t)}</span><input name="sources" value="${value('sources', draft.sources.join(', '))}"></label>
          <label>${t('tpl.field.type')}<input value="${templateKind(t, draft)}" disabled></label></div></fieldset>
      ${sections}
      ${retiredBlock}
      <details class="tpl-new"${newSectionOpen ? ' open' : ''}><summary>${t('tpl.newSection')}</summary><fieldset>
        <div class="tpl-row"><label>${t('tpl.field.newId')}<input name="newsection.id" value="${value('newsection.id', '')}"></label></div>
        ${textPair('newsection.title', { zh: '', en: '' }, [t('tpl.field.title.zh'), t('tpl.field.title.en')])}</fieldset></details>
      <div class="tpl-actions"><button type="submit">${t('tpl.draft.save')}</button>
        <a class="button" href="/console/templates/${draft.id}/draft/check">${t('tpl.draft.check')}</a></div>
    </form>
    <form method="post" action="/console/templates/${draft.id}/draft/discard" class="tpl-discard">
      <input type="hidden" name="csrf" value="${session?.csrfToken ?? ''}"><input type="hidden" name="hash" value="${stored.hash}">
      <button type="submit" class="danger">${t('tpl.draft.discard')}</button> <span class="muted">${t('tpl.draft.discardHint')}</span></form>`;
  return page(pc, t('tpl.draft.title', { name: localized(draft.name, lang, draft.id), version: draft.version }), body);
}
