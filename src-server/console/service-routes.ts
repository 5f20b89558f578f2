/**
 * The console's service-record pages: the list across engineers, one record, its files (photos,
 * documents' PDFs, scans: only those the record names), and the filtered list as .xlsx. A reader
 * sees their hospitals' records only; another hospital's record or file is "not found".
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FaultPush, faultBlobs } from '../../src-shared/sync/envelope';
import type { OfficeContext } from '../context';
import { faultHistory } from '../service/read';
import { escapeHtml } from './html';
import { serviceRecordPage } from './pages/service-record';
import { readServiceQuery, serviceRecordsPage } from './pages/service-records';
import { serviceWorkbook } from './service-export';
import type { ConsoleHelpers } from './helpers';
import { mayRead, readScope } from './session';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function serviceConsoleRoutes(app: FastifyInstance, ctx: OfficeContext, h: ConsoleHelpers): void {
  const hide = { schema: { hide: true } };
  const idOf = (request: FastifyRequest): string => String((request.params as { id?: unknown }).id ?? '');

  app.get('/console/service-records', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    return h.sendHtml(reply, await serviceRecordsPage(ctx, h.pageContext(request, reply, session), readServiceQuery(request.query as Record<string, unknown>), readScope(session)));
  });

  app.get('/console/service-records.xlsx', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const { lang } = h.pageContext(request, reply, session);
    const book = await serviceWorkbook(ctx, readServiceQuery(request.query as Record<string, unknown>), lang, readScope(session));
    await ctx.store.audit({ actor: `admin:${session.username}`, action: 'service.export', outcome: 'ok', target: book.filename, details: { records: book.count, query: request.query }, ip: request.ip });
    // The file name is built from slugs and dates only, so it can go into the header as it is.
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${book.filename}"`).send(Buffer.from(book.bytes));
  });

  app.get('/console/service-records/:id', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const pc = h.pageContext(request, reply, session);
    const id = idOf(request);
    const found = await ctx.store.getServiceRecord(id);
    const row = found && mayRead(session, found.hospitalId) ? found : undefined;
    const history = row && (await faultHistory(ctx, id));
    if (!row || !history) return h.sendHtml(reply, `<!doctype html><p>${escapeHtml(pc.t('svc.notFound'))}</p>`, 404);
    return h.sendHtml(reply, await serviceRecordPage(ctx, pc, row, history));
  });

  app.get('/console/service-records/:id/files/:sha256', hide, async (request, reply) => {
    const session = await h.requireSession(request, reply);
    if (!session) return reply;
    const sha256 = String((request.params as { sha256?: unknown }).sha256 ?? '');
    const stored = await ctx.store.getCurrentFault(idOf(request));
    const record = stored && mayRead(session, stored.hospitalId) ? FaultPush.safeParse(stored.body).data : undefined;
    // Only a file the record names: the console does not serve the blob store by hash.
    const file = record && faultBlobs(record).find((b) => b.sha256 === sha256);
    if (!file || !(await ctx.blobs.stat(sha256))) return reply.code(404).send({ error: { code: 'not_found', message: 'no such file in this record' } });
    const ext = file.mime === 'application/pdf' ? 'pdf' : file.mime.split('/')[1];
    return reply.type(file.mime).header('content-disposition', `inline; filename="${sha256.slice(0, 12)}.${ext}"`).send(ctx.blobs.stream(sha256));
  });
}
