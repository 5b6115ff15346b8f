/**
 * Logs out on the server first (`logout(refreshToken)` revokes the refresh token, so a copy of
 * it cannot renew the session), then forgets the tokens locally — even when the server cannot be
 * reached, because the user asked to leave.
 */
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { readRefreshToken } from '../../session';
import { CREDENTIAL_CHECK } from '../../urql-client';

const LogoutMutation = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

export function LogoutButton({ onLoggedOut }: { onLoggedOut(): void }) {
  const [{ fetching }, logout] = useMutation(LogoutMutation);

  async function logOut() {
    const refreshToken = readRefreshToken();
    if (refreshToken) await logout({ refreshToken }, CREDENTIAL_CHECK);
    onLoggedOut();
  }

  return (
    <button type="button" className="secondary" disabled={fetching} onClick={() => void logOut()}>
      {fetching ? 'Logging out…' : 'Log out'}
    </button>
  );
}
