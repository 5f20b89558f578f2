/** /console/hospitals: every hospital the user may read, with its places, contracts and units; links to edit and export. */
import type { Contract, Hospital } from '../../../src-shared/catalog/reference';
import type { OfficeContext } from '../../context';
import { html } from '../html';
import { localized, page, type PageContext } from '../layout';
import { counted } from './hospitals-shared';
import { mayRead } from '../session';

export async function hospitalsPage(ctx: OfficeContext, pc: PageContext): Promise<string> {
  const { t, lang, session } = pc;
  const hospitals = (await ctx.store.listReference('hospital')).map((r) => r.data as Hospital).filter((h) => session && mayRead(session, h.id));
  const contracts = (await ctx.store.listReference('contract')).map((r) => r.data as Contract);
  const units = new Map<string, number>();
  for (const a of await ctx.store.listReference('asset')) if (a.hospitalId) units.set(a.hospitalId, (units.get(a.hospitalId) ?? 0) + 1);
  const rows = hospitals.map((h) => {
    const own = contracts.filter((c) => c.hospitalId === h.id);
    const departments = h.campuses.reduce((n, c) => n + c.departments.length, 0);
    return html`<tr data-hospital="${h.id}">
      <td><a href="/console/hospitals/${h.id}">${localized(h.name, lang, h.id)}</a><br><code class="muted">${h.id}</code></td>
      <td>${localized(h.city, lang, '')}</td>
      <td>${t('ref.places', { campuses: counted(t, 'ref.count.campuses', h.campuses.length), departments: counted(t, 'ref.count.departments', departments) })}</td>
      <td>${own.length ? html`<ul class="plain">${own.map((c) => html`<li><a href="/console/contracts/${c.id}">${localized(c.name, lang, c.id)}</a> <span class="muted nowrap">${t('ref.period', c.period)}</span></li>`)}</ul>` : html`<span class="muted">${t('ref.contract.none')}</span>`}</td>
      <td class="nowrap"><a href="/console/hospitals/${h.id}/units">${counted(t, 'ref.units.link', units.get(h.id) ?? 0)}</a></td>
    </tr>`;
  });
  const body = html`<p class="actions">${session?.role === 'admin' ? html`<a class="button" href="/console/hospitals/new">${t('ref.hospitals.new')}</a>` : ''}
      <a href="/console/hospitals.xlsx">${t('ref.hospitals.export')}</a> <a href="/console/contracts.xlsx">${t('ref.contracts.export')}</a></p>
    ${hospitals.length
      ? html`<table class="hospitals"><thead><tr><th>${t('ref.col.hospital')}</th><th>${t('ref.col.city')}</th><th>${t('ref.col.places')}</th><th>${t('ref.col.contracts')}</th><th>${t('ref.col.units')}</th></tr></thead><tbody>${rows}</tbody></table>`
      : html`<p class="muted">${t('ref.hospitals.none')}</p>`}`;
  return page(pc, t('reference.title'), body);
}
