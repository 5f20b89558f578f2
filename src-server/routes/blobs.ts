/** Blobs by SHA-256: exists (HEAD/GET), which of these are missing, and upload (PUT, streamed). */
import type { FastifyInstance } from 'fastify';
import { BlobPutResponse, MissingBlobsRequest, MissingBlobsResponse, paths, API_PREFIX } from '../../src-shared/sync/protocol';
import { Sha256Hex } from '../../src-shared/report/model';
import { storeBlob } from '../accept/blobs';
import { parseOrThrow } from '../accept/zod-error';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import { errorResponse, jsonSchema } from '../http/json-schema';
import { acceptOctetStream, bodyStream } from '../http/raw-body';
import { actorOf, bearer } from './device-scope';

const shaParam = { type: 'object', properties: { sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } }, required: ['sha256'] };

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
    { schema: { tags: ['blobs'], summary: 'Whether the office has this blob (use HEAD)', security: bearer, params: shaParam, response: { 404: errorResponse('not stored') } } },
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
        body: jsonSchema(MissingBlobsRequest),
        response: { 200: jsonSchema(MissingBlobsResponse, 'output') },
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
        response: {
          200: jsonSchema(BlobPutResponse, 'output'),
          201: jsonSchema(BlobPutResponse, 'output'),
          413: errorResponse('larger than the blob limit'),
          422: errorResponse('blob_hash_mismatch: the bytes hash to something else'),
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
