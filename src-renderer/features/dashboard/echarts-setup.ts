/**
 * ECharts with only what the dashboard draws: bar and pie charts, grid and legend, the SVG renderer
 * (crisp at any zoom; the reports draw their vector charts with the same renderer in main). Even
 * tree-shaken this is ~0.5 MB minified, so Chart.tsx imports this module lazily: the code is
 * fetched the first time a dashboard opens, not with the app.
 */
import { BarChart, PieChart } from 'echarts/charts';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption>;

export function drawChart(el: HTMLElement, option: ChartOption): ECharts {
  const chart = init(el, null, { renderer: 'svg' });
  // No animation: the dashboard is read, not watched, and a screenshot must show the final bars.
  chart.setOption({ animation: false, textStyle: { fontFamily: 'Noto Sans SC, Microsoft YaHei, sans-serif' }, ...option });
  return chart;
}
