/**
 * What a person at the console sees when a page fails: a page in their language that says whether
 * to wait (the database is not answering: 503) or to tell the office's IT (anything else), instead
 * of the JSON error body devices read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../html';
import { pickLang, translator } from '../i18n';
import { page } from '../layout';

/** A console page or form (not its static files or a device's API call), from a browser. */
export function isConsolePage(request: FastifyRequest): boolean {
  const url = request.url;
  if (url !== '/console' && !url.startsWith('/console/') && !url.startsWith('/console?')) return false;
  if (url.startsWith('/console/static/')) return false;
  return (request.headers.accept ?? '').includes('text/html') || (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

export function failurePage(request: FastifyRequest, reply: FastifyReply, status: number): string {
  const lang = pickLang(request, reply);
  const t = translator(lang);
  const [title, text] = status === 503 ? [t('error.unavailable.title'), t('error.unavailable')] : [t('error.internal.title'), t('error.internal')];
  return page({ t, lang }, title, html`<p class="error" data-testid="failure">${text}</p><p><a href="">${t('error.retry')}</a></p>`);
}
