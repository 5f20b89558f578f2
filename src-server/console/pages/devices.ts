/**
 * Enrolled devices with their engineer, last sync and state, filtered by engineer; an active one
 * can be revoked (POST with CSRF). "Last sync" is lastSeenAt, which the office writes at most
 * once a minute per device (auth/device-auth.ts), so the page says it is to the minute.
 */
import type { OfficeContext } from '../../context';
import { chinaDateTime } from '../china-time';
import { html, query } from '../html';
import { page, type PageContext } from '../layout';

export interface DevicesQuery {
  engineer?: string;
}

export function readDevicesQuery(raw: Record<string, unknown>): DevicesQuery {
  return typeof raw.engineer === 'string' && raw.engineer ? { engineer: raw.engineer } : {};
}

export async function devicesPage(ctx: OfficeContext, pc: PageContext, q: DevicesQuery = {}): Promise<string> {
  const { t, session } = pc;
  const all = await ctx.store.listDevices();
  const devices = q.engineer ? all.filter((d) => d.engineerId === q.engineer) : all;
  const engineerList = await ctx.store.listEngineers();
  const engineers = new Map(engineerList.map((e) => [e.id, e]));
  const rows = devices.map((d) => {
    const engineer = engineers.get(d.engineerId);
    return html`<tr data-device="${d.id}">
      <td>${d.name}<br><code class="muted">${d.id}</code></td>
      <td><a href="/console/engineers/${encodeURIComponent(d.engineerId)}">${engineer?.name ?? d.engineerId}</a>${engineer?.deactivatedAt ? html`<br><span class="bad">${t('people.status.deactivated', { at: chinaDateTime(engineer.deactivatedAt) })}</span>` : ''}</td>
      <td class="nowrap">${chinaDateTime(d.enrolledAt)}</td>
      <td class="nowrap">${d.lastSeenAt ? chinaDateTime(d.lastSeenAt) : '—'}</td>
      <td>${d.revokedAt ? html`<span class="bad">${t('devices.revoked', { at: chinaDateTime(d.revokedAt) })}</span>` : html`<span class="ok">${t('devices.active')}</span>`}</td>
      <td>${d.revokedAt ? '' : html`<form method="post" action="/console/devices/${d.id}/revoke">
        <input type="hidden" name="csrf" value="${session?.csrfToken ?? ''}"><button type="submit" title="${t('devices.confirm')}">${t('devices.revoke')}</button></form>`}</td></tr>`;
  });
  const filter = html`<form method="get" action="/console/devices" class="filters">
    <label>${t('people.devices.engineer')}<select name="engineer"><option value="">${t('people.devices.all')}</option>${engineerList.map(
      (e) => html`<option value="${e.id}"${q.engineer === e.id ? html` selected` : ''}>${e.name} (${e.id})</option>`,
    )}</select></label>
    <button type="submit">${t('people.devices.filter')}</button>
    <a class="button" href="/console/devices.xlsx${query({ engineer: q.engineer })}">${t('people.export')}</a></form>`;
  const table = devices.length
    ? html`<table><thead><tr><th>${t('devices.name')}</th><th>${t('devices.engineer')}</th><th>${t('devices.enrolled')}</th>
        <th>${t('people.devices.lastSync')}</th><th>${t('devices.status')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="muted">${all.length ? t('people.devices.none') : t('devices.none')}</p>`;
  return page(pc, t('devices.title'), html`${filter}${table}<p class="muted">${t('people.devices.note')}</p>`);
}
