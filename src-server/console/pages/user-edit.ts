/**
 * One console user: role, hospitals and disabled (updateConsoleUser, guarded by the state the
 * form was filled from, like the engineers' version), and a new password.
 */
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords';
import type { OfficeContext } from '../../context';
import { consoleUserState, type AdminUser } from '../../storage/port';
import { chinaDateTime } from '../china-time';
import { html } from '../html';
import { page, type PageContext } from '../layout';
import { csrfField, fieldError, hospitalChecks, hospitalNames, hospitalOptions, notice, problemBanner, type FieldProblems } from './people-form';
import { roleChoice, roleName } from './users';

export interface UserForm {
  role: string;
  hospitalIds: string[];
  disabled: boolean;
}

export interface UserEditOptions {
  form?: UserForm;
  /** Someone saved the user first: who, and what this administrator had chosen (shown, not saved). */
  conflict?: { who: string; typed: UserForm };
  problems?: FieldProblems;
  passwordProblems?: FieldProblems;
  notice?: string;
}

export async function userEditPage(ctx: OfficeContext, pc: PageContext, user: AdminUser, options: UserEditOptions = {}): Promise<string> {
  const { t, session } = pc;
  const hospitals = await hospitalOptions(ctx, pc.lang);
  const form = options.form ?? { role: user.role ?? 'admin', hospitalIds: user.hospitalIds ?? [], disabled: Boolean(user.disabledAt) };
  const { problems, passwordProblems } = options;
  const base = `/console/users/${encodeURIComponent(user.username)}`;
  const conflict = options.conflict;
  const typedRole = conflict?.typed.role === 'admin' || conflict?.typed.role === 'reader' ? conflict.typed.role : undefined;
  const conflictBanner = conflict
    ? html`<div class="problems" role="alert" data-testid="conflict"><p>${t('edit.conflict', { who: conflict.who })}</p>
        <p class="muted">${t('users.conflict.typed')}: ${t('users.field.role')} ${typedRole ? roleName({ role: typedRole }, t) : '—'}
          · ${t('users.col.hospitals')} ${hospitalNames(hospitals, conflict.typed.hospitalIds, t) || '—'}
          · ${t('users.col.status')} ${conflict.typed.disabled ? t('users.field.disabled') : t('users.conflict.enabled')}</p></div>`
    : '';
  const edit = html`<section class="panel">${conflictBanner}
    ${problemBanner(problems, ['role', 'hospitals', 'disabled'], t)}
    <form method="post" action="${base}" class="stacked" data-testid="user-form">${csrfField(session?.csrfToken)}<input type="hidden" name="state" value="${consoleUserState(user)}">
      <p>${t('users.col.created')}: ${chinaDateTime(user.createdAt)}</p>
      <fieldset><legend>${t('users.field.role')}</legend>${roleChoice(form.role, t)}${fieldError(problems, 'role')}</fieldset>
      <fieldset><legend>${t('users.field.hospitals')}</legend>${hospitalChecks(hospitals, form.hospitalIds, t)}${fieldError(problems, 'hospitals')}</fieldset>
      <label class="check"><input type="checkbox" name="disabled" value="1"${form.disabled ? html` checked` : ''}> ${t('users.field.disabled')}</label>${fieldError(problems, 'disabled')}
      <button type="submit">${t('users.edit.save')}</button></form></section>`;
  const password = html`<section class="panel"><h2>${t('users.password.title')}</h2><p>${t('users.password.explain')}</p>
    ${problemBanner(passwordProblems, ['password'], t)}
    <form method="post" action="${base}/password" class="stacked">${csrfField(session?.csrfToken)}
      <label>${t('users.password.field')}<input name="password" type="password" minlength="${MIN_PASSWORD_LENGTH}" required autocomplete="new-password">
        <span class="hint">${t('users.field.password.hint', { min: MIN_PASSWORD_LENGTH })}</span>${fieldError(passwordProblems, 'password')}</label>
      <button type="submit">${t('users.password.submit')}</button></form></section>`;
  return page(pc, t('users.edit.title', { username: user.username }), html`${notice(options.notice)}
    <div class="people-grid"><div>${edit}</div><div>${password}</div></div><p><a href="/console/users">← ${t('users.title')}</a></p>`);
}
