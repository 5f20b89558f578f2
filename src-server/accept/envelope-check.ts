/**
 * The CPU-heavy half of accepting a report, with no I/O: parse the envelope, check its shape,
 * hash its record canonically and check the handwritten-signature bindings. A record can be
 * megabytes of JSON (600 items with long notes, in the limits), so for a large body this runs on
 * the office's check thread (checks/), and what comes back is small: the envelope without its
 * record, the record as JSON text to store, and the verdicts. The refusals that must be audited
 * are made by acceptReport with these verdicts, on the event loop.
 */
import { canonicalJson, sha256Hex } from '../../src-shared/crypto/canonical';
import type { RecordEvaluation } from '../../src-shared/report/verdicts';
import { ReportEnvelope } from '../../src-shared/sync/envelope';
import { decodeUtf8Body, parseJsonBody } from '../http/json-body';
import { signatureProblem } from './signatures';
import { parseOrThrow } from './zod-error';

export interface CheckedEnvelope {
  envelope: Omit<ReportEnvelope, 'record'>;
  /**
   * What acceptReport compares with the envelope and the contract: the record's own ids, and what
   * it says of the service and the visit (issue 12), as sent, for verdictProblem and modeProblem.
   */
  record: { id: string; hospitalId: string; contractId: string; evaluation: RecordEvaluation; mode?: unknown };
  /**
   * The record's canonical JSON in UTF-8: what its hash is the SHA-256 of, and what the office
   * stores (in the blob store, under that hash). Bytes, so that the thread hands them over without a copy.
   */
  recordUtf8: Uint8Array;
  /** Hex SHA-256 of recordUtf8. */
  computedHash: string;
  /** Why a handwritten-signature binding does not hold, if one does not. */
  bindingProblem: string | undefined;
}

/** An envelope already parsed from JSON (a bundle's manifest, or a small body). Throws ApiError 400 on a bad shape. */
export async function checkEnvelope(input: unknown): Promise<CheckedEnvelope> {
  const env = parseOrThrow(ReportEnvelope, input, 'the report envelope');
  const { record, ...envelope } = env;
  const canonical = new TextEncoder().encode(canonicalJson(record));
  return {
    envelope,
    record: {
      id: record.id,
      hospitalId: record.hospitalId,
      contractId: record.contractId,
      // Small values (a few verdicts, a comment of at most 1,000 characters): cheap to hand back from the thread.
      evaluation: {
        ...('rating' in record ? { rating: record.rating } : {}),
        ...('verdicts' in record ? { verdicts: record.verdicts } : {}),
        ...('verdictComment' in record ? { verdictComment: record.verdictComment } : {}),
      },
      ...('mode' in record ? { mode: record.mode } : {}),
    },
    recordUtf8: canonical,
    computedHash: await sha256Hex(canonical),
    bindingProblem: await signatureProblem(env),
  };
}

/** The body of `PUT /reports/<id>` as it arrived: scanned, parsed (400 on anything not JSON), then checked. */
export async function checkEnvelopeBytes(body: Uint8Array): Promise<CheckedEnvelope> {
  return checkEnvelope(parseJsonBody(decodeUtf8Body(body)));
}
