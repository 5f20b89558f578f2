/** Routes anyone may call: who the office is, its OpenAPI document, and enrollment (rate limited). */
import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { paths } from '../../src-shared/sync/protocol';
import type { RateLimits } from '../config';
import type { OfficeContext } from '../context';
import { enrollDevice } from '../enroll';
import { officeInfo } from '../office-info';
import { ref } from '../openapi/components';
import { BODY_ERRORS, errors, ok } from '../openapi/responses';

export function publicRoutes(app: FastifyInstance, ctx: OfficeContext, rateLimits: RateLimits): void {
  app.get(
    paths.office,
    { schema: { tags: ['office'], summary: 'Office id, name, CA certificate and receipt key', response: { 200: ok('OfficeInfo', 'who the office is'), ...errors() } } },
    async () => officeInfo(ctx),
  );

  app.get(
    paths.openapi,
    { schema: { tags: ['office'], summary: 'This document (OpenAPI 3.1)', response: { 200: { description: 'the OpenAPI document', type: 'object' }, ...errors() } } },
    async () => app.swagger(),
  );

  app.post(
    paths.enroll,
    {
      config: { rateLimit: { max: rateLimits.enroll.max, timeWindow: rateLimits.enroll.windowMs } },
      schema: {
        tags: ['enrollment'],
        summary: 'Spend a one-time code with a certification request signed by the key: get a device token and a certificate from the office CA',
        body: ref('EnrollRequest'),
        response: {
          201: ok('EnrollResponse', 'enrolled: the device token (shown once), its certificate and the office to pin'),
          ...errors(BODY_ERRORS, {
            400: { public_key_invalid: 'the request\'s key is not an RSA key of at least 2048 bits' },
            403: { enrollment_code_invalid: 'the code is unknown, used or expired' },
            409: { public_key_in_use: 'another device that is not revoked holds this key (`deviceId` attached; the code is not spent)' },
            422: { key_proof_invalid: 'no PKCS#10 request, one not signed by its key with SHA-2, or one whose challengePassword is not this code\'s challenge' },
            429: { rate_limited: 'too many enrollment attempts from this address; retry later' },
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await enrollDevice(ctx, request.body, request.ip);
      return reply.code(201).send(result);
    },
  );
}
