/**
 * One uPlot line chart: axes, a legend that shows the values under the cursor, and live append.
 * The chart is created once per set of series; new data is handed to `setData` (uPlot redraws the
 * canvas from the arrays it is given), so a chart of 10,000 points keeps up with a running job.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatClockTick, formatTime } from '../times';
import { formatMetric } from '../../ui/format-metric';

export interface ChartSeries {
  label: string;
  color: string;
  /** Thinner and translucent (e.g. the raw values under a smoothed line). */
  faint?: boolean;
  /** Formats a value in the legend (default: as metric values read everywhere, ui/format-metric.ts). */
  format?: (value: number) => string;
}

interface LineChartProps {
  title: string;
  xLabel: string;
  /** x values are seconds since the epoch (a time axis); otherwise they are whole numbers (epochs, steps). */
  time?: boolean;
  series: ChartSeries[];
  /** Called whenever `version` changes: x first, then one array per series (same length). */
  data: () => uPlot.AlignedData;
  version: unknown;
  height?: number;
  testId?: string;
}

export const PALETTE = ['#2a6df4', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#1098ad', '#c92a2a', '#5c940d', '#364fc7', '#862e9c'];

/** Tick spacings of an epoch or step axis: whole numbers only (1, 2, 5, 10, 20, 50, …), never 1.5. */
const WHOLE_STEPS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].flatMap((power) => [power, 2 * power, 5 * power]);

/**
 * Tick spacings of a time axis, in seconds: hundredths and tenths for a run of a second or less (its
 * ticks read HH:MM:SS.ss), whole seconds and up otherwise, so every tick reads differently.
 */
const CLOCK_STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

export function LineChart({ title, xLabel, time = false, series, data, version, height = 220, testId }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const shape = JSON.stringify([title, xLabel, time, series.map((s) => [s.label, s.color, s.faint ?? false]), height]);

  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const width = Math.max(element.clientWidth, 240);
    const options: uPlot.Options = {
      title,
      width,
      height,
      scales: { x: { time } },
      axes: [
        {
          label: xLabel,
          ...(time
            ? {
                incrs: CLOCK_STEPS,
                // Room for a label like 20:41:07.35 between two ticks.
                space: 100,
                values: (_u: uPlot, ticks: number[], _axis: number, _space: number, step: number) => ticks.map((t) => formatClockTick(t, step)),
              }
            : { incrs: WHOLE_STEPS }),
        },
        // Ticks at least 20 px apart (uPlot's default is 30): a 180 px chart of a narrow range still gets two or three.
        { size: 60, space: 20 },
      ],
      cursor: { drag: { x: true, y: false } },
      series: [
        {
          label: xLabel,
          value: (_u: uPlot, v: number | null) => (v == null ? '—' : time ? formatTime(new Date(v * 1000).toISOString()) : String(v)),
        },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.faint ? `${s.color}55` : s.color,
          width: s.faint ? 1 : 2,
          points: { show: false },
          spanGaps: true,
          value: (_u: uPlot, v: number | null) => (v == null ? '—' : (s.format ?? formatMetric)(v)),
        })),
      ],
    };
    const initial = data();
    const plot = new uPlot(options, initial, element);
    element.dataset.points = String(initial[0].length);
    chart.current = plot;
    const resize = new ResizeObserver(() => {
      const next = Math.max(element.clientWidth, 240);
      if (next !== plot.width) plot.setSize({ width: next, height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
      chart.current = null;
    };
    // `series` and the rest are captured through `shape`: the chart is rebuilt only when it changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    const plot = chart.current;
    if (!plot) return;
    const next = data();
    plot.setData(next);
    if (box.current) box.current.dataset.points = String(next[0].length);
    // `data` changes every render; `version` says when what it returns changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);

  return <div className="line-chart" ref={box} data-testid={testId} />;
}
