/** The logged-in shell: a header with the user and Logout, and the training jobs below. */
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { TrainingJobsPage } from './TrainingJobsPage';
import { roleLabel } from './roles';

const MeQuery = graphql(`
  query Me {
    me {
      id
      email
      role
    }
  }
`);

interface ConsolePageProps {
  onLogout(): void;
  onSessionInvalid(): void;
}

export function ConsolePage({ onLogout, onSessionInvalid }: ConsolePageProps) {
  const [{ data, error, fetching }] = useQuery({ query: MeQuery });
  const me = data?.me;
  // A token the gateway accepts always yields a user; no user means the token is not usable.
  const lostSession = !fetching && !error && data !== undefined && !me;
  useEffect(() => {
    if (lostSession) onSessionInvalid();
  }, [lostSession, onSessionInvalid]);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          Vision Platform <span className="muted">console</span>
        </div>
        <nav className="header-links">
          <a href="/explorer">Explorer</a>
        </nav>
        {me && (
          <div className="who" data-testid="current-user">
            <span className="who-email">{me.email}</span>
            <span className="role-chip">{roleLabel(me.role)}</span>
          </div>
        )}
        <button type="button" className="secondary" onClick={onLogout}>
          Log out
        </button>
      </header>
      <main className="content">
        {error && !me && (
          <p className="error" role="alert">
            Could not load your account: {error.message}
          </p>
        )}
        {me && <TrainingJobsPage role={me.role} />}
      </main>
    </div>
  );
}
