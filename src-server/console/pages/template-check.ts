/**
 * The check of a draft: the catalog's Template schema and the item-id rules, the change against
 * the version it starts from, what publishing means for devices, inspections and reports, and
 * (when it passes) the publish form carrying the hash of the draft shown here.
 */
import type { CheckResult } from '../../admin/template-check';
import { diffTemplates, type OneLanguage, type TemplateDiff } from '../../admin/template-diff';
import { type DraftTemplate, type Text } from '../../admin/template-draft';
import type { LoadedDraft } from '../../admin/template-publish';
import { html, type SafeHtml } from '../html';
import { localized, page, type PageContext } from '../layout';
import { colon, counted, problemList, problemWhere } from './template-parts';

function changes(pc: PageContext, diff: TemplateDiff, base: DraftTemplate | undefined, next: DraftTemplate): SafeHtml {
  const { t, lang } = pc;
  const sectionTitle = (t2: DraftTemplate | undefined, id: string): string => {
    const s = t2?.sections.find((x) => x.id === id);
    return s ? localized(s.title, lang, id) || id : id;
  };
  const label = (text: Text, id: string) => html`<code>${id}</code> ${localized(text, lang, '')}`;
  const both = (text: Text | undefined) => (text ? html`${text.zh}<br><span class="muted">${text.en}</span>` : '');
  const block = (key: 'added' | 'reworded' | 'retired' | 'moved' | 'settings', n: number, content: SafeHtml) =>
    html`<h3 data-change="${key}">${t(`tpl.diff.${key}`, { n })}</h3>${n ? content : html`<p class="muted">${t('tpl.diff.none')}</p>`}`;
  return html`
    ${diff.nameChanged ? html`<p>${t('tpl.diff.name', { before: localized(base?.name, lang, ''), after: localized(next.name, lang, '') })}</p>` : ''}
    ${diff.sourcesChanged ? html`<p>${t('tpl.diff.sources', { before: base?.sources.join(', ') ?? '', after: next.sources.join(', ') })}</p>` : ''}
    ${diff.sectionsAdded.length || diff.sectionsRenamed.length || diff.sectionsRemoved.length
      ? html`<ul class="tpl-plain">
        ${diff.sectionsAdded.map((s) => html`<li>${t('tpl.diff.sectionAdded', { title: sectionTitle(next, s) })}</li>`)}
        ${diff.sectionsRenamed.map((s) => html`<li>${t('tpl.diff.sectionRenamed', { before: sectionTitle(base, s), after: sectionTitle(next, s) })}</li>`)}
        ${diff.sectionsRemoved.map((s) => html`<li>${t('tpl.diff.sectionRemoved', { title: sectionTitle(base, s) })}</li>`)}</ul>`
      : ''}
    ${block('added', diff.added.length, html`<ul class="tpl-diff added">${diff.added.map((a) => html`<li data-item="${a.item.id}">${label(a.item.label, a.item.id)} <span class="muted">· ${sectionTitle(next, a.section)}</span></li>`)}</ul>`)}
    ${block('reworded', diff.reworded.length, html`<table class="tpl-diff"><thead><tr><th>${t('tpl.field.id')}</th><th>${t('tpl.col.what')}</th><th>${t('tpl.col.before')}</th><th>${t('tpl.col.after')}</th></tr></thead><tbody>
      ${diff.reworded.flatMap((r) => r.fields.map((f) => html`<tr data-item="${r.id}"><td><code>${r.id}</code></td><td>${t(`tpl.diff.field.${f}`)}</td>
        <td>${f === 'options' ? (r.before.options ?? []).map((o) => `${localized(o.label, lang, o.id)}`).join(' / ') : both(r.before[f])}</td>
        <td>${f === 'options' ? (r.after.options ?? []).map((o) => `${localized(o.label, lang, o.id)}`).join(' / ') : both(r.after[f])}</td></tr>`))}</tbody></table>`)}
    ${block('retired', diff.retired.length, html`<ul class="tpl-diff retired">${diff.retired.map((r) => html`<li data-item="${r.item.id}">${label(r.item.label, r.item.id)} <span class="muted">· ${sectionTitle(base, r.section)}</span></li>`)}</ul>
      <p class="muted">${t('tpl.diff.retiredNote')}</p>`)}
    ${block('moved', diff.moved.length, html`<ul class="tpl-diff">${diff.moved.map((m) => html`<li data-item="${m.id}">${label(m.label, m.id)}：${t('tpl.diff.movedFrom', { from: sectionTitle(base, m.from), to: sectionTitle(next, m.to), fromPlace: m.fromPlace, toPlace: m.toPlace })}</li>`)}</ul>`)}
    ${block('settings', diff.settings.length, html`<ul class="tpl-diff">${diff.settings.map((s) => html`<li data-item="${s.id}">${label(s.label, s.id)}：${s.fields.map((f) => t(`tpl.diff.setting.${f}` as 'tpl.diff.setting.unit')).join('、')}</li>`)}</ul>`)}`;
}

