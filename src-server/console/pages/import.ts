/** The bundle upload form; /console/static/import.js sends the file with the CSRF token. */
import { html } from '../html';
import { page, type PageContext } from '../layout';

export function importPage(pc: PageContext): string {
  const { t, session } = pc;
  return page(
    pc,
    t('import.title'),
    html`<p>${t('import.help')}</p>
    <form id="import-form" data-csrf="${session?.csrfToken ?? ''}" data-running="${t('import.running')}" data-failed="${t('import.failed')}"
      data-accepted="${t('import.accepted')}" data-duplicate="${t('import.duplicate')}" data-refused="${t('import.refused')}">
      <label>${t('import.file')}<input type="file" name="bundle" accept=".xjbundle,application/octet-stream" required></label>
      <button type="submit">${t('import.submit')}</button></form>
    <div id="import-result" aria-live="polite"></div>
    <script src="/console/static/import.js" defer></script>`,
  );
}
