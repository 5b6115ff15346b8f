/**
 * Every metric the run reports, one chart each (loss, accuracy, lr…), fed by the
 * `trainingJobMetrics` delta stream: the history first, then new points appended as they are
 * stored. The x-axis is the epoch, or the step when the worker reports steps; an exponential
 * moving average (the smoothing slider) is drawn over the raw values.
 */
import { useState } from 'react';
import { graphql } from '../../../gql';
import type { JobMetricsStreamSubscription } from '../../../gql/graphql';
import { LineChart, PALETTE } from './LineChart';
import type { DeltaStream } from './use-delta-stream';
import { Fold } from './fold';
import { ema } from './smoothing';

export const JobMetricsStream = graphql(`
  subscription JobMetricsStream($jobId: ID!, $after: String) {
    trainingJobMetrics(jobId: $jobId, after: $after) {
      cursor
      points {
        cursor
        name
        epoch
        step
        value
      }
    }
  }
`);

export type MetricPointItem = JobMetricsStreamSubscription['trainingJobMetrics']['points'][number];
export const metricBatch = (data: JobMetricsStreamSubscription) => ({ items: data.trainingJobMetrics.points, cursor: data.trainingJobMetrics.cursor });

interface Series {
  epoch: number[];
  step: number[];
  hasStep: boolean;
  values: number[];
}

const byName = new Fold<MetricPointItem, Map<string, Series>>(
  () => new Map(),
  (groups, point) => {
    let series = groups.get(point.name);
    if (!series) groups.set(point.name, (series = { epoch: [], step: [], hasStep: false, values: [] }));
    const index = series.values.length;
    series.epoch.push(point.epoch ?? index);
    series.step.push(point.step ?? point.epoch ?? index);
    if (point.step != null) series.hasStep = true;
    series.values.push(point.value);
  },
);

/** Points of one stream grouped by metric name (each point is looked at once). */
export const metricSeries = (stream: DeltaStream<MetricPointItem>) => byName.of(stream.items);

export function MetricCharts({ stream }: { stream: DeltaStream<MetricPointItem> }) {
  const series = metricSeries(stream);
  const [smoothing, setSmoothing] = useState(0.6);
  const [axis, setAxis] = useState<'epoch' | 'step'>('epoch');
  const names = [...series.keys()].sort();
  const anySteps = [...series.values()].some((s) => s.hasStep);

  return (
    <section className="metric-charts" aria-labelledby="metrics-title">
      <div className="section-head">
        <h2 id="metrics-title">Metrics</h2>
        <label>
          Smoothing{' '}
          <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} aria-label="Smoothing" />{' '}
          <output data-testid="smoothing-value">{smoothing.toFixed(2)}</output>
        </label>
        {anySteps && (
          <label>
            x-axis{' '}
            <select value={axis} onChange={(e) => setAxis(e.target.value as 'epoch' | 'step')} aria-label="x-axis">
              <option value="epoch">epoch</option>
              <option value="step">step</option>
            </select>
          </label>
        )}
      </div>
      {names.length === 0 ? (
        <p className="muted" data-testid="metrics-empty">
          No metric points yet.
        </p>
      ) : (
        <div className="chart-grid">
          {names.map((name, i) => {
            const s = series.get(name)!;
            const color = PALETTE[i % PALETTE.length]!;
            const x = axis === 'step' && s.hasStep ? s.step : s.epoch;
            return (
              <LineChart
                key={name}
                testId={`metric-chart-${name}`}
                title={name}
                xLabel={axis === 'step' && s.hasStep ? 'step' : 'epoch'}
                series={
                  smoothing > 0
                    ? [
                        { label: `${name} (raw)`, color, faint: true },
                        { label: name, color },
                      ]
                    : [{ label: name, color }]
                }
                data={() => (smoothing > 0 ? [x, s.values, ema(s.values, smoothing)] : [x, s.values])}
                version={`${s.values.length}:${smoothing}:${axis}`}
              />
            );
          })}
        </div>
      )}
    </section>
  );
}
