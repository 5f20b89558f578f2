/** Who am I, and the reference data of my hospitals, paged by cursor. */
import type { FastifyInstance } from 'fastify';
import { MeResponse, paths, PullPage, PullQuery } from '../../src-shared/sync/protocol';
import type { OfficeContext } from '../context';
import { errorResponse, jsonSchema } from '../http/json-schema';
import { pullReference } from '../reference-pull';
import { actorOf, bearer } from './device-scope';

export function referenceRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  app.get(paths.me, { schema: { tags: ['device'], security: bearer, response: { 200: jsonSchema(MeResponse, 'output') } } }, async (request) => {
    const { device, engineer } = actorOf(request);
    return { deviceId: device.id, deviceName: device.name, engineer: { id: engineer.id, name: engineer.name }, hospitalIds: engineer.hospitalIds };
  });

  app.get(
    paths.reference,
    {
      schema: {
        tags: ['reference'],
        summary: 'Changes to hospitals, contracts, assets, templates and calendars after the cursor',
        security: bearer,
        querystring: jsonSchema(PullQuery),
        response: { 200: jsonSchema(PullPage, 'output'), 400: errorResponse('bad cursor or limit'), 401: errorResponse('no or bad token') },
      },
    },
    async (request) => pullReference(ctx, actorOf(request).engineer, request.query),
  );
}
