/**
 * A project's members (the User DB's `project_members`, their names and e-mails from the users
 * subgraph). A query of its own: members are non-null in the schema, so a User DB or users-subgraph
 * failure would otherwise blank the whole project page.
 *
 * Managers and admins add members, change a member's project role and remove members, each change
 * behind a confirmation; everyone else sees the list read-only, with the reason.
 */
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DataTable, type Column } from '../ui/DataTable';
import { refusalMessage } from '../ui/form-errors';
import type { Denial } from '../roles';
import { AddMemberForm, AddProjectMemberMutation } from './AddMemberForm';
import { PROJECT_ROLES, projectRoleLabel } from './format';
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

const RemoveProjectMemberMutation = graphql(`
  mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {
    removeProjectMember(projectId: $projectId, userId: $userId)
  }
`);

// Adding answers a `ProjectMember`, removing a plain Boolean: listing the typename makes urql's
// document cache refetch the members after either, even when the list was empty.
const MEMBER_TYPENAMES = { additionalTypenames: ['ProjectMember'] };

const COLUMNS: Column[] = ['Member', 'Role', 'Added'];
const MANAGED_COLUMNS: Column[] = [...COLUMNS, { label: 'Actions', hidden: true }];

interface Member {
  role: string;
  addedAt: string;
  user: { id: string; email: string; fullName?: string | null };
}

interface MembersSectionProps {
  projectId: string;
  /** Null when the viewer may add and remove members. */
  manageDenial: Denial;
}

export function MembersSection({ projectId, manageDenial }: MembersSectionProps) {
  const [{ data, error, fetching }] = useQuery({ query: ProjectMembersQuery, variables: { id: projectId }, context: MEMBER_TYPENAMES });
  const [adding, setAdding] = useState(false);
  const members = data?.project?.members;
  const manage = manageDenial === null;
  return (
    <section aria-labelledby="members-title">
      <div className="section-head">
        <h2 id="members-title">Members</h2>
        {manage && (
          <div className="head-actions">
            <button type="button" className="secondary" onClick={() => setAdding(true)} disabled={adding}>
              Add member
            </button>
          </div>
        )}
      </div>
      {!manage && <p className="muted small">{manageDenial}</p>}
      {adding && <AddMemberForm projectId={projectId} memberIds={members?.map((m) => m.user.id) ?? []} onDone={() => setAdding(false)} />}
      {error && !members && (
        <p className="error" role="alert">
          Could not load the members: {error.graphQLErrors[0]?.message ?? error.message}
        </p>
      )}
      {fetching && !members && <p className="muted">Loading…</p>}
      {members && members.length === 0 && <p className="muted">Only the owner so far.</p>}
      {members && members.length > 0 && (
        <DataTable columns={manage ? MANAGED_COLUMNS : COLUMNS} label="Project members">
          {members.map((m) =>
            manage ? (
              <ManagedMemberRow key={m.user.id} projectId={projectId} member={m} />
            ) : (
              <tr key={m.user.id} data-testid="member-row" data-email={m.user.email} data-role={m.role}>
                <MemberName member={m} />
                <td>{projectRoleLabel(m.role)}</td>
                <td>{formatTime(m.addedAt)}</td>
              </tr>
            ),
          )}
        </DataTable>
      )}
    </section>
  );
}

function MemberName({ member }: { member: Member }) {
  return (
    <th scope="row" className="job-name">
      {member.user.fullName ? `${member.user.fullName} · ` : ''}
      {member.user.email}
    </th>
  );
}

type Pending = { kind: 'role'; role: string } | { kind: 'remove' } | null;

/** A member with a role select and Remove, for managers and admins. */
function ManagedMemberRow({ projectId, member }: { projectId: string; member: Member }) {
  const [pending, setPending] = useState<Pending>(null);
  const [roleResult, changeRole] = useMutation(AddProjectMemberMutation);
  const [removeResult, remove] = useMutation(RemoveProjectMemberMutation);
  const { user } = member;
  const name = user.fullName || user.email;
  const busy = roleResult.fetching || removeResult.fetching;

  async function confirm() {
    if (!pending) return;
    const { error } =
      pending.kind === 'role'
        ? await changeRole({ projectId, userId: user.id, role: pending.role })
        : await remove({ projectId, userId: user.id }, MEMBER_TYPENAMES);
    if (!error) setPending(null);
  }

  return (
    <tr data-testid="member-row" data-email={user.email} data-role={member.role}>
      <MemberName member={member} />
      <td>
        <select
          aria-label={`Project role of ${user.email}`}
          value={member.role}
          disabled={busy}
          onChange={(e) => setPending({ kind: 'role', role: e.target.value })}
        >
          {PROJECT_ROLES.map((role) => (
            <option key={role} value={role}>
              {projectRoleLabel(role)}
            </option>
          ))}
        </select>
      </td>
      <td>{formatTime(member.addedAt)}</td>
      <td className="actions">
        <button
          type="button"
          className="danger"
          aria-label={`Remove ${user.email} from the project`}
          disabled={busy}
          onClick={() => setPending({ kind: 'remove' })}
        >
          Remove
        </button>
        {pending?.kind === 'role' && (
          <ConfirmDialog
            title="Change project role?"
            confirmLabel="Change role"
            busy={busy}
            error={refusalMessage(roleResult.error)}
            onConfirm={() => void confirm()}
            onCancel={() => setPending(null)}
          >
            <p>
              {name} becomes <strong>{projectRoleLabel(pending.role)}</strong> in this project (now {projectRoleLabel(member.role)}). The change applies to
              their next request.
            </p>
          </ConfirmDialog>
        )}
        {pending?.kind === 'remove' && (
          <ConfirmDialog
            title="Remove from the project?"
            confirmLabel="Remove"
            tone="danger"
            busy={busy}
            error={refusalMessage(removeResult.error)}
            onConfirm={() => void confirm()}
            onCancel={() => setPending(null)}
          >
            <p>
              {name} loses the {projectRoleLabel(member.role)} role in this project at their next request. Their jobs in it stay.
            </p>
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}
