/**
 * One chart, drawn by ECharts (echarts-setup.ts, loaded lazily on first use). The chart is for
 * sighted readers: every chart card also carries its numbers as a table (ChartCard), so the
 * drawing itself is hidden from screen readers and they do not read it twice.
 */
import { useEffect, useRef } from 'react';
import type { ChartOption } from './echarts-setup';

export type { ChartOption };

export function Chart({ option, testId }: { option: ChartOption; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let live = true;
    let dispose = (): void => {};
    void import('./echarts-setup').then(({ drawChart }) => {
      if (!live) return;
      const chart = drawChart(el, option);
      const resize = new ResizeObserver(() => chart.resize());
      resize.observe(el);
      dispose = () => {
        resize.disconnect();
        chart.dispose();
      };
    });
    return () => {
      live = false;
      dispose();
    };
  }, [option]);
  return <div className="chart" ref={box} aria-hidden="true" data-testid={testId} />;
}
