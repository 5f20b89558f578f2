/**
 * One contract's page: period, what it covers, service hours, fault levels with their times,
 * inspection and sign-off as a plain form; what the form cannot edit is summarised read-only (a
 * save keeps it). Read-only for a reader and for an old version; its history below.
 */
import type { Contract, Hospital } from '../../../src-shared/catalog/reference';
import { LEVEL_COLUMNS, OPTIONS, STEPS, SYSTEM_COLUMNS } from '../../admin/contract-form';
import { contractTexts, DEFAULT_ENGLISH } from '../../admin/contract-reminders';
import type { ReferenceVersion } from '../../storage/port';
import { html, type SafeHtml } from '../html';
import type { Translate } from '../i18n';
import { localized, page, type PageContext } from '../layout';
import { checkbox, counted, historyTable, input, problemList, readOnlyBanner, requiredMark, rowsWithBlanks, select, textarea, type FormState } from './hospitals-shared';

export interface ContractView extends FormState {
  /** Undefined for a new contract. */
  id?: string;
  hash: string;
  hospital: Hospital;
  /** The stored contract: what the form does not show is summarised from it. */
  stored?: Contract;
  systemTemplates: { id: string; name: string }[];
  hardwareTemplates: { id: string; name: string }[];
  calendars: string[];
  history: ReferenceVersion[];
  version?: ReferenceVersion;
  conflict?: string;
  notice?: string;
  /** After a save: what to check (see `languageChecks`), shown as reminders beside the notice. */
  checks?: string[];
  more?: boolean;
}

