/**
 * The dashboard's charts: Apache ECharts rendered to SVG on the server (no client script) and
 * inlined in the page. The console's CSP allows no inline style, and ECharts writes its fonts in
 * `style` attributes and adds a `<style>` block of hover rules, so the SVG is rewritten to plain
 * presentation attributes (font-size, font-family, font-weight) and the block is dropped; hover
 * means nothing without a script anyway. ECharts escapes the text it draws (names are data).
 */
import * as echarts from 'echarts';
import { SafeHtml, escapeHtml } from './html';

/** Without quotes: ECharts writes the family into an attribute unescaped. */
const FONT = 'Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif';

export const COLORS = {
  done: '#2e7d32',
  due: '#1f4e79',
  late: '#b3261e',
  progress: '#c77700',
  upcoming: '#9aa5b1',
  neutral: '#4f6d8f',
} as const;

export interface BarSeries {
  name: string;
  values: number[];
  color?: string;
  /** Series with the same stack are drawn on top of each other. */
  stack?: string;
}

export type ChartSpec =
  | { kind: 'bar'; categories: string[]; series: BarSeries[]; horizontal?: boolean; percentAxis?: boolean }
  | { kind: 'pie'; slices: { name: string; value: number; color?: string }[] };

const STYLE_ATTRIBUTE = / style="([^"]*)"/g;
const KEPT_STYLE = new Set(['font-size', 'font-family', 'font-weight', 'font-style']);

/** `style="font-size:12px;font-family:x;"` → `font-size="12px" font-family="x"`; other properties are dropped. */
function presentationAttributes(svg: string): string {
  return svg.replace(STYLE_ATTRIBUTE, (_m, body: string) =>
    body
      .split(';')
      .map((d) => d.split(':'))
      .filter(([k, v]) => k !== undefined && v !== undefined && KEPT_STYLE.has(k.trim()))
      .map(([k, v]) => ` ${k!.trim()}="${escapeHtml(v!.trim())}"`)
      .join(''),
  );
}

/** What the page may carry inline: no style block, no style attributes, no ECharts bookkeeping attributes. */
export function cspSafeSvg(svg: string): string {
  return presentationAttributes(svg.replace(/<style[\s\S]*?<\/style>/g, ''))
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '');
}

function option(spec: ChartSpec): echarts.EChartsCoreOption {
  const base = { animation: false, textStyle: { fontFamily: FONT, fontSize: 12 }, color: [COLORS.neutral] };
  if (spec.kind === 'pie') {
    return {
      ...base,
      legend: { bottom: 0, type: 'plain' },
      series: [
        {
          type: 'pie',
          radius: ['38%', '68%'],
          center: ['50%', '44%'],
          label: { formatter: '{b}: {c}' },
          data: spec.slices.map((s) => ({ name: s.name, value: s.value, ...(s.color ? { itemStyle: { color: s.color } } : {}) })),
        },
      ],
    };
  }
  const category = { type: 'category', data: spec.categories, axisLabel: { interval: 0, width: spec.horizontal ? 150 : 90, overflow: 'truncate' } };
  const value = { type: 'value', minInterval: 1, ...(spec.percentAxis ? { max: 100, axisLabel: { formatter: '{value}%' } } : {}) };
  return {
    ...base,
    legend: spec.series.length > 1 ? { top: 0 } : undefined,
    grid: { left: spec.horizontal ? 160 : 40, right: 24, top: spec.series.length > 1 ? 32 : 12, bottom: spec.horizontal ? 24 : 48, containLabel: false },
    xAxis: spec.horizontal ? value : category,
    yAxis: spec.horizontal ? { ...category, inverse: true } : value,
    series: spec.series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      ...(s.stack ? { stack: s.stack } : {}),
      ...(s.color ? { itemStyle: { color: s.color } } : {}),
      label: { show: true, position: s.stack ? 'inside' : spec.horizontal ? 'right' : 'top', formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
      barMaxWidth: 36,
    })),
  };
}

/**
 * One chart as inline SVG, labelled for screen readers by `label` (the table beside it says the
 * same in words and numbers).
 */
export function chartSvg(spec: ChartSpec, size: { width: number; height: number; label: string }): SafeHtml {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  let svg: string;
  try {
    chart.setOption(option(spec));
    svg = chart.renderToSVGString();
  } finally {
    // Without it zrender keeps its frame timer and the process never goes idle.
    chart.dispose();
  }
  const labelled = cspSafeSvg(svg).replace('<svg ', `<svg role="img" aria-label="${escapeHtml(size.label)}" `);
  return new SafeHtml(labelled);
}
