/** Pushing signed reports and fault records, and fetching a report's receipt again. */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../src-shared/sync/protocol';
import { mayRead, refuse } from '../accept/actor';
import { acceptFault } from '../accept/fault';
import { acceptReport } from '../accept/report';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import { ref } from '../openapi/components';
import { BODY_ERRORS, DEVICE_ERRORS, errors, ok, PATH_ERRORS } from '../openapi/responses';
import { actorOf, bearer } from './device-scope';

const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
const idOf = (params: unknown): string => String((params as { id?: unknown }).id ?? '');

/**
 * The report push reads its body as bytes: a record can be megabytes, and parsing and hashing it
 * belongs on the check thread (ctx.checks), not in a content-type parser on the event loop.
 */
function reportPushRoute(app: FastifyInstance, ctx: OfficeContext): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.put(
    `${API_PREFIX}/reports/:id`,
    {
      bodyLimit: ctx.limits.reportBodyBytes,
      schema: {
        tags: ['reports'],
        summary: 'Push a signed report (idempotent by id and hash)',
        security: bearer,
        params: idParam,
        body: ref('ReportEnvelope'),
        response: {
          200: ok('ReportAccepted', 'already stored with this hash: its current receipt (a new one when this push added paper-sheet scans)'),
          201: ok('ReportAccepted', 'stored now'),
          ...errors(DEVICE_ERRORS, BODY_ERRORS, PATH_ERRORS, {
            400: { invalid_request: 'the path names another report than the body' },
            403: { forbidden: 'the hospital is not the engineer\'s, or scans are added to another engineer\'s report' },
            409: {
              report_conflict: 'this id was stored with another hash: a signed report never changes (`storedHash`)',
              id_taken: 'the id belongs to a report of a hospital this engineer may not read; nothing else is told',
            },
            413: { payload_too_large: 'the envelope is over its limit (16 MB by default)' },
            422: {
              hash_mismatch: 'the record, or a handwritten-signature binding, does not hash as sent (`sent`, `computed`)',
              record_mismatch: 'the record names another inspection, hospital or contract than the envelope',
              reference_unknown: 'the contract, a subject\'s system or asset, or a template version is not known at the report\'s hospital',
              evaluation_mismatch: 'the record\'s verdicts do not fit its contract\'s scheme (evaluation.signOff: none, satisfaction or pass/fail from the roles in `by`), or its mode is not one the contract allows',
              blob_missing: '`missing` lists the SHA-256s to PUT first, then repeat the push',
              blob_size_mismatch: 'a blob is stored with another size than referenced',
              signature_invalid: 'the PDF\'s signature is not the signing profile\'s, does not verify, or is not this device\'s certificate',
              pdf_record_mismatch: 'the signed PDF\'s /Keywords do not name this record (id, report number, hash)',
            },
          }),
        },
      },
    },
    async (request, reply) => {
      const id = idOf(request.params);
      const who = actorOf(request);
      const checked = await ctx.checks.envelope(request.body as Buffer, `device:${who.device.id}`);
      if (checked.envelope.id !== id) throw new ApiError(400, 'invalid_request', `the path names report ${id}; the body does not`);
      const result = await acceptReport(ctx, who, checked);
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );
}

export function recordRoutes(app: FastifyInstance, ctx: OfficeContext): void {
  void app.register(async (scope) => reportPushRoute(scope, ctx));

  app.get(
    `${API_PREFIX}/reports/:id/receipt`,
    {
      schema: {
        tags: ['reports'],
        summary: 'The receipt of a stored report (after a crash lost the push response)',
        security: bearer,
        params: idParam,
        response: {
          200: ok('Receipt', 'the receipt the office holds for it'),
          ...errors(DEVICE_ERRORS, PATH_ERRORS, { 404: { not_found: 'no report with this id, or one of a hospital not the engineer\'s (answered as if absent)' } }),
        },
      },
    },
    async (request) => {
      const id = idOf(request.params);
      const who = actorOf(request);
      const report = await ctx.store.getReport(id);
      if (!report) throw new ApiError(404, 'not_found', `no report ${id}`);
      // A report the engineer may not read is answered as if absent: not even its hospital is told.
      if (!mayRead(who, report.hospitalId)) {
        return refuse(ctx, who, 'report.receipt', id, { status: 404, code: 'not_found', message: `no report ${id}`, auditOnly: { storedHospitalId: report.hospitalId } });
      }
      return report.receipt;
    },
  );

  app.put(
    `${API_PREFIX}/faults/:id`,
    {
      bodyLimit: ctx.limits.faultBodyBytes,
      schema: {
        tags: ['faults'],
        summary: 'Push a service record version (append-only; optimistic concurrency: version = current + 1)',
        security: bearer,
        params: idParam,
        body: ref('FaultPush'),
        response: {
          200: ok('FaultAccepted', 'this version with this content was already stored: the receipt issued then'),
          201: ok('FaultAccepted', 'stored now'),
          ...errors(DEVICE_ERRORS, BODY_ERRORS, PATH_ERRORS, {
            400: { invalid_request: 'the path names another record than the body, or the body is not a ServiceRecord with `version` (`issues`)' },
            403: { forbidden: 'the hospital is not the engineer\'s' },
            409: {
              fault_conflict:
                'a stale or skipped version, a record moved to another hospital or contract, or a version that removes or changes an event of the office\'s (`removed`, `altered`): `current` is what the office has; merge and push current + 1',
              id_taken: 'the id belongs to a fault of a hospital this engineer may not read; nothing else is told',
            },
            413: { payload_too_large: 'the record is over its limit (32 MB by default: 2,000 events of 4,000 characters fit)' },
            422: {
              reference_unknown: 'the contract is not the hospital\'s at this office, or the subject (system, asset) is not the contract\'s',
              event_id_duplicate: 'two events share an id (`problems`)',
              record_incomplete: 'no classify event or no reported step (`problems`)',
              level_unknown: 'a level the contract does not have (`problems`)',
              level_wrong_kind: 'a level the contract has for other kinds of record (`problems`)',
              step_before_report: 'a step before the report, or a report after a step (`problems`)',
              reason_required: 'a corrected time, or an assessment (assess event), without a reason (`problems`)',
              correction_unknown: 'a correction of an event the record lacks, or of another step (`problems`)',
              follow_up_before_resolution: 'version 1 only: a follow-up call while the record is open',
              resume_without_pause: 'version 1 only: a resume without a pause',
              already_paused: 'version 1 only: a pause while paused',
              record_closed: 'version 1 only: a pause or resume after closing',
              spot_check_before_resolution: 'version 1 only: a spot check (spot_check event) while the record is open',
              blob_missing: '`missing` lists the photos and documents to PUT first',
              blob_size_mismatch: 'a photo or document is stored with another size than referenced',
              document_signature_invalid: 'a document the version adds is no PDF with a valid PAdES signature (`problems`)',
              document_signer_unknown: 'a document signed by a certificate that is no device\'s of this office (`problems`)',
              document_signer_not_allowed: 'a document signed by a revoked device, or one whose engineer is not assigned to the hospital (`problems`)',
              document_record_mismatch: 'a document whose signed /Keywords name another record or number (`problems`)',
              document_mime_mismatch: 'a document\'s file is not the kind its `mime` says (`problems`)',
            },
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await acceptFault(ctx, actorOf(request), request.body, idOf(request.params));
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );
}
