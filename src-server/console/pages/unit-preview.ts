/**
 * The import's last step: counts at the top, then every row with what will happen to it and its
 * problems (row as in Excel, column letter, what is wrong, what is expected) or, for an update,
 * each changed field old → new, a page at a time (refused and changed rows first); each row to
 * be written shows its type and model as read, and a type read from an alias asks to be checked.
 * The stored units the file does not list are named, with an unticked option to delete them in
 * the same write. The confirm button says how many units are written, deleted, skipped, unchanged;
 * with nothing to write there is no button.
 */
import type { UnitScope } from '../../admin/unit-checks';
import type { ImportPlan, PlannedRow, RowAction } from '../../admin/unit-import';
import { html, query, type SafeHtml } from '../html';
import { page, type PageContext } from '../layout';
import { importBase, type StoredImport } from './unit-import';
import { fieldLabel, paramText, pick, problemText, typeLabel } from './unit-text';

export const PREVIEW_PAGE_ROWS = 200;
const ACTIONS: RowAction[] = ['new', 'update', 'unchanged', 'refused'];
/** The order of the "all" view: what needs looking at first. */
const ALL_ORDER: Record<RowAction, number> = { refused: 0, update: 1, new: 2, unchanged: 3 };

/** Why a confirm went back to the preview (a query flag, so reloading the preview posts nothing). */
export type PreviewProblem = 'skip' | 'noneGood' | 'nothing';

export interface PreviewView {
  show?: RowAction;
  page: number;
  problem?: PreviewProblem;
}

export function readPreviewQuery(raw: Record<string, unknown>): PreviewView {
  const show = ACTIONS.find((a) => a === raw.show);
  const pageNo = Number(raw.page);
  const problem = (['skip', 'noneGood', 'nothing'] as const).find((p) => p === raw.problem);
  return { show, page: Number.isInteger(pageNo) && pageNo >= 1 ? pageNo : 1, ...(problem ? { problem } : {}) };
}

/** The rows a view shows: one kind, or all with refused and changed rows before unchanged ones (in sheet order within each). */
export function shownRows(plan: ImportPlan, show: RowAction | undefined): PlannedRow[] {
  if (show) return plan.rows.filter((r) => r.action === show);
  return plan.rows.map((row, i) => ({ row, i })).sort((a, b) => ALL_ORDER[a.row.action] - ALL_ORDER[b.row.action] || a.i - b.i).map(({ row }) => row);
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
  const type = row.type ? typeLabel(pc, row.type) : undefined;
  const read = type ? html`<br><span class="unit-type" data-type="${row.type}">${type}${row.model ? ` · ${row.model}` : ''}</span>` : '';
  const alias = type && row.typeAlias ? html`<p class="type-alias" data-type-alias>${t('units.preview.typeAlias', { value: row.typeAlias, type })}</p>` : '';
  return html`<tr class="action-${row.action}" data-row="${row.r}"><td class="nowrap">${row.r}</td>
    <td class="nowrap"><span class="action ${row.action}">${t(`units.action.${row.action}`)}</span></td>
    <td>${unit}${read}${alias}</td><td>${problems.length ? html`<ul class="problems">${problems}</ul>` : ''}${changes.length ? html`<ul class="changes">${changes}</ul>` : ''}</td></tr>`;
}

