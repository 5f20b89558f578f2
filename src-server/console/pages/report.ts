/** One report: its facts, the live verification of hash and signature, its blobs and receipt. */
import type { OfficeContext } from '../../context';
import type { StoredReport } from '../../storage/port';
import { html } from '../html';
import { page, type PageContext } from '../layout';
import { loadNames } from '../names';
import { verifyStoredReport, type Check } from '../verify-stored';

export async function reportPage(ctx: OfficeContext, pc: PageContext, report: StoredReport): Promise<string> {
  const { t, lang } = pc;
  const names = await loadNames(ctx, lang);
  const checks = await verifyStoredReport(ctx, report);
  const device = await ctx.store.getDevice(report.deviceId);
  const mark = (c: Check) =>
    html`<span class="${c.ok ? 'ok' : 'bad'}" data-check="${c.ok ? 'ok' : 'failed'}">${c.ok ? '✓ ' + t('report.ok') : '✗ ' + t('report.failed')}</span> <code>${c.detail}</code>`;
  const facts = html`<table>
    <tr><th>${t('reports.hospital')}</th><td>${names.hospital(report.hospitalId)}</td></tr>
    <tr><th>${t('report.contract')}</th><td>${names.contract(report.contractId)}</td></tr>
    <tr><th>${t('reports.systems')}</th><td>${report.subjects.map((s) => names.subject(s.subject)).join('、')}</td></tr>
    <tr><th>${t('reports.engineer')}</th><td>${names.engineer(report.engineerId)}</td></tr>
    <tr><th>${t('report.device')}</th><td>${device?.name ?? report.deviceId} <code>${report.deviceId}</code></td></tr>
    <tr><th>${t('reports.completed')}</th><td>${report.completedAt}</td></tr>
    <tr><th>${t('reports.received')}</th><td>${report.receivedAt}</td></tr>
    <tr><th>${t('report.hash')}</th><td><code>${report.hash}</code></td></tr></table>`;
  const verification = html`<h2>${t('report.verification')}</h2><table>
    <tr><th>${t('report.recordHash')}</th><td>${mark(checks.recordHash)}</td></tr>
    <tr><th>${t('report.pdfHash')}</th><td>${mark(checks.pdfHash)}</td></tr>
    <tr><th>${t('report.signature')}</th><td>${mark(checks.signature)}</td></tr>
    <tr><th>${t('report.namesRecord')}</th><td>${mark(checks.namesRecord)}</td></tr>
    <tr><th>${t('report.signer')}</th><td>${mark(checks.signer)}
      ${checks.signer.ok ? html`<br><span class="muted">${checks.signer.selfSigned ? t('report.selfSigned') : t('report.officeCert')}</span>` : ''}
      ${checks.deviceRevokedAt ? html`<br><span class="bad">${t('report.deviceRevoked', { at: checks.deviceRevokedAt })}</span>` : ''}</td></tr></table>`;
  const blobs = report.blobs.length
    ? html`<h2>${t('report.blobs')}</h2><table>${report.blobs.map((b) => html`<tr><td>${b.role}</td><td>${b.mime}</td><td>${b.size}</td><td><code>${b.sha256}</code></td></tr>`)}</table>`
    : '';
  const body = html`<p><a href="/console/reports/${encodeURIComponent(report.id)}/pdf" target="_blank" rel="noopener">${t('report.open')}</a></p>
    ${facts}${verification}${blobs}
    <h2>${t('report.receipt')}</h2><pre><code>${JSON.stringify(report.receipt, null, 2)}</code></pre>`;
  return page(pc, t('report.title', { number: report.reportNumber }), body);
}
