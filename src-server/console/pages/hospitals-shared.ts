/**
 * What the hospital and contract pages share: inputs that keep what was typed and mark a field
 * with a problem, the problem list (where, what, what to do, in the page's language), the version
 * history and the read-only banners.
 */
import type { Fields, FormProblem } from '../../admin/form-fields';
import type { ReferenceVersion } from '../../storage/port';
import { chinaDateTime } from '../china-time';
import { html, type SafeHtml } from '../html';
import type { MessageKey, Translate } from '../i18n';
import { referenceZh } from '../i18n/reference';
import type { PageContext } from '../layout';

/** How a form is shown: editable, or read-only (a reader, or an old version). */
export interface FormState {
  fields: Fields;
  problems: FormProblem[];
  readOnly: boolean;
}

const known = (key: string): key is MessageKey => key in referenceZh;
export const tr = (t: Translate, key: string, fallback: string, params?: Record<string, string | number>): string => (known(key) ? t(key, params) : fallback);

/**
 * A message with a count, in the singular when the count is one and the message has a `.one` form
 * ("1 campus", "2 campuses"); Chinese has one form for both.
 */
export const counted = (t: Translate, key: MessageKey, count: number | string, params: Record<string, string | number> = {}): string =>
  t(Number(count) === 1 && known(`${key}.one`) ? (`${key}.one` as MessageKey) : key, { ...params, count });

const bad = (s: FormState, name: string): string => (s.problems.some((p) => p.field === name) ? 'bad-field' : '');

/**
 * The mark of a required field beside its label or column head. No `required` attribute: blank rows
 * and the "more rows" button must still post, and the server names what is missing anyway.
 */
export const requiredMark = (t: Translate): SafeHtml => html`<span class="req" title="${t('ref.required')}">*</span>`;

/** A label, with the required mark when `required` is given (the page's translator). */
const labelled = (label: string, required: Translate | undefined, field: SafeHtml): SafeHtml => 
  required ? html`<label><span>${label}${requiredMark(required)}</span>${field}</label>` : html`<label>${label}${field}</label>`;

export function input(s: FormState, name: string, options: { label?: string; size?: number; readonly?: boolean; type?: string; placeholder?: string; required?: Translate } = {}): SafeHtml {
  const field = html`<input name="${name}" value="${s.fields[name] ?? ''}" class="${bad(s, name)}" size="${options.size ?? 12}" type="${options.type ?? 'text'}"${options.readonly ? html` readonly` : ''}${options.placeholder ? html` placeholder="${options.placeholder}"` : ''}>`;
  return options.label === undefined ? field : labelled(options.label, options.required, field);
}

export function textarea(s: FormState, name: string, options: { label?: string; rows?: number; cols?: number; required?: Translate } = {}): SafeHtml {
  const field = html`<textarea name="${name}" rows="${options.rows ?? 2}" cols="${options.cols ?? 30}" class="${bad(s, name)}">${s.fields[name] ?? ''}</textarea>`;
  return options.label === undefined ? field : labelled(options.label, options.required, field);
}

