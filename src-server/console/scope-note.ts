/** The line a read-only user sees above every list: which hospitals the page is limited to (nothing for an administrator). */
import { html, type SafeHtml } from './html';
import type { PageContext } from './layout';
import type { Names } from './names';

export function scopeNote(pc: PageContext, names: Pick<Names, 'hospital'>, scope: readonly string[] | undefined): SafeHtml {
  if (!scope) return html``;
  if (scope.length === 0) return html`<p class="error" data-scope="none">${pc.t('scope.none')}</p>`;
  const separator = pc.lang === 'en' ? ', ' : '、';
  return html`<p class="muted" data-scope="${scope.join(' ')}">${pc.t('scope.note', { hospitals: scope.map((id) => names.hospital(id)).join(separator) })}</p>`;
}
