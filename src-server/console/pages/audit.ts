/**
 * The audit log for administrators: who did what to which ids, and what was refused, in Beijing
 * time and in words, filtered by action, actor, target, outcome and day, 100 to a page, newest first.
 */
import type { OfficeContext } from '../../context';
import { actionLabel, actorLabel, auditFilter, detailPairs, deviceNames, KNOWN_ACTIONS, NO_LOGINS, outcomeLabel, type AuditQuery } from '../audit-view';
import { chinaDateTime } from '../china-time';
import { html, query } from '../html';
import { page, type PageContext } from '../layout';

export const AUDIT_PAGE_SIZE = 100;

/** The query without its page, for links and the export that keep the filter. */
export const keptFilter = (q: AuditQuery): Record<string, string | undefined> => ({ action: q.action, actor: q.actor, target: q.target, outcome: q.outcome, from: q.from, to: q.to });

export async function auditPage(ctx: OfficeContext, pc: PageContext, q: AuditQuery): Promise<string> {
  const { t } = pc;
  const offset = (q.page - 1) * AUDIT_PAGE_SIZE;
  // One more than a page tells whether there is a next one without counting the whole log.
  const fetched = await ctx.store.listAudit({ ...auditFilter(q), limit: AUDIT_PAGE_SIZE + 1, offset });
  const rows = fetched.slice(0, AUDIT_PAGE_SIZE);
  const devices = await deviceNames(ctx);
  const keep = keptFilter(q);
  const selected = (on: boolean) => (on ? html` selected` : '');
  const actions = [...KNOWN_ACTIONS].sort((a, b) => actionLabel(t, a).localeCompare(actionLabel(t, b), pc.lang));
  const filters = html`<form class="filters" method="get" action="/console/audit">
    <label>${t('audit.filter.action')}<select name="action"><option value="">${t('audit.filter.all')}</option>
      <option value="${NO_LOGINS}"${selected(q.action === NO_LOGINS)}>${t('audit.hideLogins')}</option>
      ${q.action && q.action !== NO_LOGINS && !KNOWN_ACTIONS.includes(q.action) ? html`<option value="${q.action}" selected>${q.action}</option>` : ''}
      ${actions.map((a) => html`<option value="${a}"${selected(q.action === a)}>${actionLabel(t, a)}</option>`)}</select></label>
    <label>${t('audit.filter.actor')}<input name="actor" value="${q.actor ?? ''}" placeholder="${t('audit.filter.actorHint')}"></label>
    <label>${t('audit.filter.target')}<input name="target" value="${q.target ?? ''}"></label>
    <label>${t('audit.filter.outcome')}<select name="outcome"><option value="">${t('audit.filter.all')}</option>
      <option value="ok"${selected(q.outcome === 'ok')}>${t('audit.outcome.ok')}</option>
      <option value="refused"${selected(q.outcome === 'refused')}>${t('audit.outcome.refused')}</option></select></label>
    <label>${t('audit.filter.from')}<input type="date" name="from" value="${q.from ?? ''}"></label>
    <label>${t('audit.filter.to')}<input type="date" name="to" value="${q.to ?? ''}"></label>
    <button type="submit">${t('audit.filter.apply')}</button> <a href="/console/audit">${t('audit.filter.clear')}</a></form>`;
  const nav = html`<p class="audit-nav">${rows.length ? t('audit.range', { from: offset + 1, to: offset + rows.length }) : ''}
    ${q.page > 1 ? html` <a href="/console/audit${query({ ...keep, page: q.page - 1 })}">${t('audit.prev')}</a>` : ''}
    ${fetched.length > AUDIT_PAGE_SIZE ? html` <a href="/console/audit${query({ ...keep, page: q.page + 1 })}">${t('audit.next')}</a>` : ''}
    <a class="button" href="/console/audit.xlsx${query(keep)}">${t('lists.exportFiltered')}</a></p>`;
  const table = rows.length
    ? html`<table class="audit"><thead><tr><th>${t('audit.at')}</th><th>${t('audit.actor')}</th><th>${t('audit.action')}</th><th>${t('audit.outcome')}</th>
      <th>${t('audit.target')}</th><th>${t('audit.details')}</th></tr></thead><tbody>
      ${rows.map(
        (r) => html`<tr><td class="nowrap" title="${r.at}">${chinaDateTime(r.at)}</td>
          <td title="${r.actor}">${actorLabel(t, r.actor, devices)}</td>
          <td title="${r.action}">${actionLabel(t, r.action)}</td>
          <td class="${r.outcome === 'ok' ? 'ok' : 'bad'}">${outcomeLabel(t, r.outcome)}</td>
          <td><code>${r.target}</code></td>
          <td class="audit-details">${detailPairs(r.details).map((p) => html`<div>${p}</div>`)}
            ${r.ip ? html`<div class="muted">${t('audit.ip')}: ${r.ip}</div>` : ''}
            <details><summary>${t('audit.fullJson')}</summary><code>${JSON.stringify(r.details)}</code></details></td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">${t('audit.none')}</p>`;
  return page(pc, t('audit.heading'), html`${filters}${nav}${table}`);
}
