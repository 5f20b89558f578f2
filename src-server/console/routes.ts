/**
 * The office console under /console: login, the dashboard across hospitals and engineers
 * (dashboard-routes.ts), reports by hospital/system/period with their PDF and verification,
 * service records with their clocks (service-routes.ts), bundle import and the audit log; the
 * office's own data (issue 14): engineers, enrollment codes and devices (people-routes.ts), console
 * users (user-routes.ts), hospitals and contracts (reference-routes.ts), hardware units
 * (unit-routes.ts) and their Excel import (unit-import-routes.ts), checklist versions
 * (template-routes.ts). Readers see their hospitals only and change nothing (403).
 * Pages are rendered on the server with everything escaped; the CSP allows no inline script or style.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimit } from '../config';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import type { StoredReport } from '../storage/port';
import { CONSOLE_CSS, IMPORT_JS } from './assets';
import { DASHBOARD_CSS } from './dashboard-css';
import { PEOPLE_CSS } from './people-css';
import { REFERENCE_CSS } from './reference-css';
import { TEMPLATES_CSS } from './templates-css';
import { UNITS_CSS } from './units-css';
import { dashboardConsoleRoutes } from './dashboard-routes';
import { escapeHtml } from './html';
import { pickLang, translator } from './i18n';
import type { PageContext } from './layout';
import { auditPage } from './pages/audit';
import { auditWorkbook } from './audit-export';
import { readAuditQuery } from './audit-view';
import { LISTS_CSS } from './lists-css';
import { reportsWorkbook } from './reports-export';
import { forbiddenPage } from './pages/forbidden';
import { importPage } from './pages/import';
import { loginPage } from './pages/login';
import { reportPage } from './pages/report';
import { readReportsQuery, reportsPage } from './pages/reports';
import { deliverableConsoleRoutes } from './deliverable-routes';
import { serviceConsoleRoutes } from './service-routes';
import { formValues, parseForm, type ConsoleHelpers } from './helpers';
import { peopleConsoleRoutes } from './people-routes';
import { referenceConsoleRoutes } from './reference-routes';
import { templateConsoleRoutes } from './template-routes';
import { unitImportRoutes } from './unit-import-routes';
import { unitConsoleRoutes } from './unit-routes';
import { consoleUserRoutes } from './user-routes';
import { CSRF_HEADER, csrfMatches, logIn, logOut, mayRead, readScope, sessionOf, type ConsoleSession, type ConsoleSessionOptions } from './session';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The console's forms (login, filters) are small; the office's error handler names this limit in a 413. */
export const FORM_BODY_BYTES = 64 * 1024;

