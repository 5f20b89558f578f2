/** One published version read-only, section by section with every item; also a draft as a reader sees it. */
import type { DraftTemplate } from '../../admin/template-draft';
import { html, type SafeHtml } from '../html';
import { localized, page, type PageContext } from '../layout';
import { counted, itemDetail, kindName, onFailText, templateKind } from './template-parts';

export function itemsTable(pc: PageContext, tpl: DraftTemplate): SafeHtml {
  const { t, lang } = pc;
  return html`${tpl.sections.map(
    (s) => html`<h2>${localized(s.title, lang, s.id)} <code class="muted">${s.id}</code></h2>
    <table class="tpl-items"><thead><tr><th>#</th><th>${t('tpl.field.id')}</th><th>${t('tpl.col.item')}</th><th>${t('tpl.field.kind')}</th>
      <th>${t('tpl.col.guidance')}</th><th>${t('tpl.col.onFail')}</th></tr></thead>
    <tbody>${s.items.map(
      (i, index) => html`<tr data-item="${i.id}"><td class="tpl-num">${index + 1}</td><td><code class="tpl-id">${i.id}</code></td>
        <td>${localized(i.label, lang, i.id)}${i.perAsset ? html`<br><span class="muted">${t('tpl.perAsset')}</span>` : ''}</td>
        <td>${kindName(t, i.kind)}${itemDetail(pc, i) ? html`<br><span class="muted">${itemDetail(pc, i)}</span>` : ''}</td>
        <td>${localized(i.guidance, lang, '')}</td><td>${onFailText(t, i)}</td></tr>`,
    )}</tbody></table>`,
  )}`;
}

export function templateVersionPage(pc: PageContext, tpl: DraftTemplate, heading: string, note?: SafeHtml): string {
  const { t, lang } = pc;
  const count = tpl.sections.reduce((n, s) => n + s.items.length, 0);
  const body = html`<p><a href="/console/templates/${tpl.id}">← ${localized(tpl.name, lang, tpl.id)}</a></p>
    ${note ?? ''}
    <p><code>${tpl.id}</code> · ${templateKind(t, tpl)} · ${counted(t, 'tpl.itemsCount', count)} · ${t('tpl.sources', { sources: tpl.sources.join(', ') })}</p>
    ${itemsTable(pc, tpl)}`;
  return page(pc, heading, body);
}
