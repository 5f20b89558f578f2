/**
 * svg2pdf.js measures text (for `text-anchor: middle|end` and each text's box) through the
 * browser: a canvas 2D context's measureText, checked once per font against an SVG text's
 * getBBox. Main has neither, so for the length of one chart a stand-in `document` answers both
 * from the report font's own advance widths — the very widths jsPDF draws with, so centred axis
 * labels sit where ECharts meant them. It also hands svg2pdf the empty scratch document it makes
 * for stylesheets. It is removed again as soon as the chart is drawn.
 */
import type { ReportFonts } from '../fonts';

interface Measured {
  fontSize: string;
  fontWeight: string;
  textContent: string;
}

function widthPx(fonts: ReportFonts, text: string, size: number, weight: string): number {
  const font = /bold|[6-9]00/.test(weight) ? fonts.bold : fonts.regular;
  let units = 0;
  for (const char of text) units += font.advance(char.codePointAt(0)!);
  return (units / 1000) * size;
}

function fromCanvasFont(fonts: ReportFonts, css: string, text: string): number {
  // svg2pdf writes "<style> <weight> <size>px <family>".
  const size = Number(/([0-9.]+)px/.exec(css)?.[1] ?? 16);
  return widthPx(fonts, text, size, css);
}

function measuringDocument(fonts: ReportFonts): object {
  const node = (): object => {
    const state: Measured = { fontSize: '16px', fontWeight: 'normal', textContent: '' };
    return Object.assign(state, {
      style: { setProperty: () => undefined },
      appendChild: () => undefined,
      parentNode: null,
      setAttributeNS: () => undefined,
      setAttribute(name: string, value: string) {
        if (name === 'font-size') state.fontSize = value;
        if (name === 'font-weight') state.fontWeight = value;
      },
      getBBox: () => ({ width: widthPx(fonts, state.textContent, Number.parseFloat(state.fontSize) || 16, state.fontWeight) }),
    });
  };
  return {
    createElementNS: node,
    createElement: () => ({
      getContext: () => {
        const context = { font: '', measureText: (text: string) => ({ width: fromCanvasFont(fonts, context.font, text) }) };
        return context;
      },
    }),
    body: { appendChild: () => undefined, removeChild: () => undefined },
    // svg2pdf makes a scratch document for stylesheets even when there are none (svg-dom.ts has none).
    implementation: { createHTMLDocument: () => ({ body: { appendChild: () => undefined } }) },
  };
}

/** Runs `draw` with the stand-in document; the global is restored whatever happens. */
export async function withTextMeasure<T>(fonts: ReportFonts, draw: () => Promise<T>): Promise<T> {
  const holder = globalThis as { document?: unknown };
  const before = Object.getOwnPropertyDescriptor(holder, 'document');
  holder.document = measuringDocument(fonts);
  try {
    return await draw();
  } finally {
    if (before) Object.defineProperty(holder, 'document', before);
    else delete holder.document;
  }
}
