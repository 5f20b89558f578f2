/**
 * The import's last step: counts at the top, then every row with what will happen to it and its
 * problems (row as in Excel, column letter, what is wrong, what is expected) or, for an update,
 * each changed field old → new, a page at a time; the stored units the file does not list; the
 * confirm form says how many rows are imported and how many refused rows are skipped.
 */
import type { UnitScope } from '../../admin/unit-checks';
import type { ImportPlan, PlannedRow, RowAction } from '../../admin/unit-import';
import { html, query, type SafeHtml } from '../html';
import { page, type PageContext } from '../layout';
import { importBase, type StoredImport } from './unit-import';
import { fieldLabel, paramText, pick, problemText } from './unit-text';

export const PREVIEW_PAGE_ROWS = 200;
const ACTIONS: RowAction[] = ['new', 'update', 'unchanged', 'refused'];

/** Why a confirm went back to the preview (a query flag, so reloading the preview posts nothing). */
export type PreviewProblem = 'skip' | 'noneGood';

export interface PreviewView {
  show?: RowAction;
  page: number;
  problem?: PreviewProblem;
}

export function readPreviewQuery(raw: Record<string, unknown>, plan: ImportPlan): PreviewView {
  const show = ACTIONS.find((a) => a === raw.show);
  const pageNo = Number(raw.page);
  const problem = (['skip', 'noneGood'] as const).find((p) => p === raw.problem);
  const flag = problem ? { problem } : {};
  // Refused rows first when there are any: they are what the administrator has to look at.
  if (raw.show === undefined && plan.counts.refused > 0) return { show: 'refused', page: 1, ...flag };
  return { show, page: Number.isInteger(pageNo) && pageNo >= 1 ? pageNo : 1, ...flag };
}

function rowCells(pc: PageContext, row: PlannedRow): SafeHtml {
  const { t } = pc;
  const unit = [row.values.assetTag, row.values.nameZh || row.values.nameEn, [row.values.department, row.values.room].filter(Boolean).join(' / ')].filter(Boolean).join(' · ');
  const problems = row.problems.map((p) => {
    const text = problemText(pc, p);
    return html`<li data-problem="${p.code}"><span class="col-letter">${p.column ?? ''}</span>${p.header ? html` <span class="muted">(${p.header})</span>` : ''}
      <strong>${text.wrong}</strong>${t('units.preview.expectedSep')}${text.expected}</li>`;
  });
  const changes = (row.changes ?? []).map(
    (c) => html`<li data-change="${c.field}">${fieldLabel(pc, c.field)}${pc.lang === 'en' ? ': ' : '：'}<del>${paramText(pc, c.from)}</del> → <ins>${paramText(pc, c.to)}</ins></li>`,
  );
  return html`<tr class="action-${row.action}" data-row="${row.r}"><td class="nowrap">${row.r}</td>
    <td class="nowrap"><span class="action ${row.action}">${t(`units.action.${row.action}`)}</span></td>
    <td>${unit}</td><td>${problems.length ? html`<ul class="problems">${problems}</ul>` : ''}${changes.length ? html`<ul class="changes">${changes}</ul>` : ''}</td></tr>`;
}

