/** "Register" on a COMPLETED job's page: the job becomes the next version of a model of its project. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { UserRole } from '../../gql/graphql';
import { Link, navigate } from '../navigation';
import { projectWorkDenial } from '../roles';
import { GuardedButton } from '../ui/GuardedButton';

const JobModelVersionsQuery = graphql(`
  query JobModelVersions($id: ID!) {
    trainingJob(id: $id) {
      id
      modelVersions {
        id
        version
        model {
          id
          name
        }
      }
    }
  }
`);

const RegisterMutation = graphql(`
  mutation RegisterModelVersion($input: RegisterModelVersionInput!) {
    registerModelVersion(input: $input) {
      id
      version
      model {
        id
      }
    }
  }
`);

export function RegisterModel({ jobId, jobName, role, viewerCanCreateJobs }: { jobId: string; jobName: string; role: UserRole; viewerCanCreateJobs: boolean }) {
  const [{ data }] = useQuery({ query: JobModelVersionsQuery, variables: { id: jobId } });
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(
    jobName
      .replace(/[^\w .-]+/g, ' ')
      .trim()
      .slice(0, 120),
  );
  const [description, setDescription] = useState('');
  const [state, register] = useMutation(RegisterMutation);
  const versions = data?.trainingJob?.modelVersions ?? [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await register({ input: { jobId, modelName: name, description: description || null } });
    if (result.data) navigate(`/models/${encodeURIComponent(result.data.registerModelVersion.model.id)}`);
  }

  return (
    <div className="register-model" data-testid="register-model">
      {versions.length > 0 && (
        <p className="muted" data-testid="job-model-versions">
          Registered as{' '}
          {versions.map((v, i) => (
            <span key={v.id}>
              {i > 0 && ', '}
              <Link to={`/models/${encodeURIComponent(v.model.id)}`}>
                {v.model.name} v{v.version}
              </Link>
            </span>
          ))}
        </p>
      )}
      {!open ? (
        <GuardedButton denial={projectWorkDenial(role, viewerCanCreateJobs)} onClick={() => setOpen(true)}>
          Register as model
        </GuardedButton>
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-label="Register as a model version" className="export-form">
          <label>
            Model name
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
          </label>
          <label>
            Description
            <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} placeholder="optional" />
          </label>
          <button type="submit" className="primary" disabled={state.fetching}>
            Register version
          </button>
          <button type="button" className="secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
          {state.error && (
            <p className="error" role="alert">
              {state.error.graphQLErrors[0]?.message ?? state.error.message}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
