/** The people of an organization with their roles. */
import { graphql, useFragment, type FragmentType } from '../../gql';
import { DataTable } from '../ui/DataTable';
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

const COLUMNS = ['Member', 'Name', 'Role', 'Status'];

export function MembersTable(props: { members: readonly FragmentType<typeof MembersTableFragment>[] }) {
  const members = useFragment(MembersTableFragment, props.members);
  if (members.length === 0) return <p className="muted">No members yet.</p>;
  return (
    <DataTable columns={COLUMNS}>
      {members.map((member) => (
        <tr key={member.id} data-testid="member-row" data-email={member.email}>
          <th scope="row">{member.email}</th>
          <td>{member.fullName ?? <span className="muted">—</span>}</td>
          <td data-testid="member-role">{roleLabel(member.role)}</td>
          <td>{member.isActive ? 'Active' : <span className="muted">Deactivated</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}
