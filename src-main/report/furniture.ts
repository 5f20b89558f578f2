/**
 * What every page carries, drawn once the body is laid out and the page count is known: the
 * running header with the copy mark (第一联 / 第二联), and the footer with the page number, the
 * report number, the content hash and the QR code.
 */
import { drawQr } from './qr';
import { GREY, INK, PAGE, Pen, RED, RULE } from './pen';
import type { Translate } from './labels';

export interface Furniture {
  /** Left of the header, e.g. "信息系统维保巡检报告 · 郁南县人民医院" (already guarded). */
  heading: string;
  /** Right of the header on every page of this copy (already guarded). */
  copyMark?: string;
  reportNumber?: string;
  /** What the number is called in the footer; "报告编号" when absent (a service document's is "单号"). */
  numberLabel?: string;
  hash?: string;
  /** The QR code image (qrPng). */
  qr?: Buffer;
}

const QR_SIDE = 17;

/** Draws header and footer on pages `first`..`last` (1-based), numbered 1..n within that range. */
export function drawFurniture(pen: Pen, t: Translate, first: number, last: number, f: Furniture): void {
  const pages = last - first + 1;
  for (let page = first; page <= last; page++) {
    pen.doc.setPage(page);
    drawHeader(pen, f);
    drawFooter(pen, t, f, page - first + 1, pages);
  }
}

function drawHeader(pen: Pen, f: Furniture): void {
  pen.drawLine(f.heading, PAGE.left, 9.5, { size: 8, color: GREY });
  if (f.copyMark) {
    const style = { style: 'bold', size: 9, color: RED } as const;
    const w = pen.width(f.copyMark, style) + 4;
    pen.strokeRect(PAGE.right - w, 8.6, w, 5.6, RED, 0.3);
    pen.drawLine(f.copyMark, PAGE.right - 2, 9.2, style, 'right');
  }
  pen.hLine(PAGE.left, PAGE.right, 15.5, RULE, 0.3);
}

function drawFooter(pen: Pen, t: Translate, f: Furniture, page: number, pages: number): void {
  const top = PAGE.bottom + 3.5;
  pen.hLine(PAGE.left, PAGE.right, top, RULE, 0.3);
  const textRight = f.qr ? PAGE.right - QR_SIDE - 4 : PAGE.right;
  pen.drawLine(t('report.pdf.page', { page, pages }), f.qr ? textRight : (PAGE.left + PAGE.right) / 2, top + 2.5, { size: 9, color: INK }, f.qr ? 'right' : 'center');
  if (f.reportNumber) pen.drawLine(t('report.pdf.labelValue', { label: f.numberLabel ?? t('report.pdf.number'), value: f.reportNumber }), PAGE.left, top + 2.5, { size: 8, color: INK });
  if (f.hash) {
    pen.drawLine(t('report.pdf.labelValue', { label: t('report.pdf.hash'), value: '' }).trimEnd(), PAGE.left, top + 7.5, { size: 7, color: GREY });
    pen.drawLine(f.hash, PAGE.left, top + 11, { size: 7, color: GREY });
  }
  if (f.qr) drawQr(pen.doc, f.qr, PAGE.right - QR_SIDE, top + 2, QR_SIDE);
}
