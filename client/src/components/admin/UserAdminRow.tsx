/** One account on the Users page: role select and Deactivate, each behind a confirmation. */
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { UserRole } from '../../gql/graphql';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { GuardedButton } from '../ui/GuardedButton';
import { refusalMessage } from '../ui/form-errors';
import { ROLES, roleLabel, selfAdministrationDenial } from '../roles';
import { formatDay } from '../training/times';

export const UserAdminRowFragment = graphql(`
  fragment UserAdminRow_user on User {
    id
    email
    fullName
    role
    isActive
    createdAt
  }
`);

const UpdateUserRoleMutation = graphql(`
  mutation UpdateUserRole($userId: ID!, $role: UserRole!) {
    updateUserRole(userId: $userId, role: $role) {
      id
      role
    }
  }
`);

const DeactivateUserMutation = graphql(`
  mutation DeactivateUser($userId: ID!) {
    deactivateUser(userId: $userId) {
      id
      isActive
    }
  }
`);

type Pending = { kind: 'role'; role: UserRole } | { kind: 'deactivate' } | null;

interface UserAdminRowProps {
  user: FragmentType<typeof UserAdminRowFragment>;
  viewerId: string;
}

export function UserAdminRow(props: UserAdminRowProps) {
  const user = useFragment(UserAdminRowFragment, props.user);
  const [pending, setPending] = useState<Pending>(null);
  const [roleResult, updateRole] = useMutation(UpdateUserRoleMutation);
  const [deactivateResult, deactivate] = useMutation(DeactivateUserMutation);
  const self = selfAdministrationDenial(props.viewerId, user.id);
  const roleDenial = self ?? (user.isActive ? null : 'Deactivated accounts cannot be changed.');
  const name = user.fullName || user.email;

  async function confirm() {
    if (!pending) return;
    const { error } = pending.kind === 'role' ? await updateRole({ userId: user.id, role: pending.role }) : await deactivate({ userId: user.id });
    if (!error) setPending(null);
  }

  const busy = roleResult.fetching || deactivateResult.fetching;
  const dialogError = refusalMessage(pending?.kind === 'role' ? roleResult.error : deactivateResult.error);

  return (
    <tr data-testid="user-row" data-email={user.email} data-role={user.role} data-active={user.isActive}>
      <th scope="row">
        <div>{user.email}</div>
        {user.fullName && <div className="muted small">{user.fullName}</div>}
        {self && <div className="denial-hint">{self}</div>}
      </th>
      <td>
        <span className="guarded" title={roleDenial ?? undefined}>
          <select
            aria-label={`Role of ${user.email}`}
            value={user.role}
            disabled={roleDenial !== null || busy}
            title={roleDenial ?? undefined}
            onChange={(e) => setPending({ kind: 'role', role: e.target.value as UserRole })}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        </span>
      </td>
      <td>
        <span className={`badge ${user.isActive ? 'badge-completed' : 'badge-cancelled'}`} data-testid="user-status">
          {user.isActive ? 'Active' : 'Deactivated'}
        </span>
      </td>
      <td className="muted">{formatDay(user.createdAt)}</td>
      <td className="actions">
        {user.isActive && (
          <GuardedButton
            denial={self}
            showHint={false}
            className="danger"
            aria-label={`Deactivate ${user.email}`}
            onClick={() => setPending({ kind: 'deactivate' })}
          >
            Deactivate
          </GuardedButton>
        )}
        {pending?.kind === 'role' && (
          <ConfirmDialog
            title="Change role?"
            confirmLabel="Change role"
            busy={busy}
            error={dialogError}
            onConfirm={() => void confirm()}
            onCancel={() => setPending(null)}
          >
            <p>
              {name} becomes <strong>{roleLabel(pending.role)}</strong> (now {roleLabel(user.role)}). The change applies to their next request.
            </p>
          </ConfirmDialog>
        )}
        {pending?.kind === 'deactivate' && (
          <ConfirmDialog
            title="Deactivate this account?"
            confirmLabel="Deactivate"
            tone="danger"
            busy={busy}
            error={dialogError}
            onConfirm={() => void confirm()}
            onCancel={() => setPending(null)}
          >
            <p>{name} is logged out at once and can no longer log in. Their jobs and data stay.</p>
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}
