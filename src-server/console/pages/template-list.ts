/**
 * The checklists page: every template with its latest published version, its kind, its item
 * count, the contracts that use it and its draft; an administrator starts a new template here.
 */
import { readDraft, type Problem } from '../../admin/template-draft';
import { publishedTemplates } from '../../admin/template-publish';
import { HardwareType, type Template } from '../../../src-shared/catalog/schema';
import type { OfficeContext } from '../../context';
import { readContract } from '../../service/derive';
import type { TemplateDraft } from '../../storage/port';
import { chinaDateTime } from '../china-time';
import { html } from '../html';
import { localized, page, type PageContext } from '../layout';
import { mayRead, type ConsoleSession } from '../session';
import { counted, hardwareName, problemList, requiredMark, templateKind } from './template-parts';

export interface TemplateSummary {
  id: string;
  /** The latest published version; undefined for a template that is only a draft yet. */
  latest?: Template;
  versions: number[];
  name: { zh: string; en: string };
  kind: Pick<Template, 'kind' | 'hardwareType'>;
  items: number;
  /** Contracts (of the hospitals the user may read) naming it for a system or for their hardware. */
  contracts: { id: string; name: { zh: string; en: string } }[];
  draft?: TemplateDraft;
}

export async function templateSummaries(ctx: OfficeContext, session: ConsoleSession): Promise<TemplateSummary[]> {
  const published = await publishedTemplates(ctx);
  const drafts = new Map((await ctx.store.listTemplateDrafts()).map((d) => [d.templateId, d]));
  const contracts = (await ctx.store.listReference('contract'))
    .filter((r) => r.hospitalId !== null && mayRead(session, r.hospitalId))
    .flatMap((r) => readContract(r.data) ?? []);
  const ids = [...new Set([...published.keys(), ...drafts.keys()])].sort();
  return ids.flatMap((id): TemplateSummary[] => {
    const versions = published.get(id) ?? [];
    const latest = versions.at(-1);
    const draft = drafts.get(id);
    const shown = latest ?? (draft && readDraft(draft.data));
    if (!shown) return [];
    return [
      {
        id,
        ...(latest ? { latest } : {}),
        versions: versions.map((v) => v.version),
        name: shown.name,
        kind: { kind: shown.kind, ...(shown.hardwareType ? { hardwareType: shown.hardwareType } : {}) },
        items: latest ? latest.sections.reduce((n, s) => n + s.items.length, 0) : 0,
        contracts: contracts.filter((c) => c.systems.some((s) => s.templateId === id) || c.hardwareTemplateIds.includes(id)).map((c) => ({ id: c.id, name: c.name })),
        ...(draft ? { draft } : {}),
      },
    ];
  });
}

/** The actor of an audit entry as a person reads it: "admin:li" → "li". */
export const who = (actor: string): string => actor.replace(/^admin:/, '');

export interface NewTemplateForm {
  typed: Record<string, string>;
  problems: Problem[];
}

/** The form's anchor: a refused form's page is long, so its summary on top links down to it. */
const NEW_FORM = 'new-template';

export async function templateListPage(ctx: OfficeContext, pc: PageContext, failed?: NewTemplateForm, notice?: string): Promise<string> {
  const { t, lang, session } = pc;
  const summaries = await templateSummaries(ctx, session!);
  const rows = summaries.map(
    (s) => html`<tr data-template="${s.id}">
      <td><a href="/console/templates/${s.id}">${localized(s.name, lang, s.id)}</a><br><code class="muted tpl-id">${s.id}</code></td>
      <td>${s.latest ? html`<a href="/console/templates/${s.id}/v/${s.latest.version}">${t('tpl.versionN', { n: s.latest.version })}</a>` : html`<span class="muted">${t('tpl.unpublished')}</span>`}
        ${s.versions.length > 1 ? html`<br><span class="muted">${counted(t, 'tpl.versionsCount', s.versions.length)}</span>` : ''}</td>
      <td>${templateKind(t, s.kind)}</td>
      <td class="tpl-num">${s.latest ? s.items : '—'}</td>
      <td>${s.contracts.length ? html`<ul class="tpl-plain">${s.contracts.map((c) => html`<li>${localized(c.name, lang, c.id)}</li>`)}</ul>` : html`<span class="muted">—</span>`}</td>
      <td>${s.draft
        ? html`<a href="/console/templates/${s.id}/draft">${t('tpl.draftBy', { who: who(s.draft.updatedBy), at: chinaDateTime(s.draft.updatedAt) })}</a>`
        : html`<span class="muted">—</span>`}</td></tr>`,
  );
  const typed = (name: string): string => failed?.typed[name] ?? '';
  const create =
    session?.role === 'admin'
      ? html`<h2 id="${NEW_FORM}">${t('tpl.new.title')}</h2>
      <form method="post" action="/console/templates/new#${NEW_FORM}" class="tpl-new-template">
        <input type="hidden" name="csrf" value="${session.csrfToken}">
        ${failed ? problemList(pc, failed.problems, undefined) : ''}
        <p class="muted">${t('tpl.new.hint')} ${t('tpl.required.note')}</p>
        <div class="tpl-row">
          <label><span>${t('tpl.field.id')}${requiredMark(t)}</span><input name="id" value="${typed('id')}" placeholder="queue-printer"></label>
          <label>${t('tpl.field.type')}<select name="kind">
            <option value="system"${typed('kind') === 'hardware' ? '' : ' selected'}>${t('tpl.type.system')}</option>
            <option value="hardware"${typed('kind') === 'hardware' ? ' selected' : ''}>${t('tpl.type.hardware')}</option></select></label>
          <label>${t('tpl.field.hardwareType')}<select name="hardwareType"><option value="">—</option>
            ${HardwareType.options.map((h) => html`<option value="${h}"${typed('hardwareType') === h ? ' selected' : ''}>${hardwareName(t, h)}</option>`)}</select></label>
        </div>
        <div class="tpl-row">
          <label><span>${t('tpl.field.name.zh')}${requiredMark(t)}</span><input name="name.zh" value="${typed('name.zh')}"></label>
          <label>${t('tpl.field.name.en')}<input name="name.en" value="${typed('name.en')}"></label>
          <label>${t('tpl.field.sources')} <span class="muted">${t('tpl.sources.hint')}</span><input name="sources" value="${typed('sources')}" placeholder="003"></label>
        </div>
        <button type="submit">${t('tpl.new.create')}</button>
      </form>`
      : '';
  // The refusal on top, where the page opens, as well as beside the fields (the browser also scrolls to the form's anchor).
  const refused = failed
    ? html`<div class="tpl-refused" data-testid="new-refused"><p class="error">${t('tpl.new.refused', { n: failed.problems.length })}</p>
      ${problemList(pc, failed.problems, undefined)}<p><a href="#${NEW_FORM}">${t('tpl.new.toForm')}</a></p></div>`
    : '';
  const body = html`${refused}${notice ? html`<p class="ok" data-testid="notice">${notice}</p>` : ''}
    <p class="muted">${t('tpl.list.intro')}</p>
    <p><a class="button" href="/console/templates.xlsx">${t('tpl.export')}</a></p>
    <table class="tpl-list"><thead><tr><th>${t('tpl.col.template')}</th><th>${t('tpl.col.latest')}</th><th>${t('tpl.col.type')}</th>
      <th>${t('tpl.col.items')}</th><th>${t('tpl.col.contracts')}</th><th>${t('tpl.col.draft')}</th></tr></thead><tbody>${rows}</tbody></table>
    ${create}`;
  return page(pc, t('templates.title'), body);
}
