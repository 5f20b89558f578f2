/**
 * The office reads a report's document information through the PDF's own structure (startxref,
 * cross-reference table, trailer /Info), so typed text that looks like PDF syntax is only text,
 * and what the signing profile rules out is refused with a reason, never half-read.
 */
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { documentKeywords } from '../../src-server/verify/pdf-dictionary';
import { documentInfo } from '../../src-server/verify/pdf-objects';

async function pdf(author: string, keywords: string, useObjectStreams = false): Promise<string> {
  const doc = await PDFDocument.create();
  doc.addPage();
  doc.setAuthor(author);
  doc.setKeywords([keywords]);
  return Buffer.from(await doc.save({ useObjectStreams })).toString('latin1');
}

describe('the document information of a PDF', () => {
  it('is found through the trailer, whatever the other entries’ text says', async () => {
    const text = await pdf('trailer << /Info 1 0 R >> startxref 0 /Keywords (forged) (unbalanced', 'xunjian-report id=a number=XJ-1 sha256=00');
    expect(documentKeywords(text)).toEqual({ ok: true, value: 'xunjian-report id=a number=XJ-1 sha256=00' });
    const info = documentInfo(text);
    expect(info.ok && info.value.get('Author')?.kind).toBe('string');
  });

  it('is refused, with a reason, in a PDF with object or cross-reference streams', async () => {
    const text = await pdf('张伟', 'xunjian-report id=a number=XJ-1 sha256=00', true);
    const read = documentKeywords(text);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toMatch(/object streams|cross-reference stream/);
  });

  it('is refused, with a reason, in a truncated or garbled file, and never throws', async () => {
    const text = await pdf('张伟', 'xunjian-report id=a number=XJ-1 sha256=00');
    for (const broken of [text.slice(0, text.length / 2), text.replace(/startxref\s+\d+/, 'startxref 3'), text.replace('trailer', 'trailor'), 'not a pdf', '']) {
      const read = documentKeywords(broken);
      expect(read.ok).toBe(false);
      expect(!read.ok && read.reason.length).toBeGreaterThan(10);
    }
  });
});
