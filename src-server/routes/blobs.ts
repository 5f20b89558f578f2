/** Blobs by SHA-256: exists (HEAD/GET), which of these are missing, and upload (PUT, streamed). */
import type { FastifyInstance } from 'fastify';
import { MissingBlobsRequest, paths, API_PREFIX } from '../../src-shared/sync/protocol';
import { Sha256Hex } from '../../src-shared/report/model';
import { storeBlob } from '../accept/blobs';
import { parseOrThrow } from '../accept/zod-error';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import { acceptOctetStream, bodyStream } from '../http/raw-body';
import { ref } from '../openapi/components';
import { BODY_ERRORS, DEVICE_ERRORS, errors, ok, PATH_ERRORS, type ErrorSpec } from '../openapi/responses';
import { actorOf, bearer } from './device-scope';

const shaParam = { type: 'object', properties: { sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } }, required: ['sha256'] };

const badPath: ErrorSpec = { 400: { invalid_request: 'the path does not end in a lower-case hex SHA-256' } };

function shaOf(params: unknown): string {
  const sha = (params as { sha256?: unknown }).sha256;
  const parsed = Sha256Hex.safeParse(sha);
  if (!parsed.success) throw new ApiError(400, 'invalid_request', 'the path must end in a lower-case hex SHA-256');
  return parsed.data;
}

export function blobRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  acceptOctetStream(app);

  // GET answers with the size; Fastify derives HEAD from it (200 or 404, no body): the cheap "do you have it?".
  app.get(
    `${API_PREFIX}/blobs/:sha256`,
    {
      schema: {
        tags: ['blobs'],
        summary: 'Whether the office has this blob, and its size (HEAD: the status alone)',
        security: bearer,
        params: shaParam,
        response: { 200: ok('BlobInfo', 'stored'), ...errors(DEVICE_ERRORS, PATH_ERRORS, badPath, { 404: { not_found: 'not stored' } }) },
      },
    },
    async (request) => {
      const sha256 = shaOf(request.params);
      const stat = await ctx.blobs.stat(sha256);
      if (!stat) throw new ApiError(404, 'not_found', `no blob ${sha256}`);
      return { sha256, size: stat.size };
    },
  );

  app.post(
    paths.blobsMissing,
    {
      schema: {
        tags: ['blobs'],
        summary: 'Which of these blobs the office does not have yet',
        security: bearer,
        body: ref('MissingBlobsRequest'),
        response: { 200: ok('MissingBlobsResponse', 'the SHA-256s of those not stored, each once'), ...errors(DEVICE_ERRORS, BODY_ERRORS) },
      },
    },
    async (request) => {
      const { sha256 } = parseOrThrow(MissingBlobsRequest, request.body, 'the blob list');
      const missing: string[] = [];
      for (const sha of new Set(sha256)) if (!(await ctx.blobs.stat(sha))) missing.push(sha);
      return { missing };
    },
  );

  app.put(
    `${API_PREFIX}/blobs/:sha256`,
    {
      schema: {
        tags: ['blobs'],
        summary: 'Upload a blob; stored only if its bytes hash to the SHA-256 in the path',
        security: bearer,
        params: shaParam,
        consumes: ['application/octet-stream'],
        body: { description: 'the blob\'s bytes', type: 'string', contentMediaType: 'application/octet-stream' },
        response: {
          200: ok('BlobPutResponse', 'already stored (created: false)'),
          201: ok('BlobPutResponse', 'stored now (created: true)'),
          ...errors(DEVICE_ERRORS, BODY_ERRORS, PATH_ERRORS, badPath, {
            400: { invalid_request: 'the upload was cut off' },
            413: { payload_too_large: 'larger than the blob limit (64 MB by default)' },
            415: { invalid_request: 'not sent as application/octet-stream' },
            422: { blob_hash_mismatch: 'the bytes hash to `actual`, not to the SHA-256 in the path; nothing stored' },
            503: { internal: 'too many uploads were being stored; nothing stored, send it again after Retry-After seconds' },
          }),
        },
      },
    },
    async (request, reply) => {
      const sha256 = shaOf(request.params);
      const who = actorOf(request);
      const body = bodyStream(request, ctx.limits.blobBytes);
      // Read and hashed to the end even when the office has this blob: 200 only for the same
      // bytes (422 for others), and no unread body left on the device's keep-alive connection.
      const result = await storeBlob(ctx, who, sha256, body);
      return reply.code(result.created ? 201 : 200).send({ sha256, size: result.size, created: result.created });
    },
  );
}
