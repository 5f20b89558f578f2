/**
 * A thin layer over a jsPDF document for the report layouts: A4 geometry in millimetres, the two
 * font styles, a vertical cursor that starts a new page when the next block does not fit, and
 * every string passing through the glyph guard before it is measured or drawn.
 */
import { jsPDF } from 'jspdf';
import { addFontsTo, FONT_FAMILY, type FontStyle, type ReportFonts } from './fonts';
import './jspdf-deflate';
import { createGlyphGuard, type GlyphGuard } from './glyph-guard';
import { wrapText } from './wrap';

export const PAGE = {
  width: 210,
  height: 297,
  left: 15,
  right: 195,
  /** Content starts below the running header… */
  top: 21,
  /** …and stops above the footer with its QR code. */
  bottom: 268,
} as const;
export const CONTENT_WIDTH = PAGE.right - PAGE.left;

export type Rgb = readonly [number, number, number];
export const INK: Rgb = [25, 25, 25];
export const GREY: Rgb = [110, 110, 110];
export const RULE: Rgb = [170, 170, 170];
export const RED: Rgb = [190, 20, 20];
export const FAIL_FILL: Rgb = [253, 230, 230];
export const HEAD_FILL: Rgb = [236, 240, 245];

const MM_PER_PT = 25.4 / 72;

export interface TextStyle {
  style?: FontStyle;
  size: number;
  color?: Rgb;
}

export class Pen {
  readonly doc: jsPDF;
  readonly guard: GlyphGuard;
  /** Top of the free space on the current page. */
  y: number = PAGE.top;
  /** Called after every page break so the layout can repeat what belongs on each page. */
  onNewPage: () => void = () => {};
  private readonly widthCache: Record<FontStyle, Map<number, number>> = { regular: new Map(), bold: new Map() };

  constructor(private readonly fonts: ReportFonts) {
    // Three decimals of a point (0.35 µm) are plenty; jsPDF's default of 16 doubles the page content.
    this.doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true, putOnlyUsedFonts: true, floatPrecision: 3 });
    addFontsTo(this.doc, fonts);
    const both = (cp: number): boolean => fonts.regular.hasGlyph(cp) && fonts.bold.hasGlyph(cp);
    this.guard = createGlyphGuard(both);
    this.use({ size: 10 });
  }

  use({ style = 'regular', size, color = INK }: TextStyle): void {
    this.doc.setFont(FONT_FAMILY, style === 'bold' ? 'bold' : 'normal');
    this.doc.setFontSize(size);
    this.doc.setTextColor(color[0], color[1], color[2]);
  }

  /** Height of one line of text at this size, with comfortable leading for Chinese. */
  static lineHeight(size: number): number {
    return size * MM_PER_PT * 1.45;
  }

  /** Width in mm of text already passed through the guard. */
  width(text: string, { style = 'regular', size }: TextStyle): number {
    const cache = this.widthCache[style];
    let units = 0;
    for (const char of text) {
      const cp = char.codePointAt(0)!;
      let w = cache.get(cp);
      if (w === undefined) {
        w = Math.trunc(this.fonts[style].advance(cp));
        cache.set(cp, w);
      }
      units += w;
    }
    return (units / 1000) * size * MM_PER_PT;
  }

  /** Guarded and wrapped to `maxWidth`. */
  lines(text: string, maxWidth: number, style: TextStyle): string[] {
    return wrapText(this.guard.clean(text), maxWidth, (s) => this.width(s, style));
  }

  /**
   * Draws one line whose box starts at `top`. The text must come from `lines()` or `clean()`:
   * drawing unguarded text could silently lose its tail.
   */
  drawLine(text: string, x: number, top: number, style: TextStyle, align: 'left' | 'center' | 'right' = 'left'): void {
    if (!text) return;
    this.use(style);
    const baseline = top + style.size * MM_PER_PT * 1.08;
    this.doc.text(text, x, baseline, { align, baseline: 'alphabetic' });
  }

  /** Wraps and draws a paragraph at the cursor, breaking pages between lines. */
  paragraph(text: string, style: TextStyle, x = PAGE.left, maxWidth = CONTENT_WIDTH): void {
    const lh = Pen.lineHeight(style.size);
    for (const line of this.lines(text, maxWidth, style)) {
      this.ensure(lh);
      this.drawLine(line, x, this.y, style);
      this.y += lh;
    }
  }

  /** Starts a new page unless `height` mm still fit below the cursor. */
  ensure(height: number): boolean {
    if (this.y + height <= PAGE.bottom) return false;
    this.newPage();
    return true;
  }

  newPage(): void {
    this.doc.addPage('a4', 'portrait');
    this.y = PAGE.top;
    this.onNewPage();
  }

  space(mm: number): void {
    this.y = Math.min(this.y + mm, PAGE.bottom);
  }

  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    this.doc.setFillColor(color[0], color[1], color[2]);
    this.doc.rect(x, y, w, h, 'F');
  }

  strokeRect(x: number, y: number, w: number, h: number, color: Rgb = RULE, lineWidth = 0.2): void {
    this.doc.setDrawColor(color[0], color[1], color[2]);
    this.doc.setLineWidth(lineWidth);
    this.doc.rect(x, y, w, h, 'S');
  }

  hLine(x1: number, x2: number, y: number, color: Rgb = RULE, lineWidth = 0.2): void {
    this.doc.setDrawColor(color[0], color[1], color[2]);
    this.doc.setLineWidth(lineWidth);
    this.doc.line(x1, y, x2, y);
  }
}