export function contractPage(pc: PageContext, v: ContractView): string {
  const { t, lang } = pc;
  const f = v.fields;
  const hospitalName = localized(v.hospital.name, lang, v.hospital.id);
  const title = v.id ? t('ref.contract.title', { name: (lang === 'en' ? f.nameEn : f.nameZh) || v.id }) : t('ref.contract.newTitle', { hospital: hospitalName });
  const action = v.id ? `/console/contracts/${v.id}` : `/console/hospitals/${v.hospital.id}/contracts/new`;
  const blank = (n: number): number => (v.readOnly ? 0 : n + (v.more ? 3 : 0));
  const options = <T extends string>(values: readonly T[], key: (x: T) => string): { value: string; label: string }[] => values.map((x) => ({ value: x, label: key(x) }));
  const kept = (prefix: string, n: number): boolean => f[`${prefix}.${n}.kept`] === '1';
  const keptField = (prefix: string, n: number): SafeHtml => (kept(prefix, n) ? html`<input type="hidden" name="${prefix}.${n}.kept" value="1">` : html``);
  // The required mark, on an editable form only.
  const must = v.readOnly ? undefined : t;
  const req = must ? requiredMark(must) : html``;
  const on = (required: Translate | undefined) => (required ? { required } : {});
  const remove = (prefix: string, n: number): SafeHtml => (v.readOnly ? html`` : checkbox(v, `${prefix}.${n}.remove`, t('ref.remove')));

  const templateOptions = [{ value: '', label: '—' }, ...v.systemTemplates.map((x) => ({ value: x.id, label: `${x.name} (${x.id})` }))];
  const systems = rowsWithBlanks(f, 'sys', SYSTEM_COLUMNS, blank(1)).map(
    (n) => html`<tr><td>${keptField('sys', n)}${input(v, `sys.${n}.id`, { readonly: kept('sys', n), size: 20 })}</td><td>${select(v, `sys.${n}.template`, templateOptions)}</td>
      <td>${input(v, `sys.${n}.nameZh`, { size: 24 })}</td><td>${input(v, `sys.${n}.nameEn`, { size: 30 })}</td><td>${remove('sys', n)}</td></tr>`,
  );
  const unitOptions = options(OPTIONS.units, (u) => t(`ref.unit.${u}`));
  const levels = rowsWithBlanks(f, 'lvl', LEVEL_COLUMNS, blank(1)).map((n) => {
    const p = `lvl.${n}.`;
    const none = !v.readOnly || STEPS.some((s) => (f[`${p}${s}Amount`] ?? '') !== '') ? html`` : html` <span class="badge">${t('ref.noTime')}</span>`;
    return html`<fieldset class="level">
      <legend>${t('ref.table.lvl')} ${n + 1}${f[`${p}id`] ? html` · <code>${f[`${p}id`]}</code>` : ''}${none}</legend>
      <div class="grid">${keptField('lvl', n)}${input(v, `${p}id`, { label: t('ref.f.lvl.id'), readonly: kept('lvl', n), size: 18, ...on(must) })}
        ${input(v, `${p}nameZh`, { label: t('ref.f.lvl.nameZh'), size: 16, ...on(must) })}${input(v, `${p}nameEn`, { label: t('ref.f.lvl.nameEn'), size: 20 })}
        ${select(v, `${p}severity`, options(OPTIONS.severity, (s) => t(`ref.sev.${s}`)), t('ref.f.lvl.severity'))}
        ${select(v, `${p}proposeFrom`, options(OPTIONS.proposeFrom, (s) => t(`ref.from.${s}`)), t('ref.f.lvl.proposeFrom'))}
        ${select(v, `${p}onSiteBy`, options(OPTIONS.onSiteBy, (s) => t(`ref.onSite.${s}`)), t('ref.f.lvl.onSiteBy'))}</div>
      <div class="grid">${textarea(v, `${p}descZh`, { label: t('ref.f.lvl.descZh'), cols: 40, ...on(must) })}${textarea(v, `${p}descEn`, { label: t('ref.f.lvl.descEn'), cols: 40 })}</div>
      <div class="checks"><span>${t('ref.f.lvl.kinds')}:</span> ${OPTIONS.kinds.map((k) => checkbox(v, `${p}kind.${k}`, t(`ref.kind.${k}`)))}</div>
      <div class="times"><span>${t('ref.lvl.times')}:</span>${STEPS.map((s) => html`<label class="time">${t(`ref.f.lvl.${s}Amount`)} ${input(v, `${p}${s}Amount`, { size: 4 })}${select(v, `${p}${s}Unit`, unitOptions)}</label>`)}</div>
      <div class="grid">${input(v, `${p}noteZh`, { label: `${t('ref.f.lvl.noteZh')} · ${t('ref.lvl.noteHint')}`, size: 40 })}${input(v, `${p}noteEn`, { label: t('ref.f.lvl.noteEn'), size: 40 })}</div>
      ${remove('lvl', n)}
    </fieldset>`;
  });

  const body = html`${v.notice ? html`<p class="notice ok">${v.notice}</p>` : ''}
    ${v.stored && v.checks?.length ? checkList(pc, v.stored, v.checks) : ''}
    ${v.readOnly ? readOnlyBanner(pc, v.version, `/console/contracts/${v.id ?? ''}`) : ''}
    ${problemList(pc, v.problems, v.conflict)}
    <p>${t('ref.contract.hospital')}<a href="/console/hospitals/${v.hospital.id}">${hospitalName}</a></p>
    <form method="post" action="${action}" class="reference">
    <input type="hidden" name="csrf" value="${pc.session?.csrfToken ?? ''}"><input type="hidden" name="hash" value="${v.hash}">
    <fieldset${v.readOnly ? html` disabled` : ''}>
    <h2>${t('ref.section.period')}</h2>
    <div class="grid">${input(v, 'id', { label: t('ref.f.id'), readonly: v.id !== undefined, size: 24, ...on(v.id ? undefined : must) })}
      ${input(v, 'nameZh', { label: t('ref.f.nameZh'), size: 30, ...on(must) })}${input(v, 'nameEn', { label: t('ref.f.nameEn'), size: 36 })}</div>
    <div class="grid">${input(v, 'seed', { label: t('ref.f.seed'), size: 30, ...on(must) })}
      ${input(v, 'periodStart', { label: t('ref.f.periodStart'), type: 'date', ...on(must) })}${input(v, 'periodEnd', { label: t('ref.f.periodEnd'), type: 'date', ...on(must) })}</div>
    ${must ? html`<p class="muted small">${t('ref.required.note')}</p>` : ''}
    <p class="muted small">${t('ref.ids.note')}</p>
    <h2>${t('ref.section.scope')}</h2>
    <div class="checks"><span>${t('ref.f.campuses')}:</span> ${v.hospital.campuses.map((c) => checkbox(v, `campus.${c.id}`, localized(c.name, lang, c.id)))}</div>
    <div class="scroll"><table class="rows"><thead><tr><th>${t('ref.f.sys.id')}${req}</th><th>${t('ref.f.sys.template')}${req}</th><th>${t('ref.f.sys.nameZh')}${req}</th><th>${t('ref.f.sys.nameEn')}</th><th></th></tr></thead><tbody>${systems}</tbody></table></div>
    <div class="checks"><span>${t('ref.f.hwTemplates')}:</span> ${v.hardwareTemplates.map((x) => checkbox(v, `hw.${x.id}`, x.name))}</div>
    <h2>${t('ref.section.hours')}</h2>
    <div class="checks"><span>${t('ref.f.hours.days')}:</span>
      <label class="check"><input type="radio" name="hours.days" value="workdays"${f['hours.days'] === 'workdays' ? html` checked` : ''}> ${t('ref.days.workdays')}</label>
      <label class="check"><input type="radio" name="hours.days" value="weekdays"${f['hours.days'] !== 'workdays' ? html` checked` : ''}> ${t('ref.days.weekdays')}</label>
      ${([1, 2, 3, 4, 5, 6, 7] as const).map((d) => checkbox(v, `hours.day.${d}`, t(`ref.day.${d}`)))}</div>
    <div class="grid">${input(v, 'hours.start', { label: t('ref.f.hours.start'), size: 5, placeholder: 'HH:MM', ...on(must) })}${input(v, 'hours.end', { label: t('ref.f.hours.end'), size: 5, placeholder: 'HH:MM', ...on(must) })}
      ${checkbox(v, 'hours.phone24x7', t('ref.f.hours.phone24x7'))}${checkbox(v, 'hours.fault24x7', t('ref.f.hours.fault24x7'))}</div>
    ${overnight(f['hours.start'], f['hours.end']) ? html`<p class="notice overnight">${t('ref.hours.overnight', { start: f['hours.start'] ?? '', end: f['hours.end'] ?? '' })}</p>` : ''}
    <div class="grid">${textarea(v, 'hours.descZh', { label: t('ref.f.hours.descZh'), cols: 40, ...on(must) })}${textarea(v, 'hours.descEn', { label: t('ref.f.hours.descEn'), cols: 40 })}</div>
    <div class="grid">${select(v, 'calendar', v.calendars.map((c) => ({ value: c, label: c })), t('ref.f.calendar'))}
      ${select(v, 'clockStart', options(OPTIONS.clockStart, (c) => t(`ref.clock.${c}`)), t('ref.f.clockStart'))}
      ${checkbox(v, 'followUpCalls', t('ref.f.followUpCalls'))}</div>
    <h2>${t('ref.section.levels')}</h2>
    ${levels}
    <h2>${t('ref.section.inspection')}</h2>
    <div class="grid">${input(v, 'insp.perYear', { label: t('ref.f.insp.perYear'), size: 4, ...on(must) })}
      ${select(v, 'insp.every', [{ value: '', label: t('ref.every.none') }, ...options(OPTIONS.every, (e) => t(`ref.every.${e}`))], t('ref.f.insp.every'))}
      <div class="checks"><span>${t('ref.f.insp.modes')}:</span> ${OPTIONS.modes.map((m) => checkbox(v, `insp.mode.${m}`, t(`ref.mode.${m}`)))}</div>
      ${input(v, 'insp.quote', { label: t('ref.f.insp.quote'), size: 30 })}</div>
    <div class="grid">${textarea(v, 'insp.descZh', { label: t('ref.f.insp.descZh'), cols: 40, rows: 3, ...on(must) })}${textarea(v, 'insp.descEn', { label: t('ref.f.insp.descEn'), cols: 40, rows: 3 })}</div>
    <h2>${t('ref.section.signOff')}</h2>
    <div class="grid"><div class="checks"><span>${t('ref.f.sign.roles')}:</span> ${OPTIONS.signRoles.map((r) => checkbox(v, `sign.role.${r}`, t(`ref.sign.${r}`)))}</div>
      ${select(v, 'sign.copies', ['1', '2', '3'].map((c) => ({ value: c, label: c })), t('ref.f.sign.copies'))}</div>
    <div class="grid">${textarea(v, 'sign.descZh', { label: t('ref.f.sign.descZh'), cols: 40, rows: 3, ...on(must) })}${textarea(v, 'sign.descEn', { label: t('ref.f.sign.descEn'), cols: 40, rows: 3 })}</div>
    <h2>${t('ref.section.kept')}</h2>
    ${keptSummary(pc, v.stored)}
    ${v.readOnly ? '' : html`<p class="buttons"><button type="submit" name="save" value="1">${t('ref.save')}</button> <button type="submit" name="more" value="1">${t('ref.moreRows')}</button></p>`}
    </fieldset></form>
    ${v.id ? html`<h2>${t('ref.section.history')}</h2>${historyTable(pc, v.history, (n) => `/console/contracts/${v.id}${n ? `?version=${n}` : ''}`, v.version?.version)}` : ''}`;
  return page(pc, title, body);
}

