/** The people of an organization with their roles. */
import { graphql, useFragment, type FragmentType } from '../../gql';
import { roleLabel } from '../roles';

export const MembersTableFragment = graphql(`
  fragment MembersTable_user on User {
    id
    email
    fullName
    role
    isActive
  }
`);

export function MembersTable(props: { members: readonly FragmentType<typeof MembersTableFragment>[] }) {
  const members = useFragment(MembersTableFragment, props.members);
  if (members.length === 0) return <p className="muted">No members yet.</p>;
  return (
    <div className="table-wrap">
      <table className="jobs">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id} data-testid="member-row" data-email={member.email}>
              <th scope="row">{member.email}</th>
              <td>{member.fullName ?? <span className="muted">—</span>}</td>
              <td data-testid="member-role">{roleLabel(member.role)}</td>
              <td>{member.isActive ? 'Active' : <span className="muted">Deactivated</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
