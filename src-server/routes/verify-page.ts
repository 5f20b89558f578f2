/**
 * The HTML of the public paper check (/verify): a page of its own for a phone, with no console
 * navigation and nothing that runs. Every answer of the route — held, not held, a malformed
 * address, too many checks — is this page with another body.
 */
import { chinaClock, chinaDateTime } from '../console/china-time';
import { html, type SafeHtml } from '../console/html';
import type { Lang, Translate } from '../console/i18n';

/** The language link keeps the rest of the address (number and hash). */
export function verifyPage(t: Translate, lang: Lang, query: string, body: SafeHtml): string {
  const other = lang === 'en' ? 'zh-CN' : 'en';
  const params = new URLSearchParams(query);
  params.set('lang', other);
  return html`<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('verify.title')}</title><link rel="stylesheet" href="/console/static/console.css"></head>
<body><header><span class="title">${t('verify.title')}</span><a href="?${params.toString()}">${t('nav.lang')}</a></header>
<main><h1>${t('verify.title')}</h1>${body}</main></body></html>`.text;
}

export interface VerifyAnswer {
  held: boolean;
  reportNumber: string;
  hash: string;
  /** The engineer whose device certificate signed the PDF, as the certificate names them. */
  signedBy?: string;
  signedAt?: string;
  receivedAt?: string;
}

/** A time as a clock in China shows it, naming the zone (the phone may be set to another). */
const inChina = (t: Translate, iso: string | undefined): string => (iso ? t('verify.chinaTime', { time: chinaDateTime(iso) }) : '');

export function heldBody(t: Translate, office: string, answer: VerifyAnswer): SafeHtml {
  return html`<p class="ok" data-held="true">${t('verify.held', { office })}</p>
    <table>
      <tr><th>${t('verify.number')}</th><td>${answer.reportNumber}</td></tr>
      <tr><th>${t('verify.hash')}</th><td><code>${answer.hash}</code></td></tr>
      <tr><th>${t('verify.signedBy')}</th><td>${answer.signedBy ?? ''}</td></tr>
      <tr><th>${t('verify.signedAt')}</th><td>${inChina(t, answer.signedAt)}</td></tr>
      <tr><th>${t('verify.receivedAt')}</th><td>${inChina(t, answer.receivedAt)}</td></tr>
    </table>`;
}

export function notHeldBody(t: Translate, office: string, number: string): SafeHtml {
  return html`<p class="bad" data-held="false">${t('verify.notHeld', { office, number })}</p>`;
}

/** "2 minutes", "40 seconds": whole minutes from a minute on, rounded up so nobody comes back too early. */
function waitText(t: Translate, seconds: number): string {
  if (seconds < 60) return seconds === 1 ? t('verify.wait.second') : t('verify.wait.seconds', { n: seconds });
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? t('verify.wait.minute') : t('verify.wait.minutes', { n: minutes });
}

/**
 * Over the rate limit. The limit counts per network address, and a hospital's phones usually share
 * one behind NAT: the page says so, so that staff do not think the report is in doubt.
 */
export function limitedBody(t: Translate, retryAfterSeconds: number, now: Date): SafeHtml {
  const until = chinaClock(new Date(now.getTime() + retryAfterSeconds * 1000));
  return html`<p class="bad" data-limited="true">${t('verify.limited', { wait: waitText(t, retryAfterSeconds), until })}</p>`;
}