/** The reminders after a save: service hours changed without their text, texts changed in Chinese only. */
function checkList(pc: PageContext, c: Contract, checks: string[]): SafeHtml {
  const { t, lang } = pc;
  const texts = contractTexts(c);
  const item = (key: string): string => {
    if (key === 'hours') return t('ref.check.hours');
    const text = texts.get(key) ?? { zh: '', en: '' };
    // Ids are slugs, without dots: `sys.<id>.name`, `lvl.<id>.<part>`.
    const [kind, id = '', part = ''] = key.split('.');
    const row = kind === 'sys' ? c.systems.find((s) => s.id === id) : kind === 'lvl' ? c.faultLevels.find((l) => l.id === id) : undefined;
    const what = row ? t(kind === 'sys' ? 'ref.check.sys.name' : `ref.check.lvl.${part as 'name' | 'desc' | 'note'}`, { name: localized(row.name, lang, id), id }) : t(`ref.check.${key as 'name' | 'hours.desc' | 'insp.desc' | 'sign.desc'}`);
    const defaultZh = DEFAULT_ENGLISH.get(text.en);
    return t(defaultZh !== undefined && defaultZh !== text.zh ? 'ref.check.enDefault' : 'ref.check.enStale', { what, zh: text.zh, en: text.en });
  };
  return html`<div class="notice warn" role="status" data-testid="checks"><p>${t('ref.check.title')}</p><ul>${checks.map((k) => html`<li data-check="${k}">${item(k)}</li>`)}</ul></div>`;
}

