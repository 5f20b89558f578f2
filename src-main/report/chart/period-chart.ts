/**
 * A periodic report's chart data (PeriodChart) as an ECharts option: bars for counts by system
 * or window (stacked where the parts make a whole: met/missed/open, done/late/due), a ring for
 * shares (faults by level, follow-up ratings). Print colours, values written on the marks so the
 * figure reads without the axis, and every label through the report's glyph guard.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { PeriodChart } from '../../../src-shared/report/period-report';
import type { ReportFonts } from '../fonts';
import type { Pen } from '../pen';
import { drawChart } from './draw-chart';

/** Distinguishable in colour and in grey print: blue, red, amber, green, then quieter tones. */
const PALETTE = ['#2f5d9e', '#c0392b', '#d68910', '#1e8449', '#7d3c98', '#5d6d7e', '#117a65', '#a04000'];
const TONES = { good: '#2f5d9e', bad: '#c0392b', warn: '#d68910', neutral: '#95a5a6' } as const;

/** `pieLabel` is ECharts' label template in the report's language ('{b}：{c}' in Chinese, '{b}: {c}' in English). */
export function chartOption(chart: PeriodChart, clean: (text: string) => string, pieLabel = '{b}：{c}'): EChartsCoreOption {
  const categories = chart.categories.map(clean);
  const title = { text: clean(chart.title), left: 'center', top: 0, textStyle: { fontSize: 13, fontWeight: 'bold', color: '#222' } };
  const label = { show: true, color: '#222', fontSize: 11, textBorderWidth: 0 };
  if (chart.chart === 'pie') {
    const values = chart.series[0]!.values;
    return {
      color: PALETTE,
      title,
      legend: { bottom: 0, textStyle: { fontSize: 11, color: '#222' } },
      series: [
        {
          type: 'pie',
          radius: ['32%', '62%'],
          center: ['50%', '52%'],
          data: categories.map((name, i) => ({ name, value: values[i] ?? 0 })),
          label: { ...label, formatter: pieLabel },
        },
      ],
    };
  }
  const stacked = chart.chart === 'stacked_bar';
  return {
    color: PALETTE,
    title,
    legend: chart.series.length > 1 ? { bottom: 0, textStyle: { fontSize: 11, color: '#222' } } : undefined,
    grid: { left: 40, right: 16, top: 34, bottom: chart.series.length > 1 ? 52 : 30 },
    xAxis: { type: 'category', data: categories, axisLabel: { fontSize: 11, color: '#222', interval: 0, hideOverlap: false, overflow: 'break', width: Math.max(40, 600 / Math.max(1, categories.length)) } },
    yAxis: { type: 'value', minInterval: 1, name: chart.unit ? clean(chart.unit) : '', axisLabel: { fontSize: 10, color: '#444' } },
    series: chart.series.map((s) => ({
      type: 'bar',
      name: clean(s.name),
      stack: stacked ? 'all' : undefined,
      barMaxWidth: 48,
      ...(s.tone ? { itemStyle: { color: TONES[s.tone] } } : {}),
      // A zero in a stack would print "0" over its neighbour: only non-zero parts carry a label.
      data: s.values.map((v) => v ?? 0),
      label: { ...label, position: stacked ? 'inside' : 'top', formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
    })),
  };
}

export function drawPeriodChart(pen: Pen, fonts: ReportFonts, chart: PeriodChart, box: { x: number; y: number; width: number; height: number }, pieLabel?: string): Promise<void> {
  return drawChart(pen, fonts, chartOption(chart, (text) => pen.guard.clean(text), pieLabel), box);
}
