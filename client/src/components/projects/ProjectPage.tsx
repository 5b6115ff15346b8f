/**
 * One project: details, members (added and removed by managers and admins), experiments and its
 * training jobs (the jobs list's filters, kept in the address bar). "New training job" opens the
 * create-job form with the project chosen.
 */
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { UserRole } from '../../gql/graphql';
import { Link } from '../navigation';
import { GuardedLink } from '../ui/GuardedLink';
import { cancelDenial, projectMembersDenial, projectWorkDenial } from '../roles';
import { JobsList } from '../training/JobsList';
import { ExperimentsSection } from './ExperimentsSection';
import { MembersSection } from './MembersSection';
import { NotAvailable } from './NotAvailable';
import { projectRoleLabel } from './format';
import { useDocumentTitle } from '../use-document-title';
import { formatTime } from '../training/times';

const ProjectPageQuery = graphql(`
  query ProjectPage($id: ID!) {
    project(id: $id) {
      id
      name
      description
      createdAt
      myRole
      viewerCanCreateJobs
      owner {
        id
        email
      }
      experiments {
        id
        ...ExperimentItem_experiment
      }
    }
  }
`);

/** The experiments list changes through mutations whose answers hold no Project when it was empty. */
const EXPERIMENT_TYPENAMES = { additionalTypenames: ['Experiment'] };

export function ProjectPage({ id, role }: { id: string; role: UserRole }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: ProjectPageQuery, variables: { id }, context: EXPERIMENT_TYPENAMES });
  const project = data?.project;
  useDocumentTitle(project?.name ?? 'Project');
  if (!project) return <NotAvailable what="Project" id={id} error={error} fetching={fetching} back={{ to: '/projects', label: 'All projects' }} />;
  const workDenial = projectWorkDenial(role, project.viewerCanCreateJobs);
  const basePath = `/projects/${encodeURIComponent(project.id)}`;

  return (
    <div className="project-page">
      <p className="breadcrumb small">
        <Link to="/projects">← All projects</Link>
      </p>
      <section aria-labelledby="project-title">
        <div className="section-head">
          <h1 id="project-title">{project.name}</h1>
          <span className="role-chip" data-testid="project-role">
            {projectRoleLabel(project.myRole)}
          </span>
        </div>
        {project.description && <p className="description">{project.description}</p>}
        <dl className="job-facts">
          <dt>Owner</dt>
          <dd>{project.owner.email}</dd>
          <dt>Created</dt>
          <dd>{formatTime(project.createdAt)}</dd>
          <dt>Id</dt>
          <dd>
            <code>{project.id}</code>
          </dd>
        </dl>
      </section>
      <MembersSection projectId={project.id} manageDenial={projectMembersDenial(role)} />
      <ExperimentsSection
        projectId={project.id}
        experiments={project.experiments}
        createDenial={workDenial}
        onCreated={() => refetch({ requestPolicy: 'network-only' })}
      />
      <JobsList
        basePath={basePath}
        projectId={project.id}
        cancelDenial={cancelDenial(role)}
        title={<h2 id="jobs-title">Training jobs</h2>}
        actions={
          <GuardedLink to={`/jobs/new?projectId=${encodeURIComponent(project.id)}`} denial={workDenial}>
            New training job
          </GuardedLink>
        }
      />
    </div>
  );
}
