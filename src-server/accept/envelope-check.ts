/**
 * The CPU-heavy half of accepting a report, with no I/O: parse the envelope, check its shape,
 * hash its record canonically and check the handwritten-signature bindings. A record can be
 * megabytes of JSON (600 items with long notes, in the limits), so for a large body this runs on
 * the office's check thread (checks/), and what comes back is small: the envelope without its
 * record, the record as JSON text to store, and the verdicts. The refusals that must be audited
 * are made by acceptReport with these verdicts, on the event loop.
 */
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { ReportEnvelope } from '../../src-shared/sync/envelope';
import { decodeUtf8Body, parseJsonBody } from '../http/json-body';
import { signatureProblem } from './signatures';
import { parseOrThrow } from './zod-error';

export interface CheckedEnvelope {
  envelope: Omit<ReportEnvelope, 'record'>;
  /** What acceptReport compares with the envelope: the record's own ids. */
  record: { id: string; hospitalId: string; contractId: string };
  /** The record as the office stores it: JSON in UTF-8, bytes so that the thread can hand them over without a copy. */
  recordUtf8: Uint8Array;
  /** Hex SHA-256 of the record's canonical JSON. */
  computedHash: string;
  /** Why a handwritten-signature binding does not hold, if one does not. */
  bindingProblem: string | undefined;
}

/** An envelope already parsed from JSON (a bundle's manifest, or a small body). Throws ApiError 400 on a bad shape. */
export async function checkEnvelope(input: unknown): Promise<CheckedEnvelope> {
  const env = parseOrThrow(ReportEnvelope, input, 'the report envelope');
  const { record, ...envelope } = env;
  return {
    envelope,
    record: { id: record.id, hospitalId: record.hospitalId, contractId: record.contractId },
    recordUtf8: new TextEncoder().encode(JSON.stringify(record)),
    computedHash: await canonicalHash(record),
    bindingProblem: await signatureProblem(env),
  };
}

/** The body of `PUT /reports/<id>` as it arrived: scanned, parsed (400 on anything not JSON), then checked. */
export async function checkEnvelopeBytes(body: Uint8Array): Promise<CheckedEnvelope> {
  return checkEnvelope(parseJsonBody(decodeUtf8Body(body)));
}
