/** Pushing signed reports and fault records, and fetching a report's receipt again. */
import type { FastifyInstance } from 'fastify';
import { FaultPush, ReportEnvelope } from '../../src-shared/sync/envelope';
import { FaultAccepted, ReportAccepted, API_PREFIX } from '../../src-shared/sync/protocol';
import { Receipt } from '../../src-shared/sync/receipt';
import { mayRead, refuse } from '../accept/actor';
import { acceptFault } from '../accept/fault';
import { acceptReport } from '../accept/report';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import { errorResponse, jsonSchema } from '../http/json-schema';
import { actorOf, bearer } from './device-scope';

const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
const idOf = (params: unknown): string => String((params as { id?: unknown }).id ?? '');

/**
 * The report push reads its body as bytes: a record can be megabytes, and parsing and hashing it
 * belongs on the check thread (ctx.checks), not in a content-type parser on the event loop.
 */
function reportPushRoute(app: FastifyInstance, ctx: OfficeContext): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.put(
    `${API_PREFIX}/reports/:id`,
    {
      bodyLimit: ctx.limits.reportBodyBytes,
      schema: {
        tags: ['reports'],
        summary: 'Push a signed report (idempotent by id and hash)',
        security: bearer,
        params: idParam,
        body: jsonSchema(ReportEnvelope),
        response: {
          200: { ...jsonSchema(ReportAccepted, 'output'), description: 'already stored with this hash: its current receipt (a new one when this push added paper-sheet scans)' },
          201: { ...jsonSchema(ReportAccepted, 'output'), description: 'stored now' },
          400: errorResponse('malformed envelope'),
          401: errorResponse('no, unknown or revoked device token'),
          403: errorResponse('hospital not assigned to this engineer'),
          409: errorResponse('report_conflict: this id was stored with another hash; id_taken: the id belongs to a report this engineer may not read (no details)'),
          413: errorResponse('envelope larger than the limit'),
          422: errorResponse('hash_mismatch, record_mismatch, blob_missing (details.missing), blob_size_mismatch, signature_invalid'),
        },
      },
    },
    async (request, reply) => {
      const id = idOf(request.params);
      const checked = await ctx.checks.envelope(request.body as Buffer);
      if (checked.envelope.id !== id) throw new ApiError(400, 'invalid_request', `the path names report ${id}; the body does not`);
      const result = await acceptReport(ctx, actorOf(request), checked);
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );
}

export function recordRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  void app.register(async (scope) => reportPushRoute(scope, ctx));

  app.get(
    `${API_PREFIX}/reports/:id/receipt`,
    {
      schema: {
        tags: ['reports'],
        summary: 'The receipt of a stored report (after a crash lost the push response)',
        security: bearer,
        params: idParam,
        response: { 200: jsonSchema(Receipt, 'output'), 404: errorResponse('not stored') },
      },
    },
    async (request) => {
      const id = idOf(request.params);
      const who = actorOf(request);
      const report = await ctx.store.getReport(id);
      if (!report) throw new ApiError(404, 'not_found', `no report ${id}`);
      // A report the engineer may not read is answered as if absent: not even its hospital is told.
      if (!mayRead(who, report.hospitalId)) {
        return refuse(ctx, who, 'report.receipt', id, { status: 404, code: 'not_found', message: `no report ${id}`, auditOnly: { storedHospitalId: report.hospitalId } });
      }
      return report.receipt;
    },
  );

  app.put(
    `${API_PREFIX}/faults/:id`,
    {
      schema: {
        tags: ['faults'],
        summary: 'Push a fault record version (optimistic concurrency: version = current + 1)',
        security: bearer,
        params: idParam,
        body: jsonSchema(FaultPush),
        response: {
          200: { ...jsonSchema(FaultAccepted, 'output'), description: 'this version with this content was already stored' },
          201: { ...jsonSchema(FaultAccepted, 'output'), description: 'stored now' },
          403: errorResponse('hospital not assigned to this engineer'),
          409: errorResponse('fault_conflict: stale or skipped version; details.current is what the office has; id_taken: the id belongs to a fault this engineer may not read (no details)'),
          422: errorResponse('blob_missing'),
        },
      },
    },
    async (request, reply) => {
      const result = await acceptFault(ctx, actorOf(request), request.body, idOf(request.params));
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );
}
