/**
 * Invite someone by e-mail with a role and an expiry, to the organization and optionally to a
 * project (as a member) and a dataset (viewer or editor; only datasets the inviter may share are
 * offered). The answer carries the secret token once; the form shows the accept link to copy and
 * never again (the server stores only its hash).
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { DatasetInvitationPermission, UserRole } from '../../gql/graphql';
import { Field } from '../ui/Field';
import { FormFooter } from '../ui/FormFooter';
import { fieldError, readFormErrors } from '../ui/form-errors';
import { ROLES, inviteRoleDenial, roleLabel } from '../roles';

const InviteUserMutation = graphql(`
  mutation InviteUser($input: InviteInput!) {
    inviteUser(input: $input) {
      token
      acceptUrl
      invitation {
        id
        email
        role
        status
        expiresAt
        projectId
        datasetId
        datasetPermission
      }
    }
  }
`);

/** What an invitation can also be about: the projects the inviter sees, the datasets they may share. */
const InviteTargetsQuery = graphql(`
  query InviteTargets {
    projects(first: 100) {
      nodes {
        id
        name
      }
    }
    datasets(first: 100) {
      nodes {
        id
        name
        myPermission
      }
    }
  }
`);

const EXPIRY_CHOICES = [
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
];

/** The console's own page for the token: the link works wherever this console is served. */
export const acceptLink = (token: string, origin = window.location.origin): string => `${origin}/invite/${encodeURIComponent(token)}`;

interface InviteFormProps {
  organizationId: string;
  viewerRole: UserRole;
  onClose(): void;
}

export function InviteForm({ organizationId, viewerRole, onClose }: InviteFormProps) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<UserRole>('STANDARD_ENGINEER');
  const [expiresInHours, setExpiresInHours] = useState(168);
  const [projectId, setProjectId] = useState('');
  const [datasetId, setDatasetId] = useState('');
  const [datasetPermission, setDatasetPermission] = useState<DatasetInvitationPermission>('VIEWER');
  const [{ data: targets }] = useQuery({ query: InviteTargetsQuery });
  const projects = targets?.projects.nodes ?? [];
  // Sharing a dataset needs its owner's (ADMIN) level; the server checks again.
  const shareable = (targets?.datasets.nodes ?? []).filter((d) => d.myPermission === 'ADMIN');
  const [result, invite] = useMutation(InviteUserMutation);
  const [created, setCreated] = useState<{ email: string; link: string } | null>(null);
  const errors = readFormErrors(result.error);
  const forbiddenRoles = ROLES.filter((r) => inviteRoleDenial(viewerRole, r) !== null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data } = await invite({
      input: {
        email: email.trim(),
        role,
        organizationId,
        expiresInHours,
        projectId: projectId || null,
        datasetId: datasetId || null,
        datasetPermission: datasetId ? datasetPermission : null,
      },
    });
    if (!data) return;
    setCreated({ email: data.inviteUser.invitation.email, link: acceptLink(data.inviteUser.token) });
    setEmail('');
  }

  if (created) return <CreatedInvitationPanel email={created.email} link={created.link} onClose={onClose} onAnother={() => setCreated(null)} />;

  return (
    <form className="card form inline-form" onSubmit={submit} aria-label="Invite a colleague">
      <h2>Invite a colleague</h2>
      <Field label="E-mail" type="email" name="email" required value={email} onChange={setEmail} error={fieldError(errors, 'email')} />
      <div className="field">
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" name="role" value={role} onChange={(e) => setRole(e.target.value as UserRole)}>
          {ROLES.map((r) => (
            <option key={r} value={r} disabled={forbiddenRoles.includes(r)} title={inviteRoleDenial(viewerRole, r) ?? undefined}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
        {forbiddenRoles.map((r) => (
          <span key={r} className="denial-hint">
            {inviteRoleDenial(viewerRole, r)}
          </span>
        ))}
        {fieldError(errors, 'role') && <span className="field-error">{fieldError(errors, 'role')}</span>}
      </div>
      <div className="field">
        <label htmlFor="invite-expiry">Link valid for</label>
        <select id="invite-expiry" name="expiresInHours" value={expiresInHours} onChange={(e) => setExpiresInHours(Number(e.target.value))}>
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.hours} value={choice.hours}>
              {choice.label}
            </option>
          ))}
        </select>
        {fieldError(errors, 'expiresInHours') && <span className="field-error">{fieldError(errors, 'expiresInHours')}</span>}
      </div>
      <div className="field">
        <label htmlFor="invite-project">Project (optional)</label>
        <select id="invite-project" name="projectId" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
          <option value="">No project</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <span className="muted small">Accepting makes them a member of the project.</span>
        {fieldError(errors, 'projectId') && <span className="field-error">{fieldError(errors, 'projectId')}</span>}
      </div>
      <div className="field">
        <label htmlFor="invite-dataset">Dataset to share (optional)</label>
        <select id="invite-dataset" name="datasetId" value={datasetId} onChange={(e) => setDatasetId(e.target.value)}>
          <option value="">No dataset</option>
          {shareable.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
        {targets && shareable.length === 0 && <span className="muted small">You own no dataset you could share.</span>}
        {fieldError(errors, 'datasetId') && <span className="field-error">{fieldError(errors, 'datasetId')}</span>}
      </div>
      {datasetId && (
        <div className="field">
          <label htmlFor="invite-dataset-permission">Dataset access</label>
          <select
            id="invite-dataset-permission"
            name="datasetPermission"
            value={datasetPermission}
            onChange={(e) => setDatasetPermission(e.target.value as DatasetInvitationPermission)}
          >
            <option value="VIEWER">Viewer (read)</option>
            <option value="EDITOR">Editor (read and upload)</option>
          </select>
          {fieldError(errors, 'datasetPermission') && <span className="field-error">{fieldError(errors, 'datasetPermission')}</span>}
        </div>
      )}
      <FormFooter error={errors.form} busy={result.fetching} submitLabel="Send invitation" busyLabel="Inviting…" onCancel={onClose} />
    </form>
  );
}

function CreatedInvitationPanel({ email, link, onClose, onAnother }: { email: string; link: string; onClose(): void; onAnother(): void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      // No clipboard outside a secure context (plain http on a LAN address): the user copies by hand.
      setCopied('no');
    }
  }

  return (
    <div className="card form inline-form" role="region" aria-label="Invitation created">
      <h2>Invitation created</h2>
      <p>
        Send this link to <strong>{email}</strong>. It is shown only now: copy it before closing.
      </p>
      <div className="copy-row">
        <input readOnly aria-label="Accept link" data-testid="accept-link" value={link} onFocus={(e) => e.target.select()} />
        <button type="button" className="secondary" onClick={() => void copy()}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {copied === 'no' && <p className="muted small">This browser blocked copying: select the link and copy it by hand.</p>}
      <div className="form-actions">
        <button type="button" className="secondary" onClick={onAnother}>
          Invite another
        </button>
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}
