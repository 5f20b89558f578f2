// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient module must come with this file into every program that compiles it (tsconfig.web reaches main through the e2e host).
/// <reference path="./svg2pdf-es.d.ts" />
/**
 * Charts as vectors in a report: ECharts lays the chart out and writes SVG on the server side
 * (`renderer: 'svg', ssr: true`, no animation), and svg2pdf.js turns that SVG into PDF paths and
 * text in the jsPDF page. Text is drawn with the report's own font (NotoSansSC, registered with
 * the document under that family), so chart labels are searchable text like the rest of the page
 * and no glyph is missing. The SVG is our own, never a user's file.
 */
import { init, use, type EChartsCoreOption } from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { svg2pdf } from 'svg2pdf.js/dist/svg2pdf.es.js';
import { FONT_FAMILY, type ReportFonts } from '../fonts';
import type { Pen } from '../pen';
import { withTextMeasure } from './measure-shim';
import { parseSvg, type SvgElement } from './svg-dom';

use([BarChart, PieChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/** Pixels per millimetre of the SVG canvas: 96 dpi, so ECharts' 12 px labels print at 9 pt. */
const PX_PER_MM = 96 / 25.4;

/** ECharts' SVG for an option, `width` × `height` mm. */
export function chartSvg(option: EChartsCoreOption, width: number, height: number): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: Math.round(width * PX_PER_MM), height: Math.round(height * PX_PER_MM) });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_FAMILY }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Two things svg2pdf reads differently from a browser. It knows `alignment-baseline` only, while
 * ECharts writes `dominant-baseline` (the same idea for a lone <text>), so labels would sit half
 * a line low. And it ignores `paint-order: stroke`, so the white halo ECharts puts behind a label
 * would be painted over the letters: on paper the halo has no purpose and is dropped.
 */
function adaptText(root: SvgElement): void {
  const visit = (element: SvgElement): void => {
    if (element.tagName === 'text' || element.tagName === 'tspan') {
      const baseline = element.getAttribute('dominant-baseline');
      if (baseline && !element.hasAttribute('alignment-baseline')) element.setAttribute('alignment-baseline', baseline);
      if (element.getAttribute('paint-order') === 'stroke') element.setAttribute('stroke', 'none');
    }
    for (const child of element.children) visit(child);
  };
  visit(root);
}

/** Draws the chart at (x, y), `width` × `height` mm, on the pen's current page. */
export async function drawChart(pen: Pen, fonts: ReportFonts, option: EChartsCoreOption, box: { x: number; y: number; width: number; height: number }): Promise<void> {
  const root = parseSvg(chartSvg(option, box.width, box.height));
  adaptText(root);
  await withTextMeasure(fonts, () => svg2pdf(root, pen.doc, box));
}
