/**
 * The console's dashboard (issue 12 point 5) and its tables as .xlsx; read-only, behind the console
 * login. A reader's dashboard counts the contracts of their hospitals only.
 */
import type { FastifyInstance } from 'fastify';
import type { OfficeContext } from '../context';
import { dashboardWorkbook } from './dashboard-export';
import { dashboardPage, readDashboardQuery } from './pages/dashboard';
import type { ConsoleHelpers } from './helpers';
import { readScope, type ConsoleSession } from './session';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function dashboardConsoleRoutes(app: FastifyInstance, ctx: OfficeContext, h: ConsoleHelpers): void {
  const hide = { schema: { hide: true } };
  const scoped = (session: ConsoleSession): { scope?: string[] } => {
    const scope = readScope(session);
    return scope ? { scope } : {};
  };

  app.get('/console/dashboard', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const q = { ...readDashboardQuery(request.query as Record<string, unknown>), ...scoped(session) };
    return h.sendHtml(reply, await dashboardPage(ctx, h.pageContext(request, reply, session), q));
  });

  app.get('/console/dashboard.xlsx', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const { lang } = h.pageContext(request, reply, session);
    const book = await dashboardWorkbook(ctx, { ...readDashboardQuery(request.query as Record<string, unknown>), ...scoped(session) }, lang);
    await ctx.store.audit({ actor: `admin:${session.username}`, action: 'dashboard.export', outcome: 'ok', target: book.filename, details: { query: request.query }, ip: request.ip });
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${book.filename}"`).send(Buffer.from(book.bytes));
  });
}
