/**
 * Bundle upload, for the console (an admin imports a file an engineer brought in). Authenticated
 * by the admin's session and CSRF token; the bundle itself proves which device made it.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { BundleImportResult, paths } from '../../src-shared/sync/protocol';
import { importBundleFile } from '../bundle/import-bundle';
import { CSRF_HEADER, csrfMatches, sessionOf } from '../console/session';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import { errorResponse, jsonSchema } from '../http/json-schema';
import { acceptOctetStream, bodyStream } from '../http/raw-body';

export async function bundleRoutes(app: FastifyInstance, ctx: OfficeContext, dataDir: string): Promise<void> {
  const dir = path.join(dataDir, 'incoming');
  // Uploads cut short by a crash; each import removes its own file when it ends.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  acceptOctetStream(app);
  app.post(
    paths.bundles,
    {
      schema: {
        tags: ['bundles'],
        summary: 'Import an offline bundle file (console session + CSRF header)',
        consumes: ['application/octet-stream'],
        response: {
          200: jsonSchema(BundleImportResult, 'output'),
          401: errorResponse('no console session'),
          403: errorResponse('missing or wrong CSRF token'),
          413: errorResponse('larger than the bundle limit'),
          422: errorResponse('bundle_invalid or signature_invalid'),
        },
      },
    },
    async (request) => {
      const session = await sessionOf(ctx, request);
      if (!session) throw new ApiError(401, 'unauthorized', 'log in to the console first');
      if (!csrfMatches(session, request.headers[CSRF_HEADER])) throw new ApiError(403, 'forbidden', `send the session's CSRF token in ${CSRF_HEADER}`);
      const body = bodyStream(request, ctx.limits.bundleBytes);
      const file = path.join(dir, `${randomUUID()}.xjbundle`);
      let size = 0;
      const limit = ctx.limits.bundleBytes;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          done(size > limit ? new ApiError(413, 'payload_too_large', `the bundle is larger than ${limit} bytes`, { limit }) : null, chunk);
        },
      });
      try {
        await pipeline(body, meter, createWriteStream(file));
        return await importBundleFile(ctx, file, `admin:${session.username}`, request.ip);
      } finally {
        await rm(file, { force: true });
      }
    },
  );
}
