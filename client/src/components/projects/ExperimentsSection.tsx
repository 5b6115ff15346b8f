/** A project's experiments (starred first, then newest) with star toggles and "New experiment". */
import { useState } from 'react';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { GuardedButton } from '../ui/GuardedButton';
import { DataTable } from '../ui/DataTable';
import { Link } from '../navigation';
import type { Denial } from '../roles';
import { NewExperimentForm } from './NewExperimentForm';
import { StarButton } from './StarButton';
import { formatTime } from '../training/times';

export const ExperimentItemFragment = graphql(`
  fragment ExperimentItem_experiment on Experiment {
    id
    name
    description
    starredByMe
    starCount
    createdAt
    createdBy {
      id
      email
    }
  }
`);

interface Props {
  projectId: string;
  experiments: Array<FragmentType<typeof ExperimentItemFragment>>;
  /** Null when the viewer may create experiments here. */
  createDenial: Denial;
  onCreated(): void;
}

export function ExperimentsSection({ projectId, createDenial, onCreated, ...props }: Props) {
  const experiments = useFragment(ExperimentItemFragment, props.experiments);
  const [creating, setCreating] = useState(false);
  return (
    <section aria-labelledby="experiments-title">
      <div className="section-head">
        <h2 id="experiments-title">Experiments</h2>
        <div className="head-actions">
          <GuardedButton denial={createDenial} className="secondary" onClick={() => setCreating(true)} disabled={creating}>
            New experiment
          </GuardedButton>
        </div>
      </div>
      {creating && (
        <NewExperimentForm
          projectId={projectId}
          onDone={() => {
            setCreating(false);
            onCreated();
          }}
        />
      )}
      {experiments.length === 0 ? (
        <p className="muted">No experiments yet. An experiment groups jobs to compare them side by side.</p>
      ) : (
        <DataTable columns={['Experiment', 'Description', 'Created by', 'Created', 'Stars']} label="Experiments">
          {experiments.map((experiment) => (
            <tr key={experiment.id} data-testid="experiment-row" data-experiment-id={experiment.id}>
              <th scope="row" className="job-name">
                <Link to={`/experiments/${encodeURIComponent(experiment.id)}`}>{experiment.name}</Link>
              </th>
              <td className="wrap">{experiment.description ?? <span className="muted">—</span>}</td>
              <td>{experiment.createdBy.email}</td>
              <td>{formatTime(experiment.createdAt)}</td>
              <td>
                <StarButton experiment={experiment} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