export function previewPage(pc: PageContext, scope: UnitScope, previewId: string, stored: StoredImport, view: PreviewView, conflict?: string): string {
  const { t, session } = pc;
  const plan = stored.plan!;
  const base = `${importBase(scope.hospital.id)}/${encodeURIComponent(previewId)}`;
  const shown = view.show ? plan.rows.filter((r) => r.action === view.show) : plan.rows;
  const pages = Math.max(1, Math.ceil(shown.length / PREVIEW_PAGE_ROWS));
  const pageNo = Math.min(view.page, pages);
  const slice = shown.slice((pageNo - 1) * PREVIEW_PAGE_ROWS, pageNo * PREVIEW_PAGE_ROWS);
  const good = plan.counts.new + plan.counts.update + plan.counts.unchanged;
  const bad = plan.counts.refused;
  const error =
    conflict ??
    (view.problem === 'skip' && bad > 0 && good > 0 ? t('units.preview.skipRequired', { good, bad }) : view.problem === 'noneGood' && good === 0 ? t('units.preview.noneGood') : undefined);
  const link = (show: RowAction | undefined, p = 1): string => `${base}${query({ show: show ?? 'all', page: p > 1 ? p : undefined })}`;

  const counts = html`<ul class="import-counts" data-testid="import-counts">
    ${ACTIONS.map((a) => html`<li class="count-${a}"><a href="${link(a)}"><strong data-count="${a}">${plan.counts[a]}</strong> ${t(`units.preview.count.${a}`)}</a></li>`)}
    <li class="count-empty"><strong>${plan.emptyRows}</strong> ${t('units.preview.count.empty')}</li></ul>`;
  const filters = html`<p class="preview-filter">${t('units.preview.show')}
    <a href="${link(undefined)}"${view.show ? '' : html` class="current"`}>${t('units.preview.show.all')} (${plan.rows.length})</a>
    ${ACTIONS.map((a) => html` · <a href="${link(a)}"${view.show === a ? html` class="current"` : ''}>${t(`units.action.${a}`)} (${plan.counts[a]})</a>`)}</p>`;
  const pager =
    pages > 1
      ? html`<p class="pager">${pageNo > 1 ? html`<a href="${link(view.show, pageNo - 1)}">${t('units.preview.prev')}</a> ` : ''}${t('units.preview.page', { page: pageNo, pages })}${pageNo < pages ? html` <a href="${link(view.show, pageNo + 1)}">${t('units.preview.next')}</a>` : ''}</p>`
      : '';

  const notInFile = plan.notInFile?.count
    ? html`<div class="not-in-file" data-testid="not-in-file"><p>${t('units.preview.notInFile', { count: plan.notInFile.count })}
        <a href="/console/hospitals/${encodeURIComponent(scope.hospital.id)}/units">${t('units.preview.notInFile.list')}</a></p>
        <p>${t('units.preview.notInFile.first', { shown: plan.notInFile.units.length })}
        ${plan.notInFile.units.map((u, i) => html`${i > 0 ? (pc.lang === 'en' ? ', ' : '、') : ''}<code>${u.tag}</code>`)}${plan.notInFile.count > plan.notInFile.units.length ? '…' : ''}</p></div>`
    : '';
  const toWrite = plan.counts.new + plan.counts.update;
  const confirm =
    good === 0
      ? html`<p class="error" data-testid="none-good">${t('units.preview.noneGood')}</p>`
      : html`<form method="post" action="${base}/confirm" class="import-confirm">
          <input type="hidden" name="csrf" value="${session?.csrfToken ?? ''}">
          ${bad > 0 ? html`<label class="check"><input type="checkbox" name="skipRefused" value="yes"> ${t('units.preview.skip', { good, bad })}</label>` : ''}
          ${toWrite === 0 ? html`<p class="muted">${t('units.preview.nothingToChange')}</p>` : ''}
          <button type="submit">${t('units.preview.confirm', { count: toWrite })}</button></form>`;

  // After a conflict the plan is stale: checking again against the current data is the way on.
  const recheck = conflict
    ? html`<form method="post" action="${base}/mapping"><input type="hidden" name="csrf" value="${session?.csrfToken ?? ''}">
        <input type="hidden" name="sheet" value="${stored.sheet}">
        ${Object.entries(stored.mapping ?? {}).map(([f, c]) => html`<input type="hidden" name="map.${f}" value="${c}">`)}
        <button type="submit">${t('units.preview.recheck')}</button></form>`
    : '';
  const body = html`${error ? html`<div class="error" data-testid="import-error">${error}${recheck}</div>` : ''}
    <p class="notice">${t('units.preview.notWritten')}</p>
    ${counts}
    ${notInFile}
    ${confirm}
    <p><a href="${base}/mapping">${t('units.preview.changeMapping')}</a> · <a href="${importBase(scope.hospital.id)}">${t('units.preview.again')}</a></p>
    ${filters}${pager}
    <table class="preview"><thead><tr><th>${t('units.preview.row')}</th><th>${t('units.preview.action')}</th><th>${t('units.preview.unit')}</th>
      <th>${t('units.preview.problem')} (${t('units.preview.column')} · ${t('units.preview.wrong')} · ${t('units.preview.expected')}) / ${t('units.preview.changes')}</th></tr></thead>
      <tbody>${slice.map((r) => rowCells(pc, r))}</tbody></table>${pager}`;
  return page(pc, `${t('units.preview.title', { file: stored.fileName })} — ${pick(pc, scope.hospital.name)}`, body);
}
