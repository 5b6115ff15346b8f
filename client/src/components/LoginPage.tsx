import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import type { SessionTokens } from '../session';
import { CREDENTIAL_CHECK } from '../urql-client';
import { readFormErrors } from './ui/form-errors';
import { sessionTokensOf } from './account/auth-session';
import { useDocumentTitle } from './use-document-title';

const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      ...AuthSession_payload
    }
  }
`);

interface LoginPageProps {
  notice: string | null;
  onLoggedIn(tokens: SessionTokens): void;
}

export function LoginPage({ notice, onLoggedIn }: LoginPageProps) {
  useDocumentTitle('Log in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [result, login] = useMutation(LoginMutation);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data } = await login({ email: email.trim(), password }, CREDENTIAL_CHECK);
    if (data) onLoggedIn(sessionTokensOf(data.login));
  }

  // Wrong e-mail and wrong password get one message from the server; RATE_LIMITED says when to retry.
  const errors = readFormErrors(result.error);
  const error = errors.form ?? (Object.values(errors.fields).join(' ') || null);

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Vision Platform</h1>
        <p className="muted">Log in to follow your training jobs.</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label>
          E-mail
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={result.fetching}>
          {result.fetching ? 'Logging in…' : 'Log in'}
        </button>
        {import.meta.env.DEV && <p className="muted small">Development: admin@example.com / devpass</p>}
        <p className="muted small">
          <a href="/explorer">GraphQL explorer</a>
        </p>
      </form>
    </main>
  );
}
