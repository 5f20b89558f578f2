/**
 * One engineer: name and hospitals (guarded by the version the form was filled from), an
 * enrollment code for a new laptop (the form carries a one-time token) and the codes still
 * usable (revocable), the engineer's devices, and deactivation with what it means.
 */
import { LIMITS } from '../../../src-shared/domain/limits';
import type { OfficeContext } from '../../context';
import type { Engineer } from '../../storage/port';
import { chinaDateTime } from '../china-time';
import { html } from '../html';
import { page, type PageContext } from '../layout';
import { csrfField, fieldError, hospitalChecks, hospitalNames, hospitalOptions, loopbackHost, notice, problemBanner, type FieldProblems } from './people-form';

export interface EngineerEditOptions {
  /** The edit form as typed, when it was refused. */
  form?: { name: string; hospitalIds: string[] };
  problems?: FieldProblems;
  /** Someone saved first: who, and what this administrator had typed (shown, not saved). */
  conflict?: { who: string; typed: { name: string; hospitalIds: string[] } };
  notice?: string;
  /** The code form: the validity in days, the office address laptops use, and the form's one-time token (CodeForms). */
  code: { days: string; officeUrl: string; token: string; problems?: FieldProblems };
  /** Why the code form sent issued nothing: it had issued a code already, or it is out of date. */
  codeRefused?: { issued: { codeId: string; at: string } } | { stale: true };
  /** The deactivation form was sent without its confirmation ticked. */
  unconfirmed?: boolean;
}

