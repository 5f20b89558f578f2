/** What a read-only user sees when a page or form would change something: 403, and what they may do instead. */
import { html } from '../html';
import { page, type PageContext } from '../layout';

export function forbiddenPage(pc: PageContext): string {
  return page(pc, pc.t('error.forbidden.title'), html`<p class="error" data-testid="forbidden">${pc.t('error.forbidden')}</p>`);
}
