/**
 * The OpenAPI document's components: JSON Schemas generated from the protocol's zod schemas
 * (src-shared/sync, src-shared/report/record-schema.ts), so the published shapes are the ones
 * the office parses with. Routes refer to them by name (`ref('ReportEnvelope')`).
 */
import { z } from 'zod';
import { Asset, Contract, Hospital } from '../../src-shared/catalog/reference';
import { Template } from '../../src-shared/catalog/schema';
import { InspectionRecordSchema, RecordAnswer, RecordAnswerValue, RecordTarget } from '../../src-shared/report/record-schema';
import { Sha256Hex } from '../../src-shared/report/model';
import { DeliverableAccepted, DeliverablePush } from '../../src-shared/sync/deliverables';
import { BlobRef, FaultPush, InspectedSubject, PdfRef, ReportEnvelope, SignatureEntry } from '../../src-shared/sync/envelope';
import {
  BlobPutResponse,
  BundleImportResult,
  EnrollRequest,
  EnrollResponse,
  ErrorBody,
  FaultAccepted,
  MeResponse,
  MissingBlobsRequest,
  MissingBlobsResponse,
  OfficeInfo,
  PullPage,
  ReceiptKey,
  ReferenceItem,
  ReportAccepted,
} from '../../src-shared/sync/protocol';
import { Receipt, ReceiptBlob, ReceiptBody } from '../../src-shared/sync/receipt';
import { ServiceEvent } from '../../src-shared/service/record';
import { ClockReadingSchema, FaultDetail, FaultList, FaultSummary, FaultVersionInfo } from '../../src-shared/sync/service-records';

/** GET /blobs/{sha256}'s answer (routes/blobs.ts). */
export const BlobInfo = z.object({ sha256: Sha256Hex, size: z.number().int().min(1) }).strict();

const DocumentedRecord = InspectionRecordSchema.meta({
  description:
    'The locked inspection a report is the signature of (src-shared/report/inspection-record.ts). Hashed as RFC 8785 canonical JSON; ' +
    'answers sorted by stepKey. Not a field may be added, dropped or reformatted after hashing.',
});

/**
 * The envelope as documented: the office parses `record` with four required fields and hashes it
 * as sent (envelope.ts ReportRecord); what those fields sit in is the device's InspectionRecord,
 * published here field by field for anyone who writes one.
 */
const DocumentedEnvelope = z
  .object({ ...ReportEnvelope.shape, record: DocumentedRecord })
  .strict()
  .meta({
    description:
      'A signed report. `hash` is the lower-case hex SHA-256 of the RFC 8785 canonical JSON of `record` (UTF-8); the signed PDF (`pdf`) ' +
      'and every blob must be PUT first. The office requires of `record` its `schema`, `id`, `hospitalId` and `contractId` (equal to the ' +
      'envelope\'s) and hashes it exactly as sent; the other fields are as a Xunjian device writes them (InspectionRecord). ' +
      'docs/sync-protocol.md §4 lists the checks in order.',
  });

const DocumentedReferenceItem = z
  .object({ ...ReferenceItem.shape, data: z.union([Hospital, Contract, Asset, Template, z.looseObject({ id: z.string() }), z.null()]) })
  .strict()
  .meta({ description: 'One change to reference data; `data` is a Hospital, Contract, Asset, Template or calendar (an object with an id) by `kind`, null when deleted.' });

const DocumentedPullPage = z.object({ ...PullPage.shape, items: z.array(DocumentedReferenceItem) }).strict();

const DocumentedFault = FaultPush.meta({
  description:
    'A service record version (src-shared/service/record.ts ServiceRecord, strict, plus `version`: 1, then the office\'s current version + 1). ' +
    'The record is an append-only list of events: a version keeps every event of the one before it unchanged. Photos and documents are ' +
    'blobs PUT first. The office hashes the record as parsed (RFC 8785 canonical JSON, SHA-256) for idempotency and the receipt. ' +
    'docs/sync-protocol.md "Service records (faults)" lists the checks in order.',
});

const DocumentedDeliverable = DeliverablePush.meta({
  description:
    'One entry of the deliverables register (src-shared/period/deliverable.ts DeliverableEntry, strict): id `contract|deliverable|windowStart`, ' +
    'the current revision and every earlier one. Files it names (attached files, a produced report\'s PDF) are blobs PUT first. The office ' +
    'keeps the highest revision, ties broken by the canonical hash (higher wins); docs/sync-protocol.md "Deliverables register".',
});

/** Name → zod schema; the names are the OpenAPI component names. */
const SCHEMAS = {
  Error: ErrorBody,
  OfficeInfo,
  ReceiptKey,
  EnrollRequest,
  EnrollResponse,
  MeResponse,
  ReferenceItem: DocumentedReferenceItem,
  PullPage: DocumentedPullPage,
  Hospital,
  Contract,
  Asset,
  Template,
  MissingBlobsRequest,
  MissingBlobsResponse,
  BlobPutResponse,
  BlobInfo,
  PdfRef,
  BlobRef,
  InspectedSubject,
  SignatureEntry,
  RecordTarget,
  RecordAnswerValue,
  RecordAnswer,
  InspectionRecord: DocumentedRecord,
  ReportEnvelope: DocumentedEnvelope,
  FaultPush: DocumentedFault,
  ServiceEvent,
  ClockReading: ClockReadingSchema,
  FaultSummary,
  FaultList,
  FaultVersionInfo,
  FaultDetail,
  ReceiptBlob,
  ReceiptBody,
  Receipt,
  ReportAccepted,
  FaultAccepted,
  DeliverablePush: DocumentedDeliverable,
  DeliverableAccepted,
  BundleImportResult,
} satisfies Record<string, z.ZodType>;

export type ComponentName = keyof typeof SCHEMAS;

const PREFIX = '#/components/schemas/';

export const ref = (name: ComponentName): { $ref: string } => ({ $ref: `${PREFIX}${name}` });

function withoutIds(schema: Record<string, unknown>): Record<string, unknown> {
  const out = { ...schema };
  delete out.$schema;
  delete out.$id;
  return out;
}

let cached: Record<string, Record<string, unknown>> | undefined;

/** Every component as JSON Schema 2020-12 (OpenAPI 3.1's dialect), shared schemas as $refs to each other. */
export function componentSchemas(): Record<string, Record<string, unknown>> {
  if (cached) return cached;
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(SCHEMAS)) registry.add(schema, { id });
  // `input`: what a client may send (and what the office's answers are, as nothing here transforms).
  const { schemas } = z.toJSONSchema(registry, { io: 'input', unrepresentable: 'any', uri: (id) => `${PREFIX}${id}` });
  cached = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // OpenAPI takes them without a dialect or an id of their own.
    cached[id] = withoutIds(schema as Record<string, unknown>);
  }
  return cached;
}

/** A zod schema inline (path and query parameters, which OpenAPI wants as properties, not $refs). */
export function inlineSchema(schema: z.ZodType): Record<string, unknown> {
  return withoutIds(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>);
}
