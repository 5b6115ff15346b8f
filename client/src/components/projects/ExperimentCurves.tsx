/**
 * The runs of an experiment overlaid on one uPlot chart for a chosen metric (one line per run,
 * x = epoch), with a checkbox per run to show or hide it. Each run's series comes from its
 * `trainingJobMetrics` delta stream (history first, then points as they are stored, resumed with
 * the last cursor after a reconnect), so the curves of running jobs grow while the page is open and
 * choosing another metric loads nothing. Reads only platform fields: no dataset look-up.
 */
import { useCallback, useEffect, useState } from 'react';
import uPlot from 'uplot';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { LineChart, PALETTE } from '../training/live/LineChart';
import { JobMetricsStream, metricBatch, type MetricPointItem } from '../training/live/MetricCharts';
import { useDeltaStream } from '../training/live/use-delta-stream';

const ExperimentCurvesQuery = graphql(`
  query ExperimentCurves($id: ID!) {
    experiment(id: $id) {
      id
      trainingJobs {
        id
        name
      }
    }
  }
`);

/** Follows one run's metric stream and hands its points (one array, appended in place) up. */
function RunMetricsFeed({ jobId, onPoints }: { jobId: string; onPoints: (jobId: string, points: readonly MetricPointItem[]) => void }) {
  const stream = useDeltaStream(JobMetricsStream, { jobId }, metricBatch);
  useEffect(() => {
    if (stream.version > 0) onPoints(jobId, stream.items);
  }, [jobId, stream.version, stream.items, onPoints]);
  return null;
}

/** The points of one metric, by epoch (the step, then the arrival index, when a point has none). */
function curveOf(points: readonly MetricPointItem[] | undefined, metric: string): { x: number[]; y: number[] } {
  const chosen = (points ?? []).filter((p) => p.name === metric);
  const pairs = chosen.map((p, i) => [p.epoch ?? p.step ?? i, p.value] as const).sort((a, b) => a[0] - b[0]);
  return { x: pairs.map((p) => p[0]), y: pairs.map((p) => p[1]) };
}

export function ExperimentCurves({ experimentId, metricNames }: { experimentId: string; metricNames: string[] }) {
  const [chosen, setChosen] = useState('');
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [{ data, error, fetching }] = useQuery({ query: ExperimentCurvesQuery, variables: { id: experimentId } });
  const runs = data?.experiment?.trainingJobs ?? [];
  // Per run: its points (one array the stream appends to) and how many there were when handed up.
  const [received, setReceived] = useState<ReadonlyMap<string, { points: readonly MetricPointItem[]; count: number }>>(new Map());
  const onPoints = useCallback((jobId: string, points: readonly MetricPointItem[]) => {
    setReceived((before) => new Map(before).set(jobId, { points, count: points.length }));
  }, []);
  // Names the page loaded with, plus any a run reported since.
  const names = [...new Set([...metricNames, ...[...received.values()].flatMap(({ points }) => points.map((p) => p.name))])].sort();
  const metric = chosen || (names.includes('loss') ? 'loss' : (names[0] ?? ''));
  const curves = new Map(runs.map((run) => [run.id, curveOf(received.get(run.id)?.points, metric)]));
  const feeds = runs.map((run) => <RunMetricsFeed key={run.id} jobId={run.id} onPoints={onPoints} />);
  const shown = runs.filter((run) => !hidden.has(run.id) && curves.get(run.id)!.x.length > 0);
  const toggle = (id: string) =>
    setHidden((before) => {
      const next = new Set(before);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div className="experiment-curves">
      {feeds}
      {names.length === 0 ? (
        <p className="muted">No run has reported metrics yet.</p>
      ) : (
        <>
          <div className="section-head">
            <label>
              Metric{' '}
              <select value={metric} onChange={(e) => setChosen(e.target.value)} aria-label="Metric to compare">
                {names.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <fieldset className="run-pickers">
              <legend className="visually-hidden">Runs shown</legend>
              {runs.map((run) => (
                <label key={run.id} className="run-picker" data-testid="run-picker" data-points={curves.get(run.id)!.x.length}>
                  <input type="checkbox" checked={!hidden.has(run.id)} onChange={() => toggle(run.id)} aria-label={`Show ${run.name}`} /> {run.name}
                </label>
              ))}
            </fieldset>
          </div>
          {error && !data && (
            <p className="error" role="alert">
              Could not load the curves: {error.message}
            </p>
          )}
          {fetching && !data && <p className="muted">Loading…</p>}
          {data && shown.length === 0 && <p className="muted">No run chosen has {metric} values.</p>}
          {shown.length > 0 && (
            <LineChart
              testId="experiment-curves-chart"
              title={metric}
              xLabel="epoch"
              series={shown.map((run) => ({ label: run.name, color: PALETTE[runs.indexOf(run) % PALETTE.length]! }))}
              data={() =>
                uPlot.join(
                  shown.map((run) => {
                    const curve = curves.get(run.id)!;
                    return [curve.x, curve.y];
                  }),
                )
              }
              version={`${metric}|${shown.map((run) => `${run.id}:${curves.get(run.id)!.x.length}`).join(',')}`}
              height={260}
            />
          )}
        </>
      )}
    </div>
  );
}
