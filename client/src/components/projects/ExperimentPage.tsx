/** One experiment: who made it, its star, its jobs (live rows) and their comparison. */
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { UserRole } from '../../gql/graphql';
import { Link } from '../navigation';
import { GuardedLink } from '../ui/GuardedLink';
import { cancelDenial, projectWorkDenial } from '../roles';
import { JobsTable } from '../training/JobsTable';
import { ComparisonTable } from './ComparisonTable';
import { ExperimentCurves } from './ExperimentCurves';
import { NotAvailable } from './NotAvailable';
import { StarButton } from './StarButton';
import { useDocumentTitle } from '../use-document-title';
import { formatTime } from '../training/times';

const ExperimentPageQuery = graphql(`
  query ExperimentPage($id: ID!) {
    experiment(id: $id) {
      id
      name
      description
      createdAt
      starredByMe
      starCount
      createdBy {
        id
        email
      }
      project {
        id
        name
        viewerCanCreateJobs
      }
      trainingJobs {
        id
        ...JobRow_job
      }
      comparison {
        metricNames
      }
      ...Comparison_experiment
    }
  }
`);

export function ExperimentPage({ id, role }: { id: string; role: UserRole }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: ExperimentPageQuery, variables: { id } });
  const experiment = data?.experiment;
  useDocumentTitle(experiment?.name ?? 'Experiment');
  if (!experiment) return <NotAvailable what="Experiment" id={id} error={error} fetching={fetching} back={{ to: '/projects', label: 'All projects' }} />;
  const { project } = experiment;
  const newJob = `/jobs/new?projectId=${encodeURIComponent(project.id)}&experimentId=${encodeURIComponent(experiment.id)}`;

  return (
    <div className="experiment-page">
      <p className="breadcrumb small">
        <Link to={`/projects/${encodeURIComponent(project.id)}`}>← {project.name}</Link>
      </p>
      <section aria-labelledby="experiment-title">
        <div className="section-head">
          <h1 id="experiment-title">{experiment.name}</h1>
          <StarButton experiment={experiment} />
          <div className="head-actions">
            <GuardedLink to={newJob} denial={projectWorkDenial(role, project.viewerCanCreateJobs)}>
              New training job
            </GuardedLink>
          </div>
        </div>
        {experiment.description && <p className="description">{experiment.description}</p>}
        <dl className="job-facts">
          <dt>Project</dt>
          <dd>
            <Link to={`/projects/${encodeURIComponent(project.id)}`}>{project.name}</Link>
          </dd>
          <dt>Created</dt>
          <dd>
            {formatTime(experiment.createdAt)} by {experiment.createdBy.email}
          </dd>
        </dl>
      </section>
      <section aria-labelledby="comparison-title">
        <div className="section-head">
          <h2 id="comparison-title">Comparison</h2>
          <button type="button" className="secondary" onClick={() => refetch({ requestPolicy: 'network-only' })} disabled={fetching}>
            Refresh
          </button>
        </div>
        <ComparisonTable experiment={experiment} />
      </section>
      <section aria-labelledby="curves-title">
        <h2 id="curves-title">Curves</h2>
        <ExperimentCurves experimentId={experiment.id} metricNames={experiment.comparison.metricNames} />
      </section>
      <section aria-labelledby="experiment-jobs-title">
        <h2 id="experiment-jobs-title">Training jobs</h2>
        {experiment.trainingJobs.length === 0 ? (
          <p className="muted">No jobs in this experiment yet.</p>
        ) : (
          <JobsTable jobs={experiment.trainingJobs} cancelDenial={cancelDenial(role)} />
        )}
      </section>
    </div>
  );
}
