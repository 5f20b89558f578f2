/**
 * The office's CPU-heavy checks as jobs, run on the check thread or inline (same functions): an
 * envelope's parse and hashes, a report's or a service document's PDF (hash, signature, what it
 * names), a stored record's hash. Errors cross
 * the thread as data; an ApiError comes back as itself, so the device gets the same answer.
 */
import { canonicalHash } from '../../src-shared/crypto/canonical';
import type { ReportIdentity } from '../../src-shared/report/pdf-identity';
import { checkEnvelopeBytes, type CheckedEnvelope } from '../accept/envelope-check';
import { ApiError } from '../errors';
import { checkDocumentPdf, type DocumentNaming, type DocumentPdfCheck } from '../verify/document-pdf-check';
import { checkReportPdf, type ReportPdfCheck } from '../verify/report-pdf-check';

export type CheckJob =
  | { job: 'envelope'; body: Uint8Array }
  | { job: 'pdf'; pdf: Uint8Array; identity: ReportIdentity }
  | { job: 'document'; pdf: Uint8Array; naming: DocumentNaming }
  | { job: 'recordHash'; recordJson: Uint8Array };

export type CheckValue = CheckedEnvelope | ReportPdfCheck | DocumentPdfCheck | string;

export type JobFailure = { api?: { status: number; code: ApiError['code']; message: string; details: Record<string, unknown> }; message: string };

export async function runJob(job: CheckJob): Promise<CheckValue> {
  switch (job.job) {
    case 'envelope':
      return checkEnvelopeBytes(job.body);
    case 'pdf':
      return checkReportPdf(job.pdf, job.identity);
    case 'document':
      return checkDocumentPdf(job.pdf, job.naming);
    case 'recordHash':
      return canonicalHash(JSON.parse(Buffer.from(job.recordJson.buffer, job.recordJson.byteOffset, job.recordJson.byteLength).toString('utf8')) as unknown);
  }
}

export function failureOf(error: unknown): JobFailure {
  if (error instanceof ApiError) return { api: { status: error.status, code: error.code, message: error.message, details: error.details }, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function errorOf(failure: JobFailure): Error {
  if (failure.api) return new ApiError(failure.api.status, failure.api.code, failure.api.message, failure.api.details);
  return new Error(failure.message);
}
