/** The projects the caller may see, with their role in each, and "New project" for engineers and up. */
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { UserRole } from '../../gql/graphql';
import { GuardedButton } from '../ui/GuardedButton';
import { DataTable } from '../ui/DataTable';
import { Link } from '../navigation';
import { Pager, PageCount, useCursorPaging } from '../ui/paging';
import { createProjectDenial } from '../roles';
import { NewProjectForm } from './NewProjectForm';
import { projectRoleLabel } from './format';
import { useDocumentTitle } from '../use-document-title';
import { formatTime } from '../training/times';

const PROJECTS_PAGE_SIZE = 20;

const ProjectsQuery = graphql(`
  query Projects($first: Int!, $after: String) {
    projects(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        description
        myRole
        createdAt
        owner {
          id
          email
        }
      }
    }
  }
`);

export function ProjectsPage({ role }: { role: UserRole }) {
  useDocumentTitle('Projects');
  const paging = useCursorPaging('');
  const [{ data, error, fetching }] = useQuery({
    query: ProjectsQuery,
    variables: { first: PROJECTS_PAGE_SIZE, after: paging.after },
    requestPolicy: 'cache-and-network',
  });
  const [creating, setCreating] = useState(false);
  const page = data?.projects;

  return (
    <section aria-labelledby="projects-title">
      <div className="section-head">
        <h1 id="projects-title">Projects</h1>
        <PageCount paging={paging} pageSize={PROJECTS_PAGE_SIZE} page={page} testId="projects-count" />
        <div className="head-actions">
          <GuardedButton denial={createProjectDenial(role)} className="primary" onClick={() => setCreating(true)} disabled={creating}>
            New project
          </GuardedButton>
        </div>
      </div>
      {creating && <NewProjectForm onCancel={() => setCreating(false)} />}
      {error && !page && (
        <p className="error" role="alert">
          Could not load projects: {error.message}
        </p>
      )}
      {fetching && !page && <p className="muted">Loading…</p>}
      {page && page.nodes.length === 0 && <p className="muted">No projects yet.</p>}
      {page && page.nodes.length > 0 && (
        <DataTable columns={['Name', 'Description', 'Owner', 'My role', 'Created']} label="Projects">
          {page.nodes.map((project) => (
            <tr key={project.id} data-testid="project-row" data-project-id={project.id}>
              <th scope="row" className="job-name">
                <Link to={`/projects/${encodeURIComponent(project.id)}`}>{project.name}</Link>
              </th>
              <td className="wrap">{project.description ?? <span className="muted">—</span>}</td>
              <td>{project.owner.email}</td>
              <td data-testid="project-role">{projectRoleLabel(project.myRole)}</td>
              <td>{formatTime(project.createdAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {page && <Pager paging={paging} pageInfo={page.pageInfo} busy={fetching} label="Project pages" />}
    </section>
  );
}