export function previewPage(pc: PageContext, scope: UnitScope, previewId: string, stored: StoredImport, view: PreviewView, conflict?: string): string {
  const { t, session } = pc;
  const plan = stored.plan!;
  const base = `${importBase(scope.hospital.id)}/${encodeURIComponent(previewId)}`;
  const shown = shownRows(plan, view.show);
  const pages = Math.max(1, Math.ceil(shown.length / PREVIEW_PAGE_ROWS));
  const pageNo = Math.min(view.page, pages);
  const slice = shown.slice((pageNo - 1) * PREVIEW_PAGE_ROWS, pageNo * PREVIEW_PAGE_ROWS);
  const { new: added, update: updated, unchanged, refused: bad } = plan.counts;
  const good = added + updated + unchanged;
  const toWrite = added + updated;
  const absent = plan.notInFile;
  const canDelete = (absent?.ids?.length ?? 0) > 0;
  const error =
    conflict ??
    (view.problem === 'skip' && bad > 0 && good > 0
      ? t('units.preview.skipRequired', { good, bad })
      : view.problem === 'noneGood' && good === 0
        ? t('units.preview.noneGood')
        : view.problem === 'nothing' && toWrite === 0
          ? t('units.preview.nothing')
          : undefined);
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

  const absentUnit = (u: NonNullable<typeof absent>['units'][number]): SafeHtml => {
    const place = [u.department ? pick(pc, u.department) : '', u.room ?? ''].filter(Boolean).join(' / ');
    return html`<li><code>${u.tag}</code>${u.name ? ` ${pick(pc, u.name)}` : ''}${place ? html` <span class="muted">(${place})</span>` : ''}</li>`;
  };
  const notInFile = absent?.count
    ? html`<div class="not-in-file" data-testid="not-in-file"><p>${t('units.preview.notInFile', { count: absent.count })}
        <a href="/console/hospitals/${encodeURIComponent(scope.hospital.id)}/units">${t('units.preview.notInFile.list')}</a></p>
        <p>${t('units.preview.notInFile.first', { shown: absent.units.length })}</p>
        <ul class="absent-units">${absent.units.map(absentUnit)}</ul>${absent.count > absent.units.length ? html`<p>${t('units.list.more', { count: absent.count })}</p>` : ''}
        ${canDelete
          ? html`<label class="check delete-absent"><input type="checkbox" name="deleteAbsent" value="yes"> <strong>${t('units.preview.deleteAbsent', { count: absent.count })}</strong></label>
            <p class="muted">${t('units.preview.deleteAbsent.note')}</p>`
          : ''}</div>`
    : '';

  /** The button's words: what is written, deleted (when `deleted` is given), skipped and left unchanged. */
  const confirmText = (deleted?: number): string =>
    (toWrite > 0 || deleted === undefined ? t('units.preview.confirm.write', { count: toWrite, new: added, update: updated }) : t('units.preview.confirm.deleteOnly', { count: deleted })) +
    (deleted !== undefined && toWrite > 0 ? t('units.preview.confirm.delete', { count: deleted }) : '') +
    (bad > 0 ? t('units.preview.confirm.skip', { count: bad }) : '') +
    (unchanged > 0 ? t('units.preview.confirm.unchanged', { count: unchanged }) : '');
  const nothing = good === 0 ? t('units.preview.noneGood') : t('units.preview.nothing');
  // Without writes or units to delete there is nothing to confirm; with units to delete, the button
  // appears (and its words change, by CSS) once the deletion is ticked.
  const confirm =
    toWrite === 0 && !canDelete
      ? html`${notInFile}<p class="nothing" data-testid="nothing">${nothing}</p>`
      : html`<form method="post" action="${base}/confirm" class="import-confirm">
          <input type="hidden" name="csrf" value="${session?.csrfToken ?? ''}">
          ${notInFile}
          ${bad > 0 ? html`<label class="check"><input type="checkbox" name="skipRefused" value="yes"> ${t('units.preview.skip', { bad })}</label>` : ''}
          ${toWrite === 0 ? html`<p class="nothing" data-testid="nothing">${nothing}</p>` : ''}
          <button type="submit"${toWrite === 0 ? html` class="delete-only"` : ''}><span class="confirm-plain">${confirmText()}</span>${canDelete ? html`<span class="confirm-delete">${confirmText(absent!.count)}</span>` : ''}</button></form>`;

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
    ${confirm}
    <p><a href="${base}/mapping">${t('units.preview.changeMapping')}</a> · <a href="${importBase(scope.hospital.id)}">${t('units.preview.again')}</a></p>
    ${filters}${pager}
    <table class="preview"><thead><tr><th>${t('units.preview.row')}</th><th>${t('units.preview.action')}</th><th>${t('units.preview.unit')}</th>
      <th>${t('units.preview.problem')} (${t('units.preview.column')} · ${t('units.preview.wrong')} · ${t('units.preview.expected')}) / ${t('units.preview.changes')}</th></tr></thead>
      <tbody>${slice.map((r) => rowCells(pc, r))}</tbody></table>${pager}`;
  return page(pc, `${t('units.preview.title', { file: stored.fileName })} — ${pick(pc, scope.hospital.name)}`, body);
}
