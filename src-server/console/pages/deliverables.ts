/**
 * The deliverables register across hospitals (issue 12 point 2): per contract and window, each
 * deliverable's state — produced (the report's number), attached (the file, to download), not
 * applicable (the reason) or missing — and per window how many are missing before it ends.
 */
import type { OfficeContext } from '../../context';
import { chinaDay } from '../../service/derive';
import { deliverableRegister, type RegisterLine, type RegisterQuery } from '../../service/deliverables';
import { chinaDateTime } from '../china-time';
import { html, query, type SafeHtml } from '../html';
import type { Translate } from '../i18n';
import { localized, page, type PageContext } from '../layout';
import { loadNames } from '../names';
import { scopeNote } from '../scope-note';

export interface DeliverableQuery {
  hospital?: string;
  contract?: string;
  missingOnly: boolean;
  /** The hospitals a console reader may read (set by the route, never from the URL); absent: all. */
  scope?: string[];
}

export function readDeliverableQuery(q: Record<string, unknown>): DeliverableQuery {
  const slug = (v: unknown): string | undefined => (typeof v === 'string' && /^[a-z0-9-]{1,100}$/.test(v) ? v : undefined);
  return { hospital: slug(q.hospital), contract: slug(q.contract), missingOnly: q.missing === '1' };
}

/** What the register is asked for this filter (the page and the export read the same). */
export const registerQuery = (q: DeliverableQuery, asOf: Date): RegisterQuery => ({
  ...(q.hospital ? { hospitalId: q.hospital } : {}),
  ...(q.contract ? { contractId: q.contract } : {}),
  ...(q.scope ? { scope: q.scope } : {}),
  asOf,
});

export const deliverableQueryString = (q: DeliverableQuery): string => query({ hospital: q.hospital, contract: q.contract, missing: q.missingOnly ? '1' : undefined });

/** The link that downloads a file the entry names (routes check that it does). */
export const fileLink = (entryId: string, sha256: string): string => `/console/deliverables/${encodeURIComponent(entryId)}/files/${sha256}`;

/** What a line's state says in words: the report number, the file name, the reason. */
export function detailOf(line: RegisterLine, t: Translate): string {
  const value = line.entry?.entry.current.value;
  if (value?.state === 'produced') return t('dlv.report', { number: value.report.reportNumber });
  if (value?.state === 'attached') return value.name;
  if (value?.state === 'not_applicable') return value.reason;
  if (line.inspectionReports !== undefined && line.inspectionReports > 0) return t('dlv.inspectionReports', { n: line.inspectionReports });
  return value?.state === 'withdrawn' ? t('dlv.withdrawn') : '';
}

function detailCell(line: RegisterLine, t: Translate): SafeHtml {
  const value = line.entry?.entry.current.value;
  const text = detailOf(line, t);
  if (value?.state === 'attached' || value?.state === 'produced') {
    return html`${text} <a href="${fileLink(line.entry!.id, value.sha256)}" download>${t('dlv.download')}</a>`;
  }
  return html`${text}`;
}

function windowHeading(lines: RegisterLine[], t: Translate): SafeHtml {
  const { start, end } = lines[0]!.window;
  const missing = lines.filter((l) => l.status === 'missing').length;
  const key = missing === 0 ? 'dlv.windowDone' : lines[0]!.ended ? 'dlv.windowLate' : 'dlv.windowOpen';
  return html`<tr class="window ${missing && lines[0]!.ended ? 'row-breached' : ''}"><th colspan="6" data-window="${start}" data-missing="${missing}">${t(key, { start, end, n: missing })}</th></tr>`;
}

export async function deliverablesPage(ctx: OfficeContext, pc: PageContext, q: DeliverableQuery): Promise<string> {
  const { t, lang } = pc;
  const asOf = ctx.now();
  const names = await loadNames(ctx, lang, q.scope);
  const all = await deliverableRegister(ctx, registerQuery(q, asOf));
  const lines = q.missingOnly ? all.filter((l) => l.status === 'missing') : all;
  const contracts = [...new Map(all.map((l) => [l.contract.id, l.contract])).values()];
  const selected = (on: boolean) => (on ? html` selected` : '');
  const filters = html`<form class="filters" method="get" action="/console/deliverables">
    <label>${t('dlv.hospital')}<select name="hospital"><option value="">${t('dlv.all')}</option>
      ${names.hospitals.map((h) => html`<option value="${h.id}"${selected(q.hospital === h.id)}>${h.name}</option>`)}</select></label>
    <label>${t('dlv.contract')}<select name="contract"><option value="">${t('dlv.all')}</option>
      ${contracts.map((c) => html`<option value="${c.id}"${selected(q.contract === c.id)}>${localized(c.name, lang, c.id)}</option>`)}</select></label>
    <label class="check"><span><input type="checkbox" name="missing" value="1"${q.missingOnly ? html` checked` : ''}> ${t('dlv.missingOnly')}</span></label>
    <button type="submit">${t('dlv.filter')}</button>
    <a class="button" href="/console/deliverables.xlsx${deliverableQueryString(q)}" download>${t('dlv.export')}</a></form>`;
  const missing = all.filter((l) => l.status === 'missing');
  const summary = html`<p>${t('dlv.asOf', { date: chinaDay(asOf.toISOString()) })} · ${t('dlv.count', { contracts: contracts.length, missing: missing.length, late: missing.filter((l) => l.ended).length })}</p>`;

  const sections = contracts.map((contract) => {
    const mine = lines.filter((l) => l.contract.id === contract.id);
    if (mine.length === 0) return '';
    const windows = new Map<string, RegisterLine[]>();
    for (const line of mine) windows.set(`${line.window.start}|${line.window.end}`, [...(windows.get(`${line.window.start}|${line.window.end}`) ?? []), line]);
    const body = [...windows.values()].map((group) => {
      // The heading counts what is missing in the whole window, also when only missing lines are shown.
      const whole = all.filter((l) => l.contract.id === contract.id && l.window.start === group[0]!.window.start && l.window.end === group[0]!.window.end);
      return html`${windowHeading(whole, t)}${group.map((l) => {
        const current = l.entry?.entry.current;
        return html`<tr class="${l.status === 'missing' && l.ended ? 'row-breached' : ''}" data-entry="${`${l.contract.id}|${l.deliverable.id}|${l.window.start}`}" data-status="${l.status}">
          <td>${localized(l.deliverable.name, lang, l.deliverable.id)}</td>
          <td class="nowrap">${t(`dlv.status.${l.status}`)}</td>
          <td>${detailCell(l, t)}</td>
          <td class="nowrap">${current?.by ?? ''}</td>
          <td class="nowrap">${current ? chinaDateTime(current.at) : ''}</td>
          <td class="nowrap">${current ? String(current.revision) : ''}</td></tr>`;
      })}`;
    });
    return html`<h2>${names.hospital(contract.hospitalId)} · ${localized(contract.name, lang, contract.id)}</h2>
      <table class="deliverables"><thead><tr><th>${t('dlv.deliverable')}</th><th>${t('dlv.status')}</th><th>${t('dlv.detail')}</th>
      <th>${t('dlv.by')}</th><th>${t('dlv.at')}</th><th>${t('dlv.revision')}</th></tr></thead><tbody>${body}</tbody></table>`;
  });
  const content = lines.length ? html`${sections}` : html`<p class="muted">${t('dlv.none')}</p>`;
  return page(pc, t('dlv.title'), html`${scopeNote(pc, names, q.scope)}${filters}${summary}${content}`);
}
