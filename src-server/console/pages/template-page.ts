/** One template: its published versions (each read-only, with its workbook), its draft, the contracts that use it. */
import { readDraft } from '../../admin/template-draft';
import type { OfficeContext } from '../../context';
import { chinaDateTime } from '../china-time';
import { html } from '../html';
import { localized, page, type PageContext } from '../layout';
import { templateSummaries, who } from './template-list';
import { templateKind } from './template-parts';

/** undefined when there is no such template (published or drafted). `message` is a refusal to show on top, `notice` what was just done. */
export async function templatePage(ctx: OfficeContext, pc: PageContext, id: string, message?: string, notice?: string): Promise<string | undefined> {
  const { t, lang, session } = pc;
  const summary = (await templateSummaries(ctx, session!)).find((s) => s.id === id);
  if (!summary) return undefined;
  const rows = [];
  for (const version of [...summary.versions].reverse()) {
    const history = await ctx.store.listReferenceVersions('template', `${id}@${version}`);
    const first = history.at(-1);
    const row = await ctx.store.getReference('template', `${id}@${version}`);
    const items = (row?.data as { sections?: { items: unknown[] }[] } | undefined)?.sections?.reduce((n, s) => n + s.items.length, 0) ?? 0;
    rows.push(html`<tr data-version="${version}"><td><a href="/console/templates/${id}/v/${version}">${t('tpl.versionN', { n: version })}</a>
      ${version === summary.latest?.version ? html` <span class="ok">${t('tpl.latest')}</span>` : ''}</td>
      <td class="tpl-num">${items}</td><td>${first ? who(first.actor) : '—'}</td><td>${first ? chinaDateTime(first.at) : '—'}</td>
      <td><a href="/console/templates/${id}/v/${version}.xlsx">${t('tpl.exportVersion')}</a></td></tr>`);
  }
  const draft = summary.draft;
  const draftData = draft && readDraft(draft.data);
  const csrf = session?.csrfToken ?? '';
  const admin = session?.role === 'admin';
  const draftBlock = draft
    ? html`<p data-testid="draft">${t('tpl.draftOf', { version: draftData?.version ?? '?', base: draft.baseVersion ?? '—', who: who(draft.updatedBy), at: chinaDateTime(draft.updatedAt) })}</p>
      <p><a class="button" href="/console/templates/${id}/draft">${admin ? t('tpl.draft.edit') : t('tpl.draft.view')}</a>
      <a class="button" href="/console/templates/${id}/draft/check">${t('tpl.draft.check')}</a></p>`
    : admin && summary.latest
      ? html`<form method="post" action="/console/templates/${id}/draft/new"><input type="hidden" name="csrf" value="${csrf}">
        <p class="muted">${t('tpl.newVersion.hint', { base: summary.latest.version, next: summary.latest.version + 1 })}</p>
        <button type="submit">${t('tpl.newVersion', { n: summary.latest.version + 1 })}</button></form>`
      : html`<p class="muted">${t('tpl.noDraft')}</p>`;
  const body = html`${message ? html`<p class="error" data-testid="message">${message}</p>` : ''}
    ${notice ? html`<p class="ok" data-testid="notice">${notice}</p>` : ''}
    <p><code>${id}</code> · ${templateKind(t, summary.kind)}</p>
    <h2>${t('tpl.versions')}</h2>
    ${rows.length
      ? html`<table><thead><tr><th>${t('tpl.col.version')}</th><th>${t('tpl.col.items')}</th><th>${t('tpl.col.publishedBy')}</th><th>${t('tpl.col.publishedAt')}</th><th></th></tr></thead>
        <tbody>${rows}</tbody></table>`
      : html`<p class="muted">${t('tpl.unpublished')}</p>`}
    <h2>${t('tpl.col.draft')}</h2>${draftBlock}
    <h2>${t('tpl.col.contracts')}</h2>
    ${summary.contracts.length ? html`<ul>${summary.contracts.map((c) => html`<li>${localized(c.name, lang, c.id)} <code class="muted">${c.id}</code></li>`)}</ul>` : html`<p class="muted">${t('tpl.noContracts')}</p>`}`;
  return page(pc, localized(summary.name, lang, id), body);
}
