/** The latest audit log entries: who did what to which ids, and what was refused. */
import type { OfficeContext } from '../../context';
import { html } from '../html';
import { page, type PageContext } from '../layout';

const LIMIT = 200;

export async function auditPage(ctx: OfficeContext, pc: PageContext): Promise<string> {
  const { t } = pc;
  const rows = await ctx.store.listAudit({ limit: LIMIT });
  return page(
    pc,
    t('audit.title', { count: LIMIT }),
    html`<table><thead><tr><th>${t('audit.at')}</th><th>${t('audit.actor')}</th><th>${t('audit.action')}</th><th>${t('audit.outcome')}</th>
      <th>${t('audit.target')}</th><th>${t('audit.details')}</th></tr></thead><tbody>
      ${rows.map(
        (r) => html`<tr><td>${r.at}</td><td>${r.actor}</td><td>${r.action}</td><td class="${r.outcome === 'ok' ? 'ok' : 'bad'}">${r.outcome}</td>
          <td><code>${r.target}</code></td><td><code>${JSON.stringify(r.details)}</code></td></tr>`,
      )}</tbody></table>`,
  );
}
