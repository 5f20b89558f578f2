/**
 * Bundle upload, for the console (an admin imports a file an engineer brought in). Authenticated
 * by the admin's session and CSRF token; the bundle itself proves which device made it. A
 * read-only console user is refused (403, audited) before anything is read.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { paths } from '../../src-shared/sync/protocol';
import { importBundleFile } from '../bundle/import-bundle';
import { CSRF_HEADER, csrfMatches, sessionOf } from '../console/session';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import { acceptOctetStream, bodyStream } from '../http/raw-body';
import { BODY_ERRORS, errors, ok } from '../openapi/responses';

export async function bundleRoutes(app: FastifyInstance, ctx: OfficeContext, dataDir: string): Promise<void> {
  const dir = path.join(dataDir, 'incoming');
  // Uploads cut short by a crash; each import removes its own file when it ends.
  await rm(dir, { recursive: true, force: true });
  // A bundle holds reports, photos and signatures: closed to other users, as blobs are.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  acceptOctetStream(app);
  app.post(
    paths.bundles,
    {
      schema: {
        tags: ['bundles'],
        summary: 'Import an offline bundle file (console session + CSRF header)',
        consumes: ['application/octet-stream'],
        body: { description: 'the bundle file (docs/sync-protocol.md §7)', type: 'string', contentMediaType: 'application/octet-stream' },
        response: {
          200: ok('BundleImportResult', 'imported: each item accepted, duplicate or refused'),
          ...errors(BODY_ERRORS, {
            400: { invalid_request: 'the upload was cut off' },
            401: { unauthorized: 'no console session' },
            403: { forbidden: 'missing or wrong CSRF token, or a read-only console user' },
            413: { payload_too_large: 'larger than the bundle limit (4 GB by default)' },
            415: { invalid_request: 'not sent as application/octet-stream' },
            422: { bundle_invalid: 'not a bundle, truncated, or of an unknown device', signature_invalid: 'the manifest signature or its certificate is not the device\'s' },
          }),
        },
      },
    },
    async (request) => {
      const session = await sessionOf(ctx, request);
      if (!session) throw new ApiError(401, 'unauthorized', 'log in to the console first');
      if (session.role !== 'admin') {
        await ctx.store.audit({ actor: `admin:${session.username}`, action: 'console.forbidden', outcome: 'refused', target: request.url.slice(0, 200), details: { method: request.method, role: session.role }, ip: request.ip });
        throw new ApiError(403, 'forbidden', 'a read-only console user cannot import bundles');
      }
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
        await pipeline(body, meter, createWriteStream(file, { mode: 0o600 }));
        return await importBundleFile(ctx, file, `admin:${session.username}`, request.ip);
      } finally {
        await rm(file, { force: true });
      }
    },
  );
}
