/**
 * The page an enrollment code is shown on, once (the office keeps only its hash): the code in
 * large groups, the enrollment link and its QR code for the laptop's 2D scanner, and, when the
 * office serves HTTPS itself, the CA fingerprint the link carries. A link to a loopback address
 * (the administrator used the office PC's own address) gets a warning above the QR code. The QR code is qrcode's SVG, inline: it draws with attributes (fill, stroke, d),
 * which the console's CSP allows, and no style attribute, which it forbids.
 */
import QRCode from 'qrcode';
import type { Engineer } from '../../storage/port';
import { chinaDateTime } from '../china-time';
import { html, SafeHtml } from '../html';
import { page, type PageContext } from '../layout';
import { loopbackHost } from './people-form';

export interface IssuedCode {
  engineer: Engineer;
  code: string;
  expiresAt: string;
  caFingerprint: string;
  /** The office serves HTTPS itself: the link carries code and fingerprint (shown); else the code alone. */
  tls: boolean;
  /** code, or code + fingerprint (handoverString) */
  handover: string;
  link: string;
}

/** The QR code of a text, as qrcode draws it in SVG. */
export const qrSvg = (text: string): Promise<string> => QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });

export async function enrollmentCodePage(pc: PageContext, issued: IssuedCode): Promise<string> {
  const { t } = pc;
  const svg = await qrSvg(issued.link);
  const groups = issued.code.split('-');
  const loopback = loopbackHost(issued.link);
  const body = html`<p class="notice warn" role="status">${t('people.codePage.once')}</p>
  ${loopback ? html`<p class="notice warn loopback" role="alert" data-testid="loopback">${t('people.codePage.loopback', { host: loopback })}</p>` : ''}
  <div class="code-sheet">
    <div class="code-text">
      <h2>${t('people.codePage.code')}</h2>
      <p class="enroll-code" data-testid="code">${groups.map((g, i) => html`${i ? html`<span class="dash">-</span>` : ''}<span class="group">${g}</span>`)}</p>
      <p>${t('people.codePage.expires', { at: chinaDateTime(issued.expiresAt) })}</p>
      <label>${t('people.codePage.link')}<input class="copy" readonly value="${issued.link}" data-testid="link"></label>
      <p class="muted">${issued.tls ? t('people.codePage.tls') : t('people.codePage.plain')}</p>
      ${issued.tls
        ? html`<dl class="handover">
        <dt>${t('people.codePage.fingerprint')}</dt><dd><code data-testid="fingerprint">${issued.caFingerprint}</code></dd>
        <dt>${t('people.codePage.handover')}</dt><dd><input class="copy" readonly value="${issued.handover}" data-testid="handover"></dd>
      </dl>`
        : ''}
    </div>
    <figure class="qr" data-testid="qr" role="img" aria-label="${t('people.codePage.qrAlt')}">${new SafeHtml(svg)}
      <figcaption>${t('people.codePage.scan')}</figcaption></figure>
  </div>
  <p><a href="/console/engineers/${encodeURIComponent(issued.engineer.id)}">← ${t('people.codePage.back')}</a></p>`;
  return page(pc, t('people.codePage.title', { name: issued.engineer.name }), body);
}
