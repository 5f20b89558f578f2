/** Enrolled devices with their engineer and state; an active one can be revoked (POST with CSRF). */
import type { OfficeContext } from '../../context';
import { html } from '../html';
import { page, type PageContext } from '../layout';

export async function devicesPage(ctx: OfficeContext, pc: PageContext): Promise<string> {
  const { t, session } = pc;
  const devices = await ctx.store.listDevices();
  const engineers = new Map((await ctx.store.listEngineers()).map((e) => [e.id, e.name]));
  const rows = devices.map(
    (d) => html`<tr data-device="${d.id}">
      <td>${d.name}<br><code class="muted">${d.id}</code></td>
      <td>${engineers.get(d.engineerId) ?? d.engineerId}</td>
      <td>${d.enrolledAt}</td>
      <td>${d.lastSeenAt ?? '—'}</td>
      <td>${d.revokedAt ? html`<span class="bad">${t('devices.revoked', { at: d.revokedAt })}</span>` : html`<span class="ok">${t('devices.active')}</span>`}</td>
      <td>${d.revokedAt ? '' : html`<form method="post" action="/console/devices/${d.id}/revoke">
        <input type="hidden" name="csrf" value="${session?.csrfToken ?? ''}"><button type="submit" title="${t('devices.confirm')}">${t('devices.revoke')}</button></form>`}</td></tr>`,
  );
  const body = devices.length
    ? html`<table><thead><tr><th>${t('devices.name')}</th><th>${t('devices.engineer')}</th><th>${t('devices.enrolled')}</th>
        <th>${t('devices.lastSeen')}</th><th>${t('devices.status')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="muted">${t('devices.none')}</p>`;
  return page(pc, t('devices.title'), body);
}
