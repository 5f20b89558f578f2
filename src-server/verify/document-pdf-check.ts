/**
 * What the office checks in a service record's signed document (a fault report or 维护单, issue 11)
 * with no I/O: its hash, its PAdES signature (pdf-signature.ts, as for reports) and that its signed
 * /Keywords name the record and the document number its `document` event gives. The record hash in
 * the Keywords is the record as it stood when the device signed it, which no later version
 * reproduces (events appended since, photos added, a merge reordering events), so it is read and
 * shown but not compared. Runs on the check thread for a large PDF (checks/).
 */
import { createHash } from 'node:crypto';
import { parseIdentityKeywords, type ReportIdentity } from '../../src-shared/report/pdf-identity';
import { documentKeywords, pdfLatin1, type Read } from './pdf-dictionary';
import { checkPdfSignature, type PdfSignatureResult } from './pdf-signature';

/** What a document event says its PDF is: the document of record `recordId`, numbered `number`. */
export interface DocumentNaming {
  recordId: string;
  number: string;
}

export interface DocumentPdfCheck {
  sha256: string;
  signature: PdfSignatureResult;
  /** The identity the signed /Keywords give, when it names this record and number. */
  names: Read<ReportIdentity>;
}

export function documentNamesRecord(pdf: Buffer, expected: DocumentNaming): Read<ReportIdentity> {
  const keywords = documentKeywords(pdfLatin1(pdf));
  if (!keywords.ok) return keywords;
  const named = parseIdentityKeywords(keywords.value);
  if (!named) return { ok: false, reason: 'the PDF does not say which record it is a document of (no xunjian-report /Keywords)' };
  if (named.reportId !== expected.recordId || named.reportNumber !== expected.number) {
    return { ok: false, reason: `the PDF is document ${named.reportNumber} of record ${named.reportId}, not document ${expected.number} of record ${expected.recordId}` };
  }
  return { ok: true, value: named };
}

export async function checkDocumentPdf(pdf: Uint8Array, expected: DocumentNaming): Promise<DocumentPdfCheck> {
  const bytes = Buffer.isBuffer(pdf) ? pdf : Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    signature: await checkPdfSignature(bytes),
    names: documentNamesRecord(bytes, expected),
  };
}