export async function engineerEditPage(ctx: OfficeContext, pc: PageContext, engineer: Engineer, options: EngineerEditOptions): Promise<string> {
  const { t, session } = pc;
  const hospitals = await hospitalOptions(ctx, pc.lang);
  const devices = (await ctx.store.listDevices()).filter((d) => d.engineerId === engineer.id);
  const active = devices.filter((d) => !d.revokedAt).length;
  const lastSync = devices
    .map((d) => d.lastSeenAt)
    .filter((at): at is string => Boolean(at))
    .sort()
    .at(-1);
  const form = options.form ?? { name: engineer.name, hospitalIds: engineer.hospitalIds };
  const { problems, conflict } = options;
  const base = `/console/engineers/${encodeURIComponent(engineer.id)}`;
  const version = html`<input type="hidden" name="version" value="${engineer.version}">`;

  const conflictBanner = conflict
    ? html`<div class="problems" role="alert" data-testid="conflict"><p>${t('edit.conflict', { who: conflict.who })}</p>
        <p class="muted">${t('people.field.name')}: ${conflict.typed.name} · ${t('people.field.hospitals')}: ${hospitalNames(hospitals, conflict.typed.hospitalIds, t) || '—'}</p></div>`
    : '';

  const edit = html`<section class="panel">
    ${problemBanner(problems, ['name', 'hospitals'], t)}
    <form method="post" action="${base}" class="stacked" data-testid="engineer-form">
      ${csrfField(session?.csrfToken)}${version}
      <label>${t('people.field.id')}<input value="${engineer.id}" disabled></label>
      <label>${t('people.field.name')}<input name="name" value="${form.name}" maxlength="${LIMITS.personName}" required>${fieldError(problems, 'name')}</label>
      <fieldset><legend>${t('people.field.hospitals')}</legend>${hospitalChecks(hospitals, form.hospitalIds, t)}${fieldError(problems, 'hospitals')}</fieldset>
      <button type="submit">${t('people.edit.save')}</button>
    </form></section>`;

  const codeProblems = options.code.problems;
  const refused = options.codeRefused;
  const loopback = loopbackHost(options.code.officeUrl);
  const code = html`<section class="panel" id="code">
    <h2>${t('people.code.title')}</h2>
    ${refused
      ? html`<p class="notice warn" role="alert" data-testid="code-refused">${'issued' in refused
          ? t('people.code.reissued', { id: refused.issued.codeId, at: chinaDateTime(refused.issued.at) })
          : t('people.code.staleForm')}</p>`
      : ''}
    ${engineer.deactivatedAt
      ? html`<p class="muted">${t('people.code.inactive')}</p>`
      : html`<p>${t('people.code.explain')}</p>
    ${problemBanner(codeProblems, ['days', 'officeUrl'], t)}
    <form method="post" action="${base}/code" class="stacked">
      ${csrfField(session?.csrfToken)}<input type="hidden" name="form" value="${options.code.token}">
      <label>${t('people.code.days')}<input name="days" type="number" min="1" max="90" step="1" value="${options.code.days}" required>${fieldError(codeProblems, 'days')}</label>
      <label>${t('people.code.office')}<input name="officeUrl" type="url" value="${options.code.officeUrl}" required>
        ${loopback ? html`<span class="notice warn loopback" role="alert" data-testid="loopback">${t('people.code.loopback', { host: loopback })}</span>` : html`<span class="hint">${t('people.code.office.hint')}</span>`}
        ${fieldError(codeProblems, 'officeUrl')}</label>
      <button type="submit">${t('people.code.submit')}</button>
    </form>`}</section>`;

  const outstanding = await ctx.store.listOutstandingCodes(engineer.id, ctx.now().toISOString());
  const codes = html`<section class="panel" id="codes"><h2>${t('people.codes.title')}</h2>
    ${outstanding.length
      ? html`<p class="hint">${t('people.codes.explain')}</p>
        <table class="people codes"><thead><tr><th>${t('people.codes.col.id')}</th><th>${t('people.codes.col.issued')}</th><th>${t('people.codes.col.by')}</th>
          <th>${t('people.codes.col.expires')}</th><th></th></tr></thead><tbody>${outstanding.map(
            (c) => html`<tr data-code="${c.id}"><td><code>${c.id}</code></td><td class="nowrap">${chinaDateTime(c.createdAt)}</td>
              <td>${c.createdBy ? c.createdBy.replace(/^admin:/, '') : '—'}</td><td class="nowrap">${chinaDateTime(c.expiresAt)}</td>
              <td class="nowrap"><form method="post" action="${base}/codes/${c.id}/revoke">${csrfField(session?.csrfToken)}<button type="submit" class="danger">${t('people.codes.revoke')}</button></form></td></tr>`,
          )}</tbody></table>`
      : html`<p class="muted">${t('people.codes.none')}</p>`}</section>`;

  const devicesSection = html`<section class="panel"><h2>${t('people.edit.devices')}</h2>
    <p><a href="/console/devices?engineer=${encodeURIComponent(engineer.id)}">${t('people.edit.devicesLink', { count: devices.length })}</a>
    · ${t('people.col.lastSync')}: ${lastSync ? chinaDateTime(lastSync) : '—'}</p></section>`;

  const state = engineer.deactivatedAt
    ? html`<section class="panel" id="state"><h2>${t('people.reactivate.title')}</h2>
        <p>${t('people.reactivate.explain', { at: chinaDateTime(engineer.deactivatedAt) })}</p>
        <form method="post" action="${base}/reactivate">${csrfField(session?.csrfToken)}${version}<button type="submit">${t('people.reactivate.submit')}</button></form></section>`
    : html`<section class="panel danger" id="state"><h2>${t('people.deactivate.title')}</h2>
        <p data-testid="deactivate-explain">${t('people.deactivate.explain', { count: active })}</p>
        <form method="post" action="${base}/deactivate" class="stacked">${csrfField(session?.csrfToken)}${version}
          <label class="check"><input type="checkbox" name="confirm" value="1"> ${t('people.deactivate.confirm')}</label>
          ${options.unconfirmed ? html`<span class="field-error" data-problem="confirm">${t('people.deactivate.unconfirmed')}</span>` : ''}
          <button type="submit" class="danger">${t('people.deactivate.submit')}</button></form></section>`;

  const status = engineer.deactivatedAt
    ? html`<p><span class="bad">${t('people.status.deactivated', { at: chinaDateTime(engineer.deactivatedAt) })}</span></p>`
    : html`<p><span class="ok">${t('people.status.active')}</span></p>`;
  return page(pc, t('people.edit.title', { name: engineer.name }), html`${notice(options.notice)}${conflictBanner}${status}
    <div class="people-grid"><div>${edit}${devicesSection}</div><div>${code}${codes}${state}</div></div>
    <p><a href="/console/engineers">← ${t('people.title')}</a></p>`);
}
