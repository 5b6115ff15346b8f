/**
 * Invite someone by e-mail with a role and an expiry. The answer carries the secret token once;
 * the form shows the accept link to copy and never again (the server stores only its hash).
 */
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { UserRole } from '../../gql/graphql';
import { Field } from '../ui/Field';
import { FormFooter } from '../ui/FormFooter';
import { fieldError, readFormErrors } from '../ui/form-errors';
import { ROLES, inviteRoleDenial, roleLabel } from '../roles';

const InviteUserMutation = graphql(`
  mutation InviteUser($email: String!, $role: UserRole!, $organizationId: ID!, $expiresInHours: Int!) {
    inviteUser(input: { email: $email, role: $role, organizationId: $organizationId, expiresInHours: $expiresInHours }) {
      token
      acceptUrl
      invitation {
        id
        email
        role
        status
        expiresAt
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
  const [result, invite] = useMutation(InviteUserMutation);
  const [created, setCreated] = useState<{ email: string; link: string } | null>(null);
  const errors = readFormErrors(result.error);
  const forbiddenRoles = ROLES.filter((r) => inviteRoleDenial(viewerRole, r) !== null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data } = await invite({ email: email.trim(), role, organizationId, expiresInHours });
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