export function select(s: FormState, name: string, options: { value: string; label: string }[], label?: string): SafeHtml {
  const current = s.fields[name] ?? '';
  const field = html`<select name="${name}" class="${bad(s, name)}">${options.map((o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label}</option>`)}</select>`;
  return label === undefined ? field : html`<label>${label}${field}</label>`;
}

export function checkbox(s: FormState, name: string, label: string): SafeHtml {
  return html`<label class="check"><input type="checkbox" name="${name}"${s.fields[name] === 'on' ? html` checked` : ''}> ${label}</label>`;
}

/** Where a problem is, in words: "科室表第 3 行「房间」", "「服务期结束」". */
export function whereOf(t: Translate, field: string): string {
  if (field === '') return t('ref.where.record');
  const row = /^(\w+)\.(\d+)\.([\w.]+)$/.exec(field);
  if (row) {
    const [, table, n, column] = row as unknown as [string, string, string, string];
    const col = column.startsWith('kind.') ? 'kinds' : column;
    return t('ref.where.row', { table: tr(t, `ref.table.${table}`, table), row: Number(n) + 1, column: tr(t, `ref.f.${table}.${col}`, col) });
  }
  return t('ref.where.field', { field: tr(t, `ref.f.${field}`, field) });
}

export function problemText(pc: PageContext, p: FormProblem): string {
  const { t, lang } = pc;
  const params = { ...p.params };
  if (p.code === 'noTime') params.level = `${(lang === 'en' ? params.en : params.zh) || ''} (${params.id ?? ''})`.trim();
  if (p.code === 'cadenceMismatch') params.every = tr(t, `ref.every.${params.every ?? ''}`, params.every ?? '');
  const message = params.count === undefined ? t(`ref.p.${p.code}`, params) : counted(t, `ref.p.${p.code}`, params.count, params);
  const detail = p.detail ? (lang === 'en' ? ` (${p.detail})` : `（${p.detail}）`) : '';
  return `${whereOf(t, p.field)}${lang === 'en' ? ': ' : '：'}${message}${detail}`;
}

export function problemList(pc: PageContext, problems: FormProblem[], conflict?: string): SafeHtml {
  if (problems.length === 0 && !conflict) return html``;
  return html`<div class="problems" role="alert">
    ${conflict ? html`<p class="conflict">${conflict}</p>` : ''}
    ${problems.length ? html`<p>${pc.t('ref.problems.title')}</p><ul>${problems.map((p) => html`<li data-field="${p.field}">${problemText(pc, p)}</li>`)}</ul>` : ''}
  </div>`;
}

/** Who saved a version, as the console shows people: "admin:li" → "li". */
export const actorName = (actor: string): string => actor.replace(/^admin:/, '');

export function historyTable(pc: PageContext, versions: ReferenceVersion[], href: (version: number) => string, shown?: number): SafeHtml {
  const { t } = pc;
  if (versions.length === 0) return html`<p class="muted">${t('ref.history.none')}</p>`;
  return html`<table class="history"><thead><tr><th>${t('ref.history.version')}</th><th>${t('ref.history.at')}</th><th>${t('ref.history.who')}</th><th></th></tr></thead><tbody>
    ${versions.map(
      (v, i) => html`<tr class="${v.version === shown ? 'shown' : ''}"><td>${v.version}</td><td class="nowrap">${chinaDateTime(v.at)}</td><td>${actorName(v.actor)}</td>
        <td>${v.deleted ? t('ref.history.deleted') : i === 0 ? html`<a href="${href(0)}">${t('ref.history.current')}</a>` : html`<a href="${href(v.version)}">${t('ref.history.view')}</a>`}</td></tr>`,
    )}</tbody></table>`;
}

export function readOnlyBanner(pc: PageContext, version: ReferenceVersion | undefined, currentHref: string): SafeHtml {
  const { t } = pc;
  if (version) return html`<p class="notice">${t('ref.readOnly.version', { version: version.version, who: actorName(version.actor), at: chinaDateTime(version.at) })} <a href="${currentHref}">${t('ref.current')}</a></p>`;
  return html`<p class="notice">${t('ref.readOnly.reader')}</p>`;
}

/** Row numbers to render: the form's rows, then blank ones up to `blank` (and `more` extra when asked). */
export function rowsWithBlanks(fields: Fields, prefix: string, columns: readonly string[], blank: number): number[] {
  const pattern = new RegExp(`^${prefix}\\.(\\d+)\\.`);
  const rows = [...new Set(Object.keys(fields).flatMap((k) => (pattern.exec(k) ? [Number(pattern.exec(k)![1])] : [])))].sort((a, b) => a - b);
  const empty = rows.filter((n) => columns.every((c) => (fields[`${prefix}.${n}.${c}`] ?? '').trim() === '')).length;
  const next = rows.length ? rows[rows.length - 1]! + 1 : 0;
  return [...rows, ...Array.from({ length: Math.max(0, blank - empty) }, (_, i) => next + i)];
}

export const localizedPair = (pc: PageContext, zh: string, en: string): string => (pc.lang === 'en' ? en || zh : zh || en);