export function consoleRoutes(app: FastifyInstance, ctx: OfficeContext, options: ConsoleSessionOptions & { loginRateLimit: RateLimit }): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_BYTES }, (_request, body, done) =>
    done(null, parseForm(body as string)),
  );
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
  });

  const pageContext = (request: FastifyRequest, reply: FastifyReply, session?: ConsoleSession): PageContext => {
    const lang = pickLang(request, reply);
    return { lang, t: translator(lang), ...(session ? { session } : {}) };
  };
  const sendHtml = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(body);

  /** The page's session, or a redirect to the login page (the caller returns when undefined). */
  const requireSession = async (request: FastifyRequest, reply: FastifyReply): Promise<ConsoleSession | undefined> => {
    const session = await sessionOf(ctx, request);
    if (!session) await reply.redirect('/console/login', 303);
    return session;
  };
  const formOf = (request: FastifyRequest): Record<string, string> => (request.body ?? {}) as Record<string, string>;
  const formList = (request: FastifyRequest, name: string): string[] => formValues(request.body, name);
  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply, options: { csrf?: boolean } = {}): Promise<ConsoleSession | undefined> => {
    const session = await requireSession(request, reply);
    if (!session) return undefined;
    const pc = pageContext(request, reply, session);
    if (session.role !== 'admin') {
      await ctx.store.audit({ actor: `admin:${session.username}`, action: 'console.forbidden', outcome: 'refused', target: request.url.slice(0, 200), details: { method: request.method, role: session.role }, ip: request.ip });
      await sendHtml(reply, forbiddenPage(pc), 403);
      return undefined;
    }
    if (options.csrf !== false && request.method !== 'GET') {
      const sent = formOf(request).csrf ?? request.headers[CSRF_HEADER];
      if (!csrfMatches(session, sent)) {
        // A stale tab, or a page on another site posting with the administrator's cookie: either way on record.
        await ctx.store.audit({ actor: `admin:${session.username}`, action: 'console.csrf', outcome: 'refused', target: request.url.slice(0, 200), details: { method: request.method }, ip: request.ip });
        await sendHtml(reply, `<!doctype html><p>${escapeHtml(pc.t('error.csrf'))}</p>`, 403);
        return undefined;
      }
    }
    return session;
  };
  const helpers: ConsoleHelpers = { requireSession, requireAdmin, pageContext, sendHtml, formOf, formList };
  const hide = { schema: { hide: true } };

  const css = CONSOLE_CSS + DASHBOARD_CSS + PEOPLE_CSS + REFERENCE_CSS + TEMPLATES_CSS + UNITS_CSS + LISTS_CSS;
  app.get('/console/static/console.css', hide, async (_request, reply) => reply.type('text/css; charset=utf-8').send(css));
  app.get('/console/static/import.js', hide, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(IMPORT_JS));

  // Too many logins from one address: the login page says so in the user's language (other errors go on to the office's handler).
  app.setErrorHandler(async (error: FastifyError | ApiError, request, reply) => {
    const status = error instanceof ApiError ? error.status : error.statusCode;
    if (status !== 429 || !request.url.startsWith('/console/login')) throw error;
    const pc = pageContext(request, reply);
    // The limiter's message names the wait ("… try again in 42 s"); say it in the user's language.
    const seconds = /(\d+) s\b/.exec(error.message)?.[1];
    return sendHtml(reply, loginPage(pc, seconds ? pc.t('login.limitedFor', { seconds }) : pc.t('login.limited')), 429);
  });
  app.get('/console/login', hide, async (request, reply) => sendHtml(reply, loginPage(pageContext(request, reply))));
  app.post(
    '/console/login',
    { ...hide, config: { rateLimit: { max: options.loginRateLimit.max, timeWindow: options.loginRateLimit.windowMs } } },
    async (request, reply) => {
      const form = formOf(request);
      const ok = await logIn(ctx, reply, { username: String(form.username ?? ''), password: String(form.password ?? ''), ip: request.ip }, options);
      if (ok) return reply.redirect('/console', 303);
      const pc = pageContext(request, reply);
      return sendHtml(reply, loginPage(pc, pc.t('login.failed')), 401);
    },
  );
  app.post('/console/logout', hide, async (request, reply) => {
    const session = await sessionOf(ctx, request);
    if (session && csrfMatches(session, formOf(request).csrf)) await logOut(ctx, request, reply);
    return reply.redirect('/console/login', 303);
  });

  // A typed or bookmarked /console/ is the console too, not the API's JSON 404; the query goes along.
  app.get('/console/', hide, async (request, reply) => {
    const query = request.url.indexOf('?');
    return reply.redirect(`/console${query < 0 ? '' : request.url.slice(query)}`, 301);
  });

  app.get('/console', hide, async (request, reply) => {
    const session = await requireSession(request, reply);
    if (!session) return reply;
    const q = readReportsQuery(request.query as Record<string, unknown>);
    return sendHtml(reply, await reportsPage(ctx, pageContext(request, reply, session), q, readScope(session)));
  });

  app.get('/console/reports.xlsx', hide, async (request, reply) => {
    const session = await requireSession(request, reply);
    if (!session) return reply;
    const { lang } = pageContext(request, reply, session);
    const book = await reportsWorkbook(ctx, readReportsQuery(request.query as Record<string, unknown>), lang, readScope(session));
    await ctx.store.audit({ actor: `admin:${session.username}`, action: 'reports.export', outcome: 'ok', target: book.filename, details: { reports: book.count, query: request.query }, ip: request.ip });
    // The file name is built from slugs and dates only, so it can go into the header as it is.
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${book.filename}"`).send(Buffer.from(book.bytes));
  });

  /** The report if the user may read its hospital: another hospital's is "not found", so its existence does not show. */
  const readableReport = async (request: FastifyRequest, session: ConsoleSession): Promise<StoredReport | undefined> => {
    const report = await ctx.store.getReport((request.params as { id: string }).id);
    return report && mayRead(session, report.hospitalId) ? report : undefined;
  };

  app.get('/console/reports/:id', hide, async (request, reply) => {
    const session = await requireSession(request, reply);
    if (!session) return reply;
    const pc = pageContext(request, reply, session);
    const report = await readableReport(request, session);
    if (!report) return sendHtml(reply, `<!doctype html><p>${escapeHtml(pc.t('report.notFound'))}</p>`, 404);
    return sendHtml(reply, await reportPage(ctx, pc, report));
  });

  app.get('/console/reports/:id/pdf', hide, async (request, reply) => {
    const session = await requireSession(request, reply);
    if (!session) return reply;
    const report = await readableReport(request, session);
    if (!report) return reply.code(404).send({ error: { code: 'not_found', message: 'no such report' } });
    // The report number is a safe alphabet (ReportNumber), so it can go into the header as it is.
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${report.reportNumber}.pdf"`)
      .send(ctx.blobs.stream(report.pdf.sha256));
  });

  serviceConsoleRoutes(app, ctx, helpers);
  dashboardConsoleRoutes(app, ctx, helpers);
  deliverableConsoleRoutes(app, ctx, helpers);
  peopleConsoleRoutes(app, ctx, helpers);
  consoleUserRoutes(app, ctx, helpers);
  referenceConsoleRoutes(app, ctx, helpers);
  unitConsoleRoutes(app, ctx, helpers);
  unitImportRoutes(app, ctx, helpers);
  templateConsoleRoutes(app, ctx, helpers);

  app.get('/console/import', hide, async (request, reply) => {
    const session = await requireAdmin(request, reply);
    if (!session) return reply;
    return sendHtml(reply, importPage(pageContext(request, reply, session)));
  });
  app.get('/console/audit', hide, async (request, reply) => {
    const session = await requireAdmin(request, reply);
    if (!session) return reply;
    return sendHtml(reply, await auditPage(ctx, pageContext(request, reply, session), readAuditQuery(request.query as Record<string, unknown>)));
  });
  app.get('/console/audit.xlsx', hide, async (request, reply) => {
    const session = await requireAdmin(request, reply);
    if (!session) return reply;
    const { lang } = pageContext(request, reply, session);
    const book = await auditWorkbook(ctx, readAuditQuery(request.query as Record<string, unknown>), lang);
    await ctx.store.audit({ actor: `admin:${session.username}`, action: 'audit.export', outcome: 'ok', target: book.filename, details: { entries: book.count, query: request.query }, ip: request.ip });
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${book.filename}"`).send(Buffer.from(book.bytes));
  });
}
