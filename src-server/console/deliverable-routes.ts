/**
 * The console's deliverables register: the page, its .xlsx export and the files entries name
 * (issue 12). A reader sees their hospitals' contracts only; another hospital's file is "not found".
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { deliverableFiles } from '../../src-shared/sync/deliverables';
import type { OfficeContext } from '../context';
import { deliverablesWorkbook } from './deliverables-export';
import { deliverablesPage, readDeliverableQuery, type DeliverableQuery } from './pages/deliverables';
import type { ConsoleHelpers } from './helpers';
import { mayRead, readScope, type ConsoleSession } from './session';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  [XLSX]: 'xlsx',
};

export function deliverableConsoleRoutes(app: FastifyInstance, ctx: OfficeContext, h: ConsoleHelpers): void {
  const hide = { schema: { hide: true } };
  const param = (request: FastifyRequest, name: string): string => String((request.params as Record<string, unknown>)[name] ?? '');
  const queryOf = (request: FastifyRequest, session: ConsoleSession): DeliverableQuery => {
    const scope = readScope(session);
    return { ...readDeliverableQuery(request.query as Record<string, unknown>), ...(scope ? { scope } : {}) };
  };

  app.get('/console/deliverables', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    return h.sendHtml(reply, await deliverablesPage(ctx, h.pageContext(request, reply, session), queryOf(request, session)));
  });

  app.get('/console/deliverables.xlsx', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const { lang } = h.pageContext(request, reply, session);
    const book = await deliverablesWorkbook(ctx, queryOf(request, session), lang);
    await ctx.store.audit({ actor: `admin:${session.username}`, action: 'deliverable.export', outcome: 'ok', target: book.filename, details: { lines: book.count, query: request.query }, ip: request.ip });
    // Built from slugs only, so it goes into the header as it is.
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${book.filename}"`).send(Buffer.from(book.bytes));
  });

  app.get('/console/deliverables/:id/files/:sha256', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const sha256 = param(request, 'sha256');
    const found = await ctx.store.getDeliverable(param(request, 'id'));
    const stored = found && mayRead(session, found.hospitalId) ? found : undefined;
    // Only a file the entry names (any revision): the console does not serve the blob store by hash.
    const file = stored && deliverableFiles(stored.entry).find((f) => f.sha256 === sha256);
    if (!file || !(await ctx.blobs.stat(sha256))) return reply.code(404).send({ error: { code: 'not_found', message: 'no such file in this entry' } });
    const named = [stored.entry.current, ...stored.entry.history].map((r) => r.value).find((v) => v.state === 'attached' && v.sha256 === sha256);
    const fallback = `${stored.deliverableId}_${stored.windowStart}.${EXTENSIONS[file.mime] ?? 'bin'}`;
    const name = named?.state === 'attached' ? named.name : fallback;
    // RFC 6266: an ASCII fallback and the real (Chinese) name percent-encoded.
    const disposition = `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
    return reply.type(file.mime).header('content-disposition', disposition).send(ctx.blobs.stream(sha256));
  });
}
