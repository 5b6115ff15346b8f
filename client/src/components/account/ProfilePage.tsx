/** The viewer's own account: full name, and a password change with field-level errors. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { CREDENTIAL_CHECK } from '../../urql-client';
import { roleLabel } from '../roles';
import { Field } from '../ui/Field';
import { fieldError, readFormErrors } from '../ui/form-errors';
import { useDocumentTitle } from '../use-document-title';

const ProfileQuery = graphql(`
  query Profile {
    me {
      id
      email
      fullName
      role
      createdAt
      organization {
        id
        name
      }
    }
  }
`);

const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($fullName: String!) {
    updateProfile(fullName: $fullName) {
      id
      fullName
    }
  }
`);

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export function ProfilePage() {
  useDocumentTitle('Profile');
  const [{ data, error }] = useQuery({ query: ProfileQuery });
  const me = data?.me;
  return (
    <section aria-labelledby="profile-title" className="page-narrow">
      <div className="section-head">
        <h1 id="profile-title">Profile</h1>
      </div>
      {error && !me && (
        <p className="error" role="alert">
          Could not load your profile: {error.message}
        </p>
      )}
      {me && (
        <>
          <dl className="facts card">
            <dt>E-mail</dt>
            <dd>{me.email}</dd>
            <dt>Role</dt>
            <dd>{roleLabel(me.role)}</dd>
            <dt>Organization</dt>
            <dd>{me.organization?.name ?? <span className="muted">none</span>}</dd>
          </dl>
          <NameForm fullName={me.fullName ?? ''} />
          <PasswordForm />
        </>
      )}
    </section>
  );
}

function NameForm({ fullName: saved }: { fullName: string }) {
  const [fullName, setFullName] = useState(saved);
  const [result, update] = useMutation(UpdateProfileMutation);
  const errors = readFormErrors(result.error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await update({ fullName: fullName.trim() });
  }

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="name-title">
      <h2 id="name-title">Name</h2>
      <Field label="Full name" name="fullName" autoComplete="name" required value={fullName} onChange={setFullName} error={fieldError(errors, 'fullName')} />
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      {result.data && !result.error && (
        <p className="success" role="status">
          Saved.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={result.fetching || fullName.trim() === saved}>
          {result.fetching ? 'Saving…' : 'Save name'}
        </button>
      </div>
    </form>
  );
}

function PasswordForm() {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [result, change] = useMutation(ChangePasswordMutation);
  const errors = readFormErrors(result.error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Checked here because the server never sees the confirmation.
    if (newPassword !== confirmation) return setMismatch(true);
    setMismatch(false);
    const { data } = await change({ currentPassword, newPassword }, CREDENTIAL_CHECK);
    if (data?.changePassword) {
      setCurrentPassword('');
      setNewPassword('');
      setConfirmation('');
    }
  }

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <Field
        label="Current password"
        type="password"
        name="currentPassword"
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={setCurrentPassword}
        error={fieldError(errors, 'currentPassword')}
      />
      <Field
        label="New password"
        type="password"
        name="newPassword"
        autoComplete="new-password"
        required
        value={newPassword}
        onChange={setNewPassword}
        error={fieldError(errors, 'newPassword', 'password')}
      />
      <Field
        label="Repeat new password"
        type="password"
        name="confirmation"
        autoComplete="new-password"
        required
        value={confirmation}
        onChange={setConfirmation}
        error={mismatch ? 'The two new passwords differ.' : null}
      />
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      {result.data?.changePassword && !mismatch && (
        <p className="success" role="status">
          Password changed.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={result.fetching}>
          {result.fetching ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
