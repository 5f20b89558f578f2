/** Service records across engineers with each clock's time left or overdue, filtered; the Excel export keeps the filter. */
import type { OfficeContext } from '../../context';
import { readContract } from '../../service/derive';
import { listFaults } from '../../service/read';
import { chinaDateTime } from '../china-time';
import { html, query } from '../html';
import { localized, page, type PageContext } from '../layout';
import { loadNames } from '../names';
import { scopeNote } from '../scope-note';
import { clockBadges } from '../service-text';

export const SERVICE_PAGE_SIZE = 50;

export interface ServiceQuery {
  hospital?: string;
  state?: 'open' | 'resolved' | 'closed';
  breached: boolean;
  level?: string;
  engineer?: string;
  from?: string;
  to?: string;
  page: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readServiceQuery(q: Record<string, unknown>): ServiceQuery {
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : undefined);
  const date = (v: unknown): string | undefined => (typeof v === 'string' && DATE.test(v) ? v : undefined);
  const state = q.state === 'open' || q.state === 'resolved' || q.state === 'closed' ? q.state : undefined;
  const n = Number(q.page);
  return {
    hospital: text(q.hospital),
    state,
    breached: q.breached === '1' || q.breached === 'true',
    level: text(q.level),
    engineer: text(q.engineer),
    from: date(q.from),
    to: date(q.to),
    page: Number.isInteger(n) && n > 0 ? n : 1,
  };
}

/** The query string of a filter, for links that keep it (the pages, the export). */
export function serviceQueryString(q: ServiceQuery, extra: Record<string, string | number | undefined> = {}): string {
  return query({ hospital: q.hospital, state: q.state, breached: q.breached ? '1' : undefined, level: q.level, engineer: q.engineer, from: q.from, to: q.to, ...extra });
}

/**
 * `scope`: the hospitals the user may read (undefined: all). A reader's filters offer only their
 * hospitals, those hospitals' fault levels and the engineers assigned to them.
 */
export async function serviceRecordsPage(ctx: OfficeContext, pc: PageContext, q: ServiceQuery, scope?: string[]): Promise<string> {
  const { t, lang } = pc;
  const inScope = (hospitalId: string): boolean => !scope || scope.includes(hospitalId);
  const names = await loadNames(ctx, lang, scope);
  const contracts = (await ctx.store.listReference('contract')).flatMap((r) => readContract(r.data) ?? []).filter((c) => inScope(c.hospitalId));
  const engineers = (await ctx.store.listEngineers()).filter((e) => !scope || e.hospitalIds.some(inScope));
  const found = await listFaults(ctx, {
    ...(scope ? { scope } : {}),
    hospitalId: q.hospital,
    status: q.state,
    breached: q.breached,
    levelId: q.level,
    engineerId: q.engineer,
    from: q.from,
    to: q.to,
    limit: SERVICE_PAGE_SIZE,
    offset: (q.page - 1) * SERVICE_PAGE_SIZE,
  });
  const levels = [
    ...new Map(
      contracts.filter((c) => !q.hospital || c.hospitalId === q.hospital).flatMap((c) => c.faultLevels.map((l): [string, string] => [l.id, `${localized(l.name, lang, l.id)}`])),
    ),
  ];
  const levelName = (contractId: string, levelId: string): string => {
    const level = contracts.find((c) => c.id === contractId)?.faultLevels.find((l) => l.id === levelId);
    return level ? localized(level.name, lang, levelId) : levelId;
  };
  const selected = (on: boolean) => (on ? html` selected` : '');
  const filters = html`<form class="filters" method="get" action="/console/service-records">
    <label>${t('svc.hospital')}<select name="hospital"><option value="">${t('svc.all')}</option>
      ${names.hospitals.map((h) => html`<option value="${h.id}"${selected(q.hospital === h.id)}>${h.name}</option>`)}</select></label>
    <label>${t('svc.state')}<select name="state"><option value="">${t('svc.all')}</option>
      ${(['open', 'resolved', 'closed'] as const).map((s) => html`<option value="${s}"${selected(q.state === s)}>${t(`svc.state.${s}`)}</option>`)}</select></label>
    <label>${t('svc.level')}<select name="level"><option value="">${t('svc.all')}</option>
      ${levels.map(([id, name]) => html`<option value="${id}"${selected(q.level === id)}>${name}</option>`)}</select></label>
    <label>${t('svc.engineer')}<select name="engineer"><option value="">${t('svc.all')}</option>
      ${engineers.map((e) => html`<option value="${e.id}"${selected(q.engineer === e.id)}>${e.name}</option>`)}</select></label>
    <label>${t('svc.from')}<input type="date" name="from" value="${q.from ?? ''}"></label>
    <label>${t('svc.to')}<input type="date" name="to" value="${q.to ?? ''}"></label>
    <label class="check"><span><input type="checkbox" name="breached" value="1"${q.breached ? html` checked` : ''}> ${t('svc.breached')}</span></label>
    <button type="submit">${t('svc.filter')}</button>
    <a class="button" href="/console/service-records.xlsx${serviceQueryString(q)}" download>${t('svc.export')}</a></form>
    <p class="quick"><a href="/console/service-records?state=open&amp;breached=1">${t('svc.quick.openBreached')}</a>
      · <a href="/console/service-records?state=open">${t('svc.quick.open')}</a></p>`;
  const rows = found.records.map((r) => {
    const subject = r.subject.kind === 'system' ? names.subject(`system:${r.subject.systemId}`) : r.subject.kind === 'asset' ? r.subject.assetId : t('svc.subject.contract');
    return html`<tr class="${r.breached ? 'row-breached' : ''}" data-record="${r.id}">
      <td class="nowrap">${chinaDateTime(r.reportedAt)}</td>
      <td>${names.hospital(r.hospitalId)}</td>
      <td><a href="/console/service-records/${encodeURIComponent(r.id)}">${r.title || r.id}</a><br><span class="muted">${subject}</span></td>
      <td>${levelName(r.contractId, r.levelId)}</td>
      <td class="nowrap">${t(`svc.state.${r.status}`)}${r.pausedSince ? html`<br><span class="muted">${t('svc.paused', { at: chinaDateTime(r.pausedSince) })}</span>` : ''}</td>
      <td class="nowrap">${r.engineerIds.map((id) => names.engineer(id)).join('、')}</td>
      <td class="clocks">${clockBadges(r.clocks, t)}</td></tr>`;
  });
  const pages = Math.max(1, Math.ceil(found.total / SERVICE_PAGE_SIZE));
  const nav = html`<p>${t('svc.count', { count: found.total, now: chinaDateTime(found.now.toISOString()) })}
    ${q.page > 1 ? html` <a href="/console/service-records${serviceQueryString(q, { page: q.page - 1 })}">${t('svc.prev')}</a>` : ''}
    ${q.page < pages ? html` <a href="/console/service-records${serviceQueryString(q, { page: q.page + 1 })}">${t('svc.next')}</a>` : ''}</p>`;
  const table = found.records.length
    ? html`<table class="service"><thead><tr><th>${t('svc.reported')}</th><th>${t('svc.hospital')}</th><th>${t('svc.record')}</th><th>${t('svc.level')}</th>
        <th>${t('svc.state')}</th><th>${t('svc.engineer')}</th><th>${t('svc.clocks')}</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="muted">${t('svc.none')}</p>`;
  return page(pc, t('svc.title'), html`${scopeNote(pc, names, scope)}${filters}${nav}${table}`);
}
