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
 * The body as a stream the route may abandon (a limit crossed, a write failed). Whatever the
 * route does, the request itself is read to its end: bytes left unread on a keep-alive
 * connection would be taken for the next request, which then never gets an answer. Once the
 * route lets go, the rest is read and dropped, as Fastify does with a JSON body over its limit.
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
  pass.once('close', () => {
    if (request.raw.complete || request.raw.destroyed) return;
    body.unpipe(pass);
    body.resume();
  });
  body.pipe(pass);
  return pass;
}
