/**
 * Charts as vectors (src-main/report/chart/): ECharts' SSR markup parsed into the few DOM
 * features svg2pdf reads, and two reports drawing charts at once (two jobs on one report thread)
 * each get their charts, with their labels as text in the report font.
 */
import { describe, expect, it } from 'vitest';
import { drawPeriodChart } from '../../../src-main/report/chart/period-chart';
import { chartSvg } from '../../../src-main/report/chart/draw-chart';
import { parseSvg } from '../../../src-main/report/chart/svg-dom';
import { loadReportFonts } from '../../../src-main/report/fonts';
import { Pen } from '../../../src-main/report/pen';
import type { PeriodChart } from '../../../src-shared/report/period-report';
import { FONTS_DIR } from './fixture';
import { pagesWithImages, pdfFontNames, pdfTextCompact } from './poppler';

const chart = (title: string, categories: string[]): PeriodChart => ({ type: 'chart', chart: 'bar', title, categories, series: [{ name: '数量', values: categories.map((_, i) => i + 1) }], empty: '', unit: '' });

describe('chart SVG', () => {
  it('parses ECharts markup: elements, attributes with entities, inline style values, text', () => {
    const root = parseSvg(chartSvg({ xAxis: { type: 'category', data: ['A&B', '系统<1>'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [1, 2] }] }, 80, 40));
    const texts: string[] = [];
    const visit = (e: ReturnType<typeof parseSvg>): void => {
      if (e.tagName === 'text') {
        texts.push(e.textContent);
        expect(e.style.getPropertyValue('font-size')).toBe('12px');
      }
      e.children.forEach(visit);
    };
    visit(root);
    expect(texts).toEqual(expect.arrayContaining(['A&B', '系统<1>']));
    expect(root.children.every((c) => c.parentElement === root)).toBe(true);
    expect(() => parseSvg('<svg><g></svg>')).toThrow(/unexpected <\/svg>|did not parse/);
  });

  it('two documents drawing charts at once both get them, as text in the report font, no raster', async () => {
    const fonts = await loadReportFonts(FONTS_DIR);
    const pens = [new Pen(fonts), new Pen(fonts)];
    await Promise.all(pens.map((pen, i) => Promise.all([0, 1, 2].map((k) => drawPeriodChart(pen, fonts, chart(`图表${i}-${k}`, [`系统${i}${k}甲`, `系统${i}${k}乙`]), { x: 15, y: 20 + k * 80, width: 180, height: 70 })))));
    for (const [i, pen] of pens.entries()) {
      const bytes = new Uint8Array(pen.doc.output('arraybuffer'));
      const text = await pdfTextCompact(bytes);
      for (const k of [0, 1, 2]) expect(text).toContain(`系统${i}${k}甲`);
      expect(await pagesWithImages(bytes)).toEqual([]);
      for (const font of await pdfFontNames(bytes)) expect(font).toMatch(/NotoSansSC/);
    }
    expect((globalThis as { document?: unknown }).document).toBeUndefined();
  });
});
