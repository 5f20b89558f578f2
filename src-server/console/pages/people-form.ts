/**
 * What the people pages' forms share: hospitals as checkboxes (one field per hospital, so the
 * console's form parser needs no repeated fields), a refusal turned into per-field messages in the
 * page's language, and the notice after a POST → 303 → GET.
 */
import type { Hospital } from '../../../src-shared/catalog/reference';
import type { AdminError } from '../../admin/operations';
import type { OfficeContext } from '../../context';
import { html, type SafeHtml } from '../html';
import type { Lang, MessageKey, Translate } from '../i18n';
import { localized } from '../layout';

/** Field name → what is wrong with it, in the page's language. */
export type FieldProblems = Record<string, string>;

export interface HospitalOption {
  id: string;
  name: string;
}

export async function hospitalOptions(ctx: OfficeContext, lang: Lang): Promise<HospitalOption[]> {
  return (await ctx.store.listReference('hospital')).map((r) => ({ id: r.key, name: localized((r.data as Hospital).name, lang, r.key) }));
}

/** A name for each hospital id, joined as the page's language lists them; an id the office does not know is shown as it is. */
export const hospitalNames = (options: HospitalOption[], ids: string[], t: Translate): string => {
  const names = new Map(options.map((o) => [o.id, o.name]));
  return ids.map((id) => names.get(id) ?? id).join(t('people.listSeparator'));
};

/**
 * The host of an address that only reaches this computer (127.0.0.0/8, ::1, localhost), else
 * undefined: an administrator on the office PC sees the console there, but laptops cannot use it.
 */
export function loopbackHost(address: string): string | undefined {
  let host: string;
  try {
    host = new URL(address).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const loopback = host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
  return loopback ? host : undefined;
}

const HOSPITAL_FIELD = 'hospital:';

/** The hospitals ticked in a form. */
export const hospitalsOfForm = (form: Record<string, string>): string[] =>
  Object.keys(form)
    .filter((k) => k.startsWith(HOSPITAL_FIELD))
    .map((k) => k.slice(HOSPITAL_FIELD.length));

export function hospitalChecks(options: HospitalOption[], chosen: readonly string[], t: Translate): SafeHtml {
  if (!options.length) return html`<p class="muted">${t('people.noHospitals')}</p>`;
  const ticked = new Set(chosen);
  return html`<div class="checks">${options.map(
    (o) => html`<label class="check"><input type="checkbox" name="${HOSPITAL_FIELD}${o.id}" value="1"${ticked.has(o.id) ? html` checked` : ''}> ${o.name}</label>`,
  )}</div>`;
}

/** A refusal of admin/operations.ts as the field it names and a message in the page's language. */
export function problemsOf(error: AdminError, t: Translate): FieldProblems {
  const p = error.problem;
  if (!p) return { form: error.message };
  return { [p.field]: t(`people.problem.${p.code}` satisfies MessageKey, p.params) };
}

export const fieldError = (problems: FieldProblems | undefined, field: string): SafeHtml | '' =>
  problems?.[field] ? html`<span class="field-error" data-problem="${field}">${problems[field]}</span>` : '';

/** The banner above a refused form; a message of no particular field goes here too. */
export function problemBanner(problems: FieldProblems | undefined, fields: readonly string[], t: Translate): SafeHtml | '' {
  if (!problems || !Object.keys(problems).length) return '';
  const loose = Object.entries(problems).filter(([field]) => !fields.includes(field));
  return html`<div class="problems" role="alert" data-testid="problems"><p>${t('people.problems')}</p>${loose.map(([, message]) => html`<p>${message}</p>`)}</div>`;
}

export const notice = (text: string | undefined): SafeHtml | '' => (text ? html`<p class="notice" role="status">${text}</p>` : '');

export const csrfField = (token: string | undefined): SafeHtml => html`<input type="hidden" name="csrf" value="${token ?? ''}">`;
