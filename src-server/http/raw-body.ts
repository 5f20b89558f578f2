/**
 * Binary uploads (blobs, bundles) arrive as application/octet-stream and are streamed, never
 * buffered: this parser hands the request stream to the route, which enforces its own limit.
 */
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors';

export function acceptOctetStream(app: FastifyInstance): void {
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
}

/**
 * The body as a stream the route may abandon: on failure only the PassThrough is destroyed, the
 * request is left for Node to drain, so the client still reads the error response.
 */
export function bodyStream(request: FastifyRequest, limit: number): Readable {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > limit) throw new ApiError(413, 'payload_too_large', `the body is ${declared} bytes; the limit is ${limit}`, { limit });
  const body = request.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function') throw new ApiError(415, 'invalid_request', 'send the bytes as application/octet-stream');
  const pass = new PassThrough();
  // pipe() does not pass on a cut connection: without this the upload would wait for ever,
  // holding its temp file open.
  body.once('error', (error) => pass.destroy(error));
  request.raw.once('close', () => {
    if (!request.raw.complete) pass.destroy(new ApiError(400, 'invalid_request', 'the upload was cut off'));
  });
  body.pipe(pass);
  return pass;
}
