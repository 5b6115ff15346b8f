/** Invitations of an organization, newest first, with status; pending ones can be revoked. */
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { InvitationStatus } from '../../gql/graphql';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DataTable, type Column } from '../ui/DataTable';
import { GuardedButton } from '../ui/GuardedButton';
import { refusalMessage } from '../ui/form-errors';
import { roleLabel, type Denial } from '../roles';
import { formatTime } from '../training/times';

const OrganizationInvitationsQuery = graphql(`
  query OrganizationInvitations($id: ID!) {
    organization(id: $id) {
      id
      invitations {
        id
        email
        role
        status
        expiresAt
        acceptedAt
        createdAt
        invitedBy {
          id
          email
        }
      }
    }
  }
`);

const RevokeInvitationMutation = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id) {
      id
      status
    }
  }
`);

const STATUS_BADGE: Record<InvitationStatus, string> = {
  PENDING: 'badge-running',
  ACCEPTED: 'badge-completed',
  REVOKED: 'badge-cancelled',
  EXPIRED: 'badge-queued',
};

const COLUMNS: Column[] = ['E-mail', 'Role', 'Status', 'Invited by', 'Expires', { label: 'Actions', hidden: true }];

// The invite and revoke mutations return `Invitation`s: listing the typename makes urql's
// document cache refetch this list after either, even when the list was empty.
const CONTEXT = { additionalTypenames: ['Invitation'] };

export function InvitationsTable({ organizationId, revokeDenial }: { organizationId: string; revokeDenial: Denial }) {
  const [{ data, error }] = useQuery({ query: OrganizationInvitationsQuery, variables: { id: organizationId }, context: CONTEXT });
  const [revoking, setRevoking] = useState<{ id: string; email: string } | null>(null);
  const [revokeResult, revoke] = useMutation(RevokeInvitationMutation);
  const invitations = [...(data?.organization?.invitations ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  async function confirmRevoke() {
    if (!revoking) return;
    const { error } = await revoke({ id: revoking.id });
    if (!error) setRevoking(null);
  }

  if (error && !data) {
    return (
      <p className="error" role="alert">
        Could not load invitations: {error.message}
      </p>
    );
  }
  if (data && invitations.length === 0) return <p className="muted">No invitations yet.</p>;
  return (
    <>
      <DataTable columns={COLUMNS}>
        {invitations.map((invitation) => (
          <tr key={invitation.id} data-testid="invitation-row" data-email={invitation.email} data-status={invitation.status}>
            <th scope="row">{invitation.email}</th>
            <td>{roleLabel(invitation.role)}</td>
            <td>
              <span className={`badge ${STATUS_BADGE[invitation.status]}`} data-testid="invitation-status">
                {invitation.status}
              </span>
            </td>
            <td>{invitation.invitedBy?.email ?? <span className="muted">—</span>}</td>
            <td className="muted">{invitation.acceptedAt ? `accepted ${formatTime(invitation.acceptedAt)}` : formatTime(invitation.expiresAt)}</td>
            <td className="actions">
              {invitation.status === 'PENDING' && (
                <GuardedButton
                  denial={revokeDenial}
                  showHint={false}
                  className="danger"
                  aria-label={`Revoke the invitation of ${invitation.email}`}
                  onClick={() => setRevoking({ id: invitation.id, email: invitation.email })}
                >
                  Revoke
                </GuardedButton>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {revoking && (
        <ConfirmDialog
          title="Revoke this invitation?"
          confirmLabel="Revoke"
          tone="danger"
          busy={revokeResult.fetching}
          error={refusalMessage(revokeResult.error)}
          onConfirm={() => void confirmRevoke()}
          onCancel={() => setRevoking(null)}
        >
          <p>The link sent to {revoking.email} stops working at once.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