/** Whether service hours run past midnight (18:00–07:00): both valid HH:MM, the end before the start. */
export function overnight(start: string | undefined, end: string | undefined): boolean {
  const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
  return start !== undefined && end !== undefined && clock.test(start) && clock.test(end) && end < start;
}

/** What a save keeps without showing it for editing: deliverables, evaluation, fees, and each level's quotes and other statements. */
function keptSummary(pc: PageContext, c: Contract | undefined): SafeHtml {
  const { t, lang } = pc;
  const items: string[] = [];
  if (c?.deliverables.length) items.push(counted(t, 'ref.kept.deliverables', c.deliverables.length, { names: c.deliverables.map((d) => localized(d.name, lang, d.id)).join(lang === 'en' ? ', ' : '、') }));
  if (c && (c.evaluation.signOff.scale !== 'none' || c.evaluation.annex004 || c.evaluation.description)) {
    items.push(t('ref.kept.evaluation', { scale: t(`ref.scale.${c.evaluation.signOff.scale}`) }) + (c.evaluation.annex004 ? ` · ${t('ref.kept.annex')}` : ''));
  }
  if (c?.fees) items.push(t('ref.kept.fees', { text: [c.fees.total !== undefined ? `${c.fees.total}` : '', ...Object.entries(c.fees.systems).map(([id, yuan]) => `${id} ${yuan}`)].filter(Boolean).join(', ') || '—' }));
  for (const l of c?.faultLevels ?? []) {
    const parts = [
      l.quotes.length ? counted(t, 'ref.kept.quotes', l.quotes.length) : '',
      l.alsoStated.length ? counted(t, 'ref.kept.alsoStated', l.alsoStated.length) : '',
      l.outsideHours ? t('ref.kept.outsideHours') : '',
    ].filter(Boolean);
    if (parts.length) items.push(t('ref.kept.level', { id: l.id, parts: parts.join(lang === 'en' ? ', ' : '，') }));
  }
  if (items.length === 0) return html`<p class="muted">${t('ref.kept.none')}</p>`;
  return html`<p class="muted small">${t('ref.kept.note')}</p><ul class="kept">${items.map((i) => html`<li>${i}</li>`)}</ul>`;
}
