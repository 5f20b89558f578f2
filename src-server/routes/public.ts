/** Routes anyone may call: who the office is, its OpenAPI document, and enrollment (rate limited). */
import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { EnrollRequest, EnrollResponse, OfficeInfo, paths } from '../../src-shared/sync/protocol';
import type { RateLimits } from '../config';
import type { OfficeContext } from '../context';
import { enrollDevice } from '../enroll';
import { errorResponse, jsonSchema } from '../http/json-schema';
import { officeInfo } from '../office-info';

export function publicRoutes(app: FastifyInstance, ctx: OfficeContext, rateLimits: RateLimits): void {
  app.get(paths.office, { schema: { tags: ['office'], summary: 'Office id, name, CA certificate and receipt key', response: { 200: jsonSchema(OfficeInfo, 'output') } } }, async () =>
    officeInfo(ctx),
  );

  app.get(paths.openapi, { schema: { hide: true } }, async () => app.swagger());

  app.post(
    paths.enroll,
    {
      config: { rateLimit: { max: rateLimits.enroll.max, timeWindow: rateLimits.enroll.windowMs } },
      schema: {
        tags: ['enrollment'],
        summary: 'Spend a one-time code with a certification request signed by the key: get a device token and a certificate from the office CA',
        body: jsonSchema(EnrollRequest),
        response: {
          201: jsonSchema(EnrollResponse, 'output'),
          400: errorResponse('malformed request, or a key that is not RSA ≥ 2048 bits'),
          403: errorResponse('code unknown, used or expired'),
          409: errorResponse('public_key_in_use: another device that is not revoked holds this key (the code is not spent)'),
          422: errorResponse('key_proof_invalid: no certification request, or one not signed by its key or not made for this code'),
          429: errorResponse('too many attempts'),
        },
      },
    },
    async (request, reply) => {
      const result = await enrollDevice(ctx, request.body, request.ip);
      return reply.code(201).send(result);
    },
  );
}
