/**
 * The viewer's organization: its members, and — for managers and admins — its invitations with
 * their status, the invite form and Revoke. Other roles see Invite disabled, with the reason.
 */
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { UserRole } from '../../gql/graphql';
import { GuardedButton } from '../ui/GuardedButton';
import { inviteDenial, renameOrganizationDenial, revokeDenial } from '../roles';
import { InvitationsTable } from './InvitationsTable';
import { InviteForm } from './InviteForm';
import { MembersTable } from './MembersTable';
import { RenameOrganizationForm } from './RenameOrganizationForm';
import { useDocumentTitle } from '../use-document-title';

const OrganizationQuery = graphql(`
  query Organization($id: ID!) {
    organization(id: $id) {
      id
      name
      createdAt
      members {
        id
        ...MembersTable_user
      }
    }
  }
`);

interface OrganizationPageProps {
  organizationId: string;
  viewerRole: UserRole;
}

export function OrganizationPage({ organizationId, viewerRole }: OrganizationPageProps) {
  const [{ data, error, fetching }] = useQuery({ query: OrganizationQuery, variables: { id: organizationId } });
  const [inviting, setInviting] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const organization = data?.organization;
  useDocumentTitle(organization?.name ?? 'Organization');
  const cannotInvite = inviteDenial(viewerRole);

  return (
    <section aria-labelledby="organization-title">
      <div className="section-head">
        <h1 id="organization-title">{organization?.name ?? 'Organization'}</h1>
        <div className="head-actions">
          <GuardedButton denial={renameOrganizationDenial(viewerRole)} className="secondary" onClick={() => setRenaming(true)}>
            Rename
          </GuardedButton>
          <GuardedButton denial={cannotInvite} className="primary" onClick={() => setInviting(true)}>
            Invite
          </GuardedButton>
        </div>
      </div>
      {error && !organization && (
        <p className="error" role="alert">
          Could not load the organization: {error.message}
        </p>
      )}
      {fetching && !organization && <p className="muted">Loading…</p>}
      {organization && renaming && <RenameOrganizationForm organizationId={organization.id} name={organization.name} onDone={() => setRenaming(false)} />}
      {organization && inviting && <InviteForm organizationId={organization.id} viewerRole={viewerRole} onClose={() => setInviting(false)} />}
      {organization && (
        <>
          <h2>Members</h2>
          <MembersTable members={organization.members} />
          <h2>Invitations</h2>
          {cannotInvite ? (
            <p className="muted">Managers and admins see the invitations of the organization here.</p>
          ) : (
            <InvitationsTable organizationId={organization.id} revokeDenial={revokeDenial(viewerRole)} />
          )}
        </>
      )}
    </section>
  );
}
