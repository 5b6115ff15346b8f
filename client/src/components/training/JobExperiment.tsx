/**
 * The job page's project and experiment facts, and "Move" for a user with rights (the job's
 * owner or a project owner): puts the job into another experiment of its project, or takes it out.
 */
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { Link } from '../navigation';
import { moveJobDenial } from '../roles';
import { GuardedButton } from '../ui/GuardedButton';

const JobExperimentQuery = graphql(`
  query JobExperiment($id: ID!) {
    me {
      id
      role
    }
    trainingJob(id: $id) {
      id
      owner {
        id
      }
      experiment {
        id
        name
      }
      project {
        id
        name
        myRole
        experiments {
          id
          name
        }
      }
    }
  }
`);

const SetJobExperimentMutation = graphql(`
  mutation SetTrainingJobExperiment($jobId: ID!, $experimentId: ID) {
    setTrainingJobExperiment(jobId: $jobId, experimentId: $experimentId) {
      id
      experiment {
        id
        name
      }
    }
  }
`);

export function JobExperiment({ id }: { id: string }) {
  const [{ data }] = useQuery({ query: JobExperimentQuery, variables: { id } });
  const [state, move] = useMutation(SetJobExperimentMutation);
  const [choice, setChoice] = useState<string | null>(null);
  const job = data?.trainingJob;
  const me = data?.me;
  if (!job || !me) return null;
  const current = job.experiment?.id ?? '';
  const selected = choice ?? current;
  const denial = moveJobDenial(me.role, me.id === job.owner.id, job.project.myRole);

  return (
    <>
      <dt>Project</dt>
      <dd>
        <Link to={`/projects/${encodeURIComponent(job.project.id)}`}>{job.project.name}</Link>
      </dd>
      <dt>Experiment</dt>
      <dd className="move-job" data-testid="job-experiment">
        {job.experiment ? <Link to={`/experiments/${encodeURIComponent(job.experiment.id)}`}>{job.experiment.name}</Link> : <span className="muted">none</span>}
        {job.project.experiments.length > 0 && (
          <>
            <select
              aria-label="Move to experiment"
              value={selected}
              onChange={(e) => setChoice(e.target.value)}
              disabled={denial !== null}
              title={denial ?? undefined}
            >
              <option value="">No experiment</option>
              {job.project.experiments.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
            <GuardedButton
              denial={denial}
              className="secondary"
              disabled={selected === current || state.fetching}
              onClick={async () => {
                const result = await move({ jobId: job.id, experimentId: selected || null });
                if (result.data) setChoice(null);
              }}
            >
              {state.fetching ? 'Moving…' : 'Move'}
            </GuardedButton>
          </>
        )}
        {state.error && (
          <span className="error small" role="alert">
            {state.error.graphQLErrors[0]?.message ?? 'Could not move the job.'}
          </span>
        )}
      </dd>
    </>
  );
}
