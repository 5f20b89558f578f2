/** Who am I, and the reference data of my hospitals, paged by cursor. */
import type { FastifyInstance } from 'fastify';
import { paths, PullQuery } from '../../src-shared/sync/protocol';
import type { OfficeContext } from '../context';
import { inlineSchema } from '../openapi/components';
import { DEVICE_ERRORS, errors, ok } from '../openapi/responses';
import { pullReference } from '../reference-pull';
import { actorOf, bearer } from './device-scope';

export function referenceRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  const me = { tags: ['device'], summary: 'This device, its engineer and hospitals', security: bearer, response: { 200: ok('MeResponse', 'this device'), ...errors(DEVICE_ERRORS) } };
  app.get(paths.me, { schema: me }, async (request) => {
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
        querystring: inlineSchema(PullQuery),
        response: {
          200: ok('PullPage', 'one page of changes'),
          ...errors(DEVICE_ERRORS, { 400: { invalid_request: 'a cursor this office never issued (pull without one), or a limit outside 1–500' } }),
        },
      },
    },
    async (request) => pullReference(ctx, actorOf(request).engineer, request.query),
  );
}
