/**
 * One chart: Apache ECharts with the SVG renderer (crisp at any zoom, and the same renderer the
 * reports draw their vector charts with), loading only the chart types and components used here
 * from 'echarts/core' so the rest of the library stays out of the bundle. The chart is decoration
 * for sighted readers: every chart card also carries its numbers as a table (ChartCard), and the
 * chart itself is hidden from screen readers so they do not read it twice.
 */
import { useEffect, useRef } from 'react';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption>;

export function Chart({ option, testId }: { option: ChartOption; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const chart = init(el, null, { renderer: 'svg' });
    // No animation: the dashboard is read, not watched, and a screenshot must show the final bars.
    chart.setOption({ animation: false, textStyle: { fontFamily: 'Noto Sans SC, Microsoft YaHei, sans-serif' }, ...option });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div className="chart" ref={box} aria-hidden="true" data-testid={testId} />;
}
