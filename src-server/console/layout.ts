/** The console page frame: title, navigation (with the logout form and its CSRF token), language switch. */
import { html, type SafeHtml } from './html';
import type { Lang, Translate } from './i18n';
import type { ConsoleSession } from './session';

export interface PageContext {
  t: Translate;
  lang: Lang;
  session?: ConsoleSession;
}

export function page(pc: PageContext, title: string, body: SafeHtml): string {
  const { t, session } = pc;
  const other = pc.lang === 'en' ? 'zh-CN' : 'en';
  // Two rows: the title with the user's tools, then the navigation (in English it is too long to share the title's row at 1366 px).
  const nav = session
    ? html`<nav><a href="/console/dashboard">${t('dash.nav')}</a>
        <a href="/console">${t('nav.reports')}</a>
        <a href="/console/service-records">${t('nav.service')}</a>
        <a href="/console/deliverables">${t('nav.deliverables')}</a>
        <a href="/console/hospitals">${t('nav.hospitals')}</a>
        <a href="/console/templates">${t('nav.templates')}</a>
        ${session.role === 'admin'
          ? html`<a href="/console/engineers">${t('nav.engineers')}</a>
        <a href="/console/devices">${t('nav.devices')}</a>
        <a href="/console/users">${t('nav.users')}</a>
        <a href="/console/import">${t('nav.import')}</a>
        <a href="/console/audit">${t('nav.audit')}</a>`
          : ''}</nav>`
    : '';
  const tools = session
    ? html`${session.role === 'admin' ? '' : html`<span class="muted-light">${t('nav.readOnly')}</span>`}
        <form method="post" action="/console/logout"><input type="hidden" name="csrf" value="${session.csrfToken}"><button type="submit">${t('nav.logout')} (${session.username})</button></form>`
    : '';
  return html`<!doctype html>
<html lang="${pc.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t('app.title')}</title><link rel="stylesheet" href="/console/static/console.css"></head>
<body><header><div class="bar"><span class="title">${t('app.title')}</span>${tools}<a href="?lang=${other}">${t('nav.lang')}</a></div>${nav}</header>
<main><h1>${title}</h1>${body}</main></body></html>`.text;
}

/** A LocalizedText in the page's language. */
export const localized = (text: { zh: string; en: string } | undefined, lang: Lang, fallback: string): string =>
  text ? (lang === 'en' ? text.en : text.zh) : fallback;
