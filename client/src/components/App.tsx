/**
 * Decides between the invitation page, the login page and the console, and provides the urql
 * client of the current session. A refused token is renewed once with the refresh token; when
 * that fails the user returns to login with "Your session has expired" (see `useSession`).
 */
import { Provider } from 'urql';
import { LoginPage } from './LoginPage';
import { ConsolePage } from './ConsolePage';
import { AcceptInvitationPage } from './account/AcceptInvitationPage';
import { useSession } from './account/use-session';
import { usePath } from './navigation';

/** `/invite/<token>`: the link an invitation e-mail (or the inviter) hands out; works logged out. */
const INVITE_PATH = /^\/invite\/([^/]+)\/?$/;

/** A mangled link (a stray `%`) still reaches the page, which then says the link is not valid. */
function decodeToken(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function App() {
  const session = useSession();
  const path = usePath();
  const invitation = INVITE_PATH.exec(path)?.[1];

  return (
    <Provider value={session.client}>
      {invitation ? (
        <AcceptInvitationPage token={decodeToken(invitation)} onLoggedIn={session.logIn} />
      ) : session.restoring ? (
        <main className="login">
          <p className="muted" role="status">
            Renewing your session…
          </p>
        </main>
      ) : session.token ? (
        <ConsolePage onLoggedOut={() => session.end('You have logged out.')} onSessionInvalid={session.renew} />
      ) : (
        <LoginPage notice={session.notice} onLoggedIn={session.logIn} />
      )}
    </Provider>
  );
}
