/** Reading service records back: the engineer's hospitals' records with their SLA state, and one record's versions. */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../src-shared/sync/protocol';
import { FaultListQuery, type FaultDetail, type FaultList } from '../../src-shared/sync/service-records';
import { mayRead, refuse } from '../accept/actor';
import { parseOrThrow } from '../accept/zod-error';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import { inlineSchema } from '../openapi/components';
import { DEVICE_ERRORS, errors, ok, PATH_ERRORS } from '../openapi/responses';
import { faultHistory, listFaults, summarize } from '../service/read';
import { actorOf, bearer } from './device-scope';

export function serviceRecordRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  app.get(
    paths.faults,
    {
      schema: {
        tags: ['faults'],
        summary: 'Service records of the engineer\'s hospitals with their SLA state now, newest report first',
        security: bearer,
        querystring: inlineSchema(FaultListQuery),
        response: {
          200: ok('FaultList', 'one page of records'),
          ...errors(DEVICE_ERRORS, { 400: { invalid_request: 'a filter outside its form (`issues`)' } }),
        },
      },
    },
    async (request): Promise<FaultList> => {
      const q = parseOrThrow(FaultListQuery, request.query, 'the list query');
      const { engineer } = actorOf(request);
      const found = await listFaults(ctx, {
        // Another hospital's records are simply not there: the filter narrows within the engineer's own.
        scope: engineer.hospitalIds,
        hospitalId: q.hospital,
        status: q.state,
        breached: q.breached === 'true',
        levelId: q.level,
        from: q.from,
        to: q.to,
        engineerId: q.engineer,
        limit: q.limit,
        offset: q.offset,
      });
      return { total: found.total, now: found.now.toISOString(), records: found.records };
    },
  );

  app.get(
    `${paths.faults}/:id`,
    {
      schema: {
        tags: ['faults'],
        summary: 'One service record: its current version, SLA state and the history of its versions',
        security: bearer,
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: {
          200: ok('FaultDetail', 'the record'),
          ...errors(DEVICE_ERRORS, PATH_ERRORS, { 404: { not_found: 'no record with this id, or one of a hospital not the engineer\'s (answered as if absent)' } }),
        },
      },
    },
    async (request): Promise<FaultDetail> => {
      const id = String((request.params as { id?: unknown }).id ?? '');
      const who = actorOf(request);
      const row = await ctx.store.getServiceRecord(id);
      const history = row && (await faultHistory(ctx, id));
      if (!row || !history) throw new ApiError(404, 'not_found', `no service record ${id}`);
      if (!mayRead(who, row.hospitalId)) {
        return refuse(ctx, who, 'fault.read', id, { status: 404, code: 'not_found', message: `no service record ${id}`, auditOnly: { storedHospitalId: row.hospitalId } });
      }
      const now = ctx.now();
      return { now: now.toISOString(), summary: summarize(row, now), record: history.record, versions: history.versions.map(({ stored: _stored, ...v }) => v) };
    },
  );
}
