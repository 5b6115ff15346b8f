/**
 * `/invite/<token>`: what the invitation offers (`invitationPreview`, public), then a name and a
 * password; `acceptInvitation` creates or links the account and logs the new user in.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { InvitationStatus } from '../../gql/graphql';
import type { SessionTokens } from '../../session';
import { CREDENTIAL_CHECK } from '../../urql-client';
import { navigate } from '../navigation';
import { roleLabel } from '../roles';
import { sessionTokensOf } from './auth-session';
import { Field } from '../ui/Field';
import { fieldError, readFormErrors } from '../ui/form-errors';
import { useDocumentTitle } from '../use-document-title';
import { formatTime } from '../training/times';

const InvitationPreviewQuery = graphql(`
  query InvitationPreview($token: String!) {
    invitationPreview(token: $token) {
      email
      role
      organizationName
      status
      expiresAt
    }
  }
`);

const AcceptInvitationMutation = graphql(`
  mutation AcceptInvitation($token: String!, $password: String!, $fullName: String!) {
    acceptInvitation(token: $token, password: $password, fullName: $fullName) {
      ...AuthSession_payload
    }
  }
`);

const CLOSED: Record<Exclude<InvitationStatus, 'PENDING'>, string> = {
  ACCEPTED: 'This invitation has already been accepted. Log in with the account it created.',
  REVOKED: 'This invitation was revoked. Ask the person who invited you for a new one.',
  EXPIRED: 'This invitation has expired. Ask the person who invited you for a new one.',
};

interface AcceptInvitationPageProps {
  token: string;
  onLoggedIn(tokens: SessionTokens): void;
}

export function AcceptInvitationPage({ token, onLoggedIn }: AcceptInvitationPageProps) {
  useDocumentTitle('Join');
  const [{ data, error, fetching }] = useQuery({ query: InvitationPreviewQuery, variables: { token } });
  const preview = data?.invitationPreview;

  return (
    <main className="login">
      <div className="card login-card" aria-labelledby="invite-title" role="region">
        <h1 id="invite-title">Join Vision Platform</h1>
        {fetching && !data && <p className="muted">Loading the invitation…</p>}
        {error && !preview && (
          <p className="error" role="alert">
            {readFormErrors(error).form ?? 'This invitation link is not valid.'}
          </p>
        )}
        {data && !preview && !error && (
          <p className="error" role="alert">
            This invitation link is not valid. Check that you copied all of it.
          </p>
        )}
        {preview && (
          <>
            <p data-testid="invitation-summary">
              <strong>{preview.email}</strong> is invited to {preview.organizationName ? <strong>{preview.organizationName}</strong> : 'Vision Platform'} as{' '}
              <strong>{roleLabel(preview.role)}</strong>.
            </p>
            {preview.status === 'PENDING' ? (
              <AcceptForm token={token} expiresAt={preview.expiresAt} onLoggedIn={onLoggedIn} />
            ) : (
              <p className="notice" role="status">
                {CLOSED[preview.status]}
              </p>
            )}
          </>
        )}
        <p className="muted small">
          <a href="/">Log in instead</a>
        </p>
      </div>
    </main>
  );
}

function AcceptForm({ token, expiresAt, onLoggedIn }: { token: string; expiresAt: string; onLoggedIn(tokens: SessionTokens): void }) {
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [result, accept] = useMutation(AcceptInvitationMutation);
  const errors = readFormErrors(result.error);
  const tokenError = fieldError(errors, 'token', 'invitationToken');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data } = await accept({ token, password, fullName: fullName.trim() }, CREDENTIAL_CHECK);
    if (!data) return;
    onLoggedIn(sessionTokensOf(data.acceptInvitation));
    navigate('/', { replace: true });
  }

  return (
    <form className="form" onSubmit={submit}>
      <p className="muted small">The invitation is valid until {formatTime(expiresAt)}.</p>
      <Field label="Full name" name="fullName" autoComplete="name" required value={fullName} onChange={setFullName} error={fieldError(errors, 'fullName')} />
      <Field
        label="Password"
        type="password"
        name="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={setPassword}
        error={fieldError(errors, 'password')}
        hint="At least 8 characters, not only digits, and not your e-mail."
      />
      {(tokenError ?? errors.form) && (
        <p className="error" role="alert">
          {tokenError ?? errors.form}
        </p>
      )}
      <button type="submit" className="primary" disabled={result.fetching}>
        {result.fetching ? 'Creating your account…' : 'Accept invitation'}
      </button>
    </form>
  );
}