/** Texts reworded in one language only: the other language may be stale. A reminder, not a refusal. */
function warnings(pc: PageContext, list: readonly OneLanguage[], draft: DraftTemplate): SafeHtml {
  const { t } = pc;
  if (list.length === 0) return html``;
  return html`<div class="tpl-warnings" data-testid="warnings"><p>${t('tpl.warn.title', { n: list.length })}</p>
    <ul>${list.map((w) => {
      const where = problemWhere(pc, { where: { section: w.section, item: w.item } }, draft);
      const field = w.option ? `${t('tpl.diff.field.options')} ${w.option}` : t(`tpl.diff.field.${w.field}`);
      const said = w.changed === 'copied' ? 'tpl.warn.copied' : w.changed === 'zh' ? 'tpl.warn.enStale' : 'tpl.warn.zhStale';
      return html`<li data-item="${w.item}" data-warn="${w.changed}">${where ? html`<strong>${where}</strong>${colon(pc)}` : ''}${t(said, { field })}</li>`;
    })}</ul></div>`;
}

export function templateCheckPage(pc: PageContext, loaded: LoadedDraft, check: CheckResult, message?: string): string {
  const { t, lang, session } = pc;
  const { draft, stored } = loaded;
  const baseView: DraftTemplate | undefined = loaded.base;
  const diff = diffTemplates(baseView, draft);
  const latest = loaded.published.at(-1);
  const stale = latest !== undefined && stored.baseVersion !== latest.version;
  const passes = check.template !== undefined && !stale;
  const meaning = stored.baseVersion
    ? t('tpl.check.meaning', { next: draft.version, base: stored.baseVersion })
    : t('tpl.check.meaningNew', { next: draft.version });
  const publish =
    passes && session?.role === 'admin'
      ? html`<form method="post" action="/console/templates/${draft.id}/draft/publish" class="tpl-publish">
        <input type="hidden" name="csrf" value="${session.csrfToken}"><input type="hidden" name="hash" value="${stored.hash}">
        <input type="hidden" name="version" value="${draft.version}">
        <button type="submit">${t('tpl.check.publish', { n: draft.version })}</button></form>`
      : '';
  const body = html`<p><a href="/console/templates/${draft.id}">← ${localized(draft.name, lang, draft.id)}</a>
      · <a href="/console/templates/${draft.id}/draft">${t('tpl.check.backToDraft')}</a></p>
    ${message ? html`<p class="error" data-testid="message">${message}</p>` : ''}
    ${stale ? html`<p class="error" data-testid="stale">${t('tpl.check.stale', { base: stored.baseVersion ?? '—', latest: latest.version })}</p>` : ''}
    ${check.template
      ? html`<p class="ok" data-testid="passes">${counted(t, 'tpl.check.passes', check.template.sections.reduce((n, s) => n + s.items.length, 0))}</p>`
      : html`<p class="error" data-testid="fails">${counted(t, 'tpl.check.fails', check.problems.length)}</p>${problemList(pc, check.problems, draft)}`}
    ${warnings(pc, check.warnings, draft)}
    <h2>${stored.baseVersion ? t('tpl.check.changes', { base: stored.baseVersion, next: draft.version }) : t('tpl.check.changesNew')}</h2>
    ${changes(pc, diff, baseView, draft)}
    <h2>${t('tpl.check.meaningTitle')}</h2>
    <p class="tpl-meaning" data-testid="meaning">${meaning}</p>
    ${publish}`;
  return page(pc, t('tpl.check.title', { name: localized(draft.name, lang, draft.id), version: draft.version }), body);
}
