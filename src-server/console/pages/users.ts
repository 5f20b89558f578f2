/** Console users (role, hospitals, state) and the form that adds one. */
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords';
import type { OfficeContext } from '../../context';
import type { AdminUser } from '../../storage/port';
import { chinaDateTime } from '../china-time';
import { html, type SafeHtml } from '../html';
import type { Translate } from '../i18n';
import { page, type PageContext } from '../layout';
import { csrfField, fieldError, hospitalChecks, hospitalNames, hospitalOptions, problemBanner, type FieldProblems, type HospitalOption } from './people-form';

export interface UserForm {
  username: string;
  role: string;
  hospitalIds: string[];
}

export const roleName = (user: Pick<AdminUser, 'role'>, t: Translate): string => ((user.role ?? 'admin') === 'admin' ? t('users.role.admin') : t('users.role.reader'));

export const userHospitals = (user: AdminUser, hospitals: HospitalOption[], t: Translate): string =>
  (user.role ?? 'admin') === 'admin' ? t('users.allHospitals') : hospitalNames(hospitals, user.hospitalIds ?? [], t);

/** Role as radio buttons: administrator or read-only. */
export function roleChoice(role: string, t: Translate): SafeHtml {
  return html`<div class="checks">${(['admin', 'reader'] as const).map(
    (r) => html`<label class="check"><input type="radio" name="role" value="${r}"${role === r ? html` checked` : ''}> ${t(`users.role.${r}`)}</label>`,
  )}</div><span class="hint">${t('users.field.role.hint')}</span>`;
}

export async function usersPage(ctx: OfficeContext, pc: PageContext, options: { form?: UserForm; problems?: FieldProblems } = {}): Promise<string> {
  const { t, session } = pc;
  const hospitals = await hospitalOptions(ctx, pc.lang);
  const users = await ctx.store.listAdmins();
  const form = options.form ?? { username: '', role: 'reader', hospitalIds: [] };
  const { problems } = options;
  const list = html`<table class="people"><thead><tr><th>${t('users.col.username')}</th><th>${t('users.col.role')}</th><th>${t('users.col.hospitals')}</th>
    <th>${t('users.col.created')}</th><th>${t('users.col.status')}</th><th></th></tr></thead><tbody>${users.map(
      (u) => html`<tr data-user="${u.username}"${u.disabledAt ? html` class="inactive"` : ''}>
      <td>${u.username}${u.username === session?.username ? html` <span class="muted">${t('users.you')}</span>` : ''}</td>
      <td>${roleName(u, t)}</td><td>${userHospitals(u, hospitals, t) || '—'}</td><td class="nowrap">${chinaDateTime(u.createdAt)}</td>
      <td>${u.disabledAt ? html`<span class="bad">${t('users.status.disabled', { at: chinaDateTime(u.disabledAt) })}</span>` : html`<span class="ok">${t('users.status.active')}</span>`}</td>
      <td><a class="button" href="/console/users/${encodeURIComponent(u.username)}">${t('people.edit')}</a></td></tr>`,
    )}</tbody></table>`;
  const add = html`<section class="panel" id="add"><h2>${t('users.add.title')}</h2>
    ${problemBanner(problems, ['username', 'password', 'role', 'hospitals'], t)}
    <form method="post" action="/console/users" class="stacked">${csrfField(session?.csrfToken)}
      <label>${t('users.field.username')}<input name="username" value="${form.username}" required autocomplete="off">${fieldError(problems, 'username')}</label>
      <label>${t('users.field.password')}<input name="password" type="password" minlength="${MIN_PASSWORD_LENGTH}" required autocomplete="new-password">
        <span class="hint">${t('users.field.password.hint', { min: MIN_PASSWORD_LENGTH })}</span>${fieldError(problems, 'password')}</label>
      <fieldset><legend>${t('users.field.role')}</legend>${roleChoice(form.role, t)}${fieldError(problems, 'role')}</fieldset>
      <fieldset><legend>${t('users.field.hospitals')}</legend>${hospitalChecks(hospitals, form.hospitalIds, t)}${fieldError(problems, 'hospitals')}</fieldset>
      <button type="submit">${t('users.add.submit')}</button></form></section>`;
  return page(pc, t('users.title'), html`<p class="actions"><a class="button" href="/console/users.xlsx">${t('people.export')}</a></p>${list}${add}`);
}
