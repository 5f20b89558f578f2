/**
 * GET /enroll: where an enrollment link leads when a phone opens it. The code is in the link's
 * fragment, which the browser never sends, so this page only says what the link is for.
 */
import { html } from '../html';
import { page, type PageContext } from '../layout';

export function enrollLandingPage(pc: PageContext): string {
  const { t } = pc;
  return page(pc, t('enroll.title'), html`<div class="panel enroll-landing"><p>${t('enroll.what')}</p><p><strong>${t('enroll.how')}</strong></p><p class="muted">${t('enroll.phone')}</p></div>`);
}
