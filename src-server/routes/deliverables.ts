/** Pushing an entry of the deliverables register (issue 12; accept/deliverable.ts, docs/sync-protocol.md). */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../src-shared/sync/protocol';
import { acceptDeliverable } from '../accept/deliverable';
import type { OfficeContext } from '../context';
import { ref } from '../openapi/components';
import { BODY_ERRORS, DEVICE_ERRORS, errors, ok, PATH_ERRORS } from '../openapi/responses';
import { actorOf, bearer } from './device-scope';

/** An entry is small: its revisions' texts (≤ 51 × 1,000 characters) and file references; the files are blobs. */
const ENTRY_BODY_BYTES = 1024 * 1024;

export function deliverableRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  app.put(
    `${API_PREFIX}/deliverables/:id`,
    {
      bodyLimit: ENTRY_BODY_BYTES,
      schema: {
        tags: ['deliverables'],
        summary: 'Push an entry of the deliverables register (the office keeps the newest revision; ties by content hash)',
        security: bearer,
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        body: ref('DeliverablePush'),
        response: {
          200: ok('DeliverableAccepted', 'the office already holds this entry with this content: the receipt issued then'),
          201: ok('DeliverableAccepted', 'stored now'),
          ...errors(DEVICE_ERRORS, BODY_ERRORS, PATH_ERRORS, {
            400: { invalid_request: 'the path names another entry than the body, or the body is not a DeliverableEntry (`issues`)' },
            403: { forbidden: 'the hospital is not the engineer\'s' },
            409: {
              deliverable_conflict: 'the office holds a newer revision of the entry (or the same revision with a higher hash): `current.entry` is it; take it',
              id_taken: 'the id belongs to an entry of a hospital this engineer may not read; nothing else is told',
            },
            413: { payload_too_large: 'the entry is over 1 MB' },
            422: {
              deliverable_unknown: 'the contract is not the hospital\'s at this office, or does not list the deliverable',
              window_outside_period: 'the window is not inside the contract\'s period',
              blob_missing: '`missing` lists the files to PUT first',
              blob_size_mismatch: 'a file is stored with another size than the entry says',
              deliverable_file_mismatch: 'a file is not the kind the entry says (a produced report is a PDF)',
            },
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await acceptDeliverable(ctx, actorOf(request), request.body, String((request.params as { id?: unknown }).id ?? ''));
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );
}
