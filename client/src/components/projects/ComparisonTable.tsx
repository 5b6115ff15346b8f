/**
 * An experiment's jobs side by side: status, model, key configuration values and one column per
 * metric with the job's final value; the best value of each metric column is highlighted. The
 * configuration and the metrics are separate column groups ("config", "metrics"), so a setting and
 * a metric of the same name are never taken for one another.
 */
import { graphql, useFragment, type FragmentType } from '../../gql';
import { labelOf } from '../training/config-fields';
import { Link } from '../navigation';
import { DataTable, type Column } from '../ui/DataTable';
import { StatusBadge } from '../ui/StatusBadge';
import { bestValues, configColumns, formatConfigValue, isSettingSeries, lowerIsBetter, metricFormat, parseConfig } from './comparison';

const direction = (name: string) => (isSettingSeries(name) ? 'a setting, not compared' : lowerIsBetter(name) ? 'lower is better' : 'higher is better');

export const ComparisonFragment = graphql(`
  fragment Comparison_experiment on Experiment {
    comparison {
      metricNames
      rows {
        trainingJob {
          id
          name
          status
          model
          config
        }
        finalMetrics {
          name
          value
        }
      }
    }
  }
`);

export function ComparisonTable(props: { experiment: FragmentType<typeof ComparisonFragment> }) {
  const { comparison } = useFragment(ComparisonFragment, props.experiment);
  if (comparison.rows.length === 0) return <p className="muted">No jobs to compare yet. Add jobs to this experiment from their job pages.</p>;
  const configs = comparison.rows.map((row) => parseConfig(row.trainingJob.config));
  const columns = configColumns(configs);
  const metrics = comparison.rows.map((row) => new Map(row.finalMetrics.map((m) => [m.name, m.value])));
  const best = bestValues(comparison.metricNames, metrics);
  const formats = new Map(comparison.metricNames.map((name) => [name, metricFormat(metrics.map((row) => row.get(name)))]));
  const headers: Column[] = [
    'Job',
    'Status',
    'Model',
    ...columns.map((key, i) => ({
      label: labelOf(key),
      key: `config:${key}`,
      className: `numeric config${i === 0 ? ' group-start' : ''}`,
      title: `config: ${key}`,
    })),
    ...comparison.metricNames.map((name, i) => ({
      label: `${name} ${isSettingSeries(name) ? '' : lowerIsBetter(name) ? '↓' : '↑'}`,
      key: `metric:${name}`,
      className: `numeric metric${i === 0 ? ' group-start' : ''}`,
      title: `final ${name}: ${direction(name)}`,
    })),
  ];

  return (
    <DataTable
      columns={headers}
      className="jobs comparison"
      label="Comparison"
      groups={[
        { label: '', span: 3 },
        { label: 'config', span: columns.length },
        { label: 'metrics', span: comparison.metricNames.length },
      ]}
    >
      {comparison.rows.map((row, index) => (
        <tr key={row.trainingJob.id} data-testid="comparison-row" data-job-id={row.trainingJob.id}>
          <th scope="row" className="job-name">
            <Link to={`/jobs/${encodeURIComponent(row.trainingJob.id)}`}>{row.trainingJob.name}</Link>
          </th>
          <td>
            <StatusBadge status={row.trainingJob.status} />
          </td>
          <td>{row.trainingJob.model}</td>
          {columns.map((key, i) => (
            <td key={key} className={`numeric config${i === 0 ? ' group-start' : ''}`} data-config={key}>
              {formatConfigValue(configs[index]![key])}
            </td>
          ))}
          {comparison.metricNames.map((name, i) => {
            const value = metrics[index]!.get(name);
            const isBest = value !== undefined && best.get(name) === value;
            return (
              <td
                key={name}
                className={`numeric metric${i === 0 ? ' group-start' : ''}${isBest ? ' best' : ''}`}
                data-metric={name}
                data-best={isBest || undefined}
              >
                {value === undefined ? <span className="muted">—</span> : formats.get(name)!(value)}
                {isBest && <span className="visually-hidden"> (best)</span>}
              </td>
            );
          })}
        </tr>
      ))}
    </DataTable>
  );
}
