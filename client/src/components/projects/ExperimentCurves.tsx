/**
 * The runs of an experiment overlaid on one uPlot chart for a chosen metric (one line per run,
 * x = epoch), with a checkbox per run to show or hide it. Reads only platform fields (metric
 * series), so it costs no dataset look-up.
 */
import { useState } from 'react';
import uPlot from 'uplot';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { LineChart, PALETTE } from '../training/live/LineChart';

const ExperimentCurvesQuery = graphql(`
  query ExperimentCurves($id: ID!, $metric: String!) {
    experiment(id: $id) {
      id
      trainingJobs {
        id
        name
        metrics(name: $metric) {
          epoch
          value
        }
      }
    }
  }
`);

export function ExperimentCurves({ experimentId, metricNames }: { experimentId: string; metricNames: string[] }) {
  const [chosen, setChosen] = useState('');
  const metric = chosen || (metricNames.includes('loss') ? 'loss' : (metricNames[0] ?? ''));
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [{ data, error, fetching }] = useQuery({ query: ExperimentCurvesQuery, variables: { id: experimentId, metric }, pause: !metric });
  const runs = data?.experiment?.trainingJobs ?? [];
  if (metricNames.length === 0) return <p className="muted">No run has reported metrics yet.</p>;
  const shown = runs.filter((run) => !hidden.has(run.id) && run.metrics.length > 0);
  const toggle = (id: string) =>
    setHidden((before) => {
      const next = new Set(before);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div className="experiment-curves">
      <div className="section-head">
        <label>
          Metric{' '}
          <select value={metric} onChange={(e) => setChosen(e.target.value)} aria-label="Metric to compare">
            {metricNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="run-pickers">
          <legend className="visually-hidden">Runs shown</legend>
          {runs.map((run) => (
            <label key={run.id} className="run-picker">
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
                const points = [...run.metrics].sort((a, b) => (a.epoch ?? 0) - (b.epoch ?? 0));
                return [points.map((p, i) => p.epoch ?? i), points.map((p) => p.value)];
              }),
            )
          }
          version={`${metric}|${shown.map((run) => `${run.id}:${run.metrics.length}`).join(',')}`}
          height={260}
        />
      )}
    </div>
  );
}
