/**
 * Everything the office checks in a report's stored PDF, with no I/O: its hash, its PAdES
 * signature and that its signed /Keywords name the record. A PDF with a hundred photos is tens of
 * megabytes, and each step reads all of it, so for a large PDF this runs on the check thread
 * (checks/). Used by acceptance and by the console's re-verification alike.
 */
import { createHash } from 'node:crypto';
import type { ReportIdentity } from '../../src-shared/report/pdf-identity';
import type { Read } from './pdf-dictionary';
import { checkPdfSignature, type PdfSignatureResult } from './pdf-signature';
import { pdfNamesRecord } from './pdf-names-record';

export interface ReportPdfCheck {
  sha256: string;
  signature: PdfSignatureResult;
  names: Read<ReportIdentity>;
}

export async function checkReportPdf(pdf: Uint8Array, identity: ReportIdentity): Promise<ReportPdfCheck> {
  const bytes = Buffer.isBuffer(pdf) ? pdf : Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    signature: await checkPdfSignature(bytes),
    names: pdfNamesRecord(bytes, identity),
  };
}
