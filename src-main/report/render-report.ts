/**
 * Report data in, unsigned PDF bytes out. Lays out one copy (or two for the duplicate option),
 * then puts the header, footer and QR code on every page, numbering each copy on its own.
 */
import type { ReplacedCharacter, ReportInput } from '../../src-shared/report/model';
import { identityKeywords } from '../../src-shared/report/pdf-identity';
import { loadReportFonts } from './fonts';
import { drawFurniture } from './furniture';
import { labelsFor, type Translate } from './labels';
import { GREY, Pen } from './pen';
import { qrMatrix, qrPayload, qrPng } from './qr';
import { layoutReportCopy, type LayoutOptions } from './report-layout';

export interface RenderedPdf {
  bytes: Uint8Array;
  pages: number;
  replaced: ReplacedCharacter[];
}

export interface RenderOptions extends LayoutOptions {
  fontsDir: string;
}

export async function renderReport(input: ReportInput, options: RenderOptions): Promise<RenderedPdf> {
  const fonts = await loadReportFonts(options.fontsDir);
  const t = labelsFor(input.locale);
  const pen = new Pen(fonts);
  pen.doc.setProperties({
    title: `${t('report.pdf.title')} ${input.reportNumber}`,
    subject: input.hospital.name,
    creator: 'Xunjian',
    author: input.engineer,
    keywords: identityKeywords(input),
  });
  const qr = qrPng(qrMatrix(qrPayload(input)));
  const heading = pen.guard.clean(`${t('report.pdf.title')} · ${input.hospital.name}`);
  return layoutCopies(pen, t, input.duplicate, (copyIndex) => {
    if (copyIndex > 0) pen.newPage();
    layoutReportCopy(pen, input, t, options);
    return { heading, reportNumber: input.reportNumber, hash: input.hash, qr };
  });
}

export type CopyFurniture = Omit<Parameters<typeof drawFurniture>[4], 'copyMark'>;

/**
 * Runs `layoutCopy` once, or twice marked 第一联 / 第二联 (or once per mark given), then draws every page's furniture.
 * A note listing replaced characters ends each copy, so a reader knows what □ stands for.
 */
export function layoutCopies(pen: Pen, t: Translate, duplicate: boolean | readonly string[], layoutCopy: (copyIndex: number) => CopyFurniture): RenderedPdf {
  // A document with its own copy marks (the 维护单's 使用科室 / 信息中心) passes them instead.
  const marks: readonly (string | undefined)[] = Array.isArray(duplicate) ? duplicate : duplicate ? [t('report.pdf.copyFirst'), t('report.pdf.copySecond')] : [undefined];
  const ranges: { first: number; last: number; furniture: CopyFurniture; mark: string | undefined }[] = [];
  const total = (): number => pen.guard.replaced().reduce((sum, r) => sum + r.count, 0);
  // Both copies print the same text: the result reports what the first copy replaced.
  let replaced: ReplacedCharacter[] = [];
  marks.forEach((mark, i) => {
    const first = i === 0 ? 1 : pen.doc.getNumberOfPages() + 1;
    const before = i === 0 ? 0 : total();
    const furniture = layoutCopy(i);
    const count = total() - before;
    if (count > 0) {
      pen.space(2);
      pen.paragraph(t('report.pdf.replacedNote', { count }), { size: 8, color: GREY });
    }
    if (i === 0) replaced = pen.guard.replaced();
    ranges.push({ first, last: pen.doc.getNumberOfPages(), furniture, mark: mark && pen.guard.clean(mark) });
  });
  for (const r of ranges) drawFurniture(pen, t, r.first, r.last, { ...r.furniture, ...(r.mark ? { copyMark: r.mark } : {}) });
  const bytes = new Uint8Array(pen.doc.output('arraybuffer'));
  return { bytes, pages: pen.doc.getNumberOfPages(), replaced };
}
