/** The first 20 training jobs the caller may see; each row keeps itself live. */
import { useQuery, type CombinedError } from 'urql';
import { graphql } from '../gql';
import type { UserRole } from '../gql/graphql';
import { JobRow } from './JobRow';
import { Link } from './navigation';
import { CANCEL_FORBIDDEN_REASON, mayCancelJobs } from './roles';

const PAGE_SIZE = 20;

const TrainingJobsQuery = graphql(`
  query TrainingJobs($first: Int!) {
    trainingJobs(first: $first) {
      totalCount
      nodes {
        id
        ...JobRow_job
      }
    }
  }
`);

/**
 * The datasets subgraph may fail for one job (Labeler down, dataset deleted) while the rest of
 * the page is fine; map row index → error message so that row says "unavailable".
 */
function datasetErrorsByRow(error: CombinedError | undefined): Map<number, string> {
  const byRow = new Map<number, string>();
  for (const e of error?.graphQLErrors ?? []) {
    const [root, nodes, index, field] = e.path ?? [];
    if (root === 'trainingJobs' && nodes === 'nodes' && typeof index === 'number' && field === 'dataset') byRow.set(index, e.message);
  }
  return byRow;
}

export function TrainingJobsPage({ role }: { role: UserRole }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: TrainingJobsQuery, variables: { first: PAGE_SIZE } });
  const jobs = data?.trainingJobs;
  const datasetErrors = datasetErrorsByRow(error);
  const canCancel = mayCancelJobs(role);

  return (
    <section aria-labelledby="jobs-title">
      <div className="section-head">
        <h1 id="jobs-title">Training jobs</h1>
        {jobs && (
          <span className="muted" data-testid="jobs-count">
            {jobs.nodes.length} of {jobs.totalCount}
          </span>
        )}
        <button type="button" className="secondary" onClick={() => refetch({ requestPolicy: 'network-only' })} disabled={fetching}>
          Refresh
        </button>
        {canCancel && (
          <Link to="/jobs/new" className="button">
            New training job
          </Link>
        )}
      </div>
      {!canCancel && <p className="notice">{CANCEL_FORBIDDEN_REASON}</p>}
      {error && !jobs && (
        <p className="error" role="alert">
          Could not load training jobs: {error.message}
        </p>
      )}
      {fetching && !jobs && <p className="muted">Loading…</p>}
      {jobs && jobs.nodes.length === 0 && <p className="muted">No training jobs yet.</p>}
      {jobs && jobs.nodes.length > 0 && (
        <div className="table-wrap">
          <table className="jobs">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Owner</th>
                <th scope="col">Dataset</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.nodes.map((job, index) => (
                <JobRow
                  key={job.id}
                  job={job}
                  datasetError={datasetErrors.get(index) ?? null}
                  cancelForbiddenReason={canCancel ? null : CANCEL_FORBIDDEN_REASON}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
