/** The login form. */
import { html } from '../html';
import type { PageContext } from '../layout';
import { page } from '../layout';

export function loginPage(pc: PageContext, error?: string): string {
  const { t } = pc;
  return page(
    pc,
    t('login.title'),
    html`<div class="login">
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/console/login">
        <label>${t('login.username')}<input name="username" autocomplete="username" required autofocus></label>
        <label>${t('login.password')}<input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">${t('login.submit')}</button>
      </form></div>`,
  );
}
