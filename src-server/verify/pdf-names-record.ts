/**
 * Whether a signed report PDF is the report of the record pushed with it: its /Keywords, inside
 * the signed bytes, must name the same inspection, report number and record hash
 * (src-shared/report/pdf-identity.ts). Without this, a record could be pushed with another
 * report's signed PDF, or any PDF its device ever signed, and be shown as verified.
 */
import { parseIdentityKeywords, sameIdentity, type ReportIdentity } from '../../src-shared/report/pdf-identity';
import { documentKeywords, pdfLatin1, type Read } from './pdf-dictionary';

export function pdfNamesRecord(pdf: Buffer, record: ReportIdentity): Read<ReportIdentity> {
  const keywords = documentKeywords(pdfLatin1(pdf));
  if (!keywords.ok) return keywords;
  const named = parseIdentityKeywords(keywords.value);
  if (!named) return { ok: false, reason: 'the PDF does not say which record it is the report of (no xunjian-report /Keywords)' };
  if (!sameIdentity(named, record)) {
    return { ok: false, reason: `the PDF is the report of ${named.reportId} (${named.reportNumber}, ${named.hash}), not of the record pushed with it` };
  }
  return { ok: true, value: named };
}
