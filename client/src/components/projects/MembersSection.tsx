/**
 * A project's members (the User DB's `project_members`, their names and e-mails from the users
 * subgraph). A query of its own: members are non-null in the schema, so a User DB or users-subgraph
 * failure would otherwise blank the whole project page.
 */
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { DataTable } from '../ui/DataTable';
import { projectRoleLabel } from './format';
import { formatTime } from '../training/times';

const ProjectMembersQuery = graphql(`
  query ProjectMembers($id: ID!) {
    project(id: $id) {
      id
      members {
        role
        addedAt
        user {
          id
          email
          fullName
        }
      }
    }
  }
`);

export function MembersSection({ projectId }: { projectId: string }) {
  const [{ data, error, fetching }] = useQuery({ query: ProjectMembersQuery, variables: { id: projectId } });
  const members = data?.project?.members;
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {error && !members && (
        <p className="error" role="alert">
          Could not load the members: {error.graphQLErrors[0]?.message ?? error.message}
        </p>
      )}
      {fetching && !members && <p className="muted">Loading…</p>}
      {members && members.length === 0 && <p className="muted">Only the owner so far.</p>}
      {members && members.length > 0 && (
        <DataTable columns={['Member', 'Role', 'Added']} label="Project members">
          {members.map((m) => (
            <tr key={m.user.id} data-testid="member-row" data-email={m.user.email}>
              <th scope="row" className="job-name">
                {m.user.fullName ? `${m.user.fullName} · ` : ''}
                {m.user.email}
              </th>
              <td>{projectRoleLabel(m.role)}</td>
              <td>{formatTime(m.addedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
